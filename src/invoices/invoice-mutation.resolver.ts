import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Int, Mutation, Resolver } from 'type-graphql';
import { requirePrincipal } from '../http/context';
import type { RequestContext } from '../http/context';
import type { AppDeps } from '../app-deps';
import { IdempotencyKeyArg } from '../idempotency/idempotency-key.arg';
import { resolveIdempotencyKey } from '../idempotency/with-idempotency';
import { BulkInvoiceActionResult } from '../lifecycle/bulk-result.types';
import { Actor } from './commands/actor';
import { BulkTransitionService } from './commands/bulk-transition.service';
import { CommentService } from './commands/comment.service';
import { CreateInvoiceService } from './commands/create-invoice.service';
import { DiscountService } from './commands/discount.service';
import { UpdateInvoiceService } from './commands/update-invoice.service';
import { ActivateInvoicesInput, CancelInvoicesInput, DeleteInvoicesInput, VoidInvoicesInput } from './inputs/bulk-selection.input';
import { CreateInvoiceInput } from './inputs/create-invoice.input';
import { InvoiceDiscountInput } from './inputs/invoice-discount.input';
import { UpdateInvoiceInput } from './inputs/update-invoice.input';
import { CreateInvoicesResult } from './create-invoices-result.type';
import { Invoice } from './invoice.entity';
import { selectedFields } from './invoice-row';
import { validatedApart, validateEach } from '../schema/validate-argument';

/** Per-invoice results cost a row per invoice end to end; a caller reading only the counts gets them from SQL alone. */
const asksForResults = (info: GraphQLResolveInfo) => selectedFields(info, [[]]).has('results');

const actorOf = (ctx: RequestContext): Actor => {
  const p = requirePrincipal(ctx);
  return { tenantId: p.tenantId, apiKeyId: p.apiKeyId };
};

/** The idempotency key of a creating mutation: the argument or the Idempotency-Key header. */
const keyOf = (argument: string | null, ctx: RequestContext) => resolveIdempotencyKey(argument, ctx.idempotencyKey);

/** Every lifecycle mutation of Nue and Nymble: parse, call the action's service, map. */
@Resolver()
export class InvoiceMutationResolver {
  private readonly creates: CreateInvoiceService;
  private readonly updates: UpdateInvoiceService;
  private readonly bulk: BulkTransitionService;
  private readonly discounts: DiscountService;
  private readonly comments: CommentService;

  constructor(deps: AppDeps) {
    this.creates = new CreateInvoiceService(deps.dataSource);
    this.updates = new UpdateInvoiceService(deps.dataSource);
    this.bulk = new BulkTransitionService(deps.dataSource, deps.config.bulkParallelism);
    this.discounts = new DiscountService(deps.dataSource);
    this.comments = new CommentService(deps.dataSource);
  }

  @Mutation(() => Invoice, { description: 'Nymble POST /api/invoices: a DRAFT with computed totals, or an import (invoiceNumber, importedInvoiceTotal, importedBalance, isActive).' })
  createInvoice(
    @Arg('input', () => CreateInvoiceInput) input: CreateInvoiceInput,
    @IdempotencyKeyArg() idempotencyKey: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Invoice> {
    return this.creates.createOne(actorOf(ctx), input, keyOf(idempotencyKey, ctx));
  }

  @Mutation(() => CreateInvoicesResult, { description: 'Nymble bulk create/import (at most 1,000 inputs), idempotent on invoiceNumber: a number that exists with the same content is EXISTING and nothing is written; with different content the input fails with INVOICE_NUMBER_CONFLICT naming the differing fields. One result per input; a failing input undoes nothing of the others.' })
  createInvoices(
    // Each input is validated apart: a bad one fails in its own result, not the whole call.
    @Arg('inputs', () => [CreateInvoiceInput], { validateFn: validatedApart }) inputs: CreateInvoiceInput[],
    @IdempotencyKeyArg() idempotencyKey: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<CreateInvoicesResult> {
    const actor = actorOf(ctx);
    const key = keyOf(idempotencyKey, ctx);
    return validateEach(inputs, 'inputs').then((invalid) => this.creates.createMany(actor, inputs, key, invalid));
  }

  @Mutation(() => Invoice, { description: 'Nue PATCH /billing/invoices/{id}: partial update; send `version` to refuse a stale write (VERSION_CONFLICT).' })
  updateInvoice(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateInvoiceInput) input: UpdateInvoiceInput,
    @Arg('version', () => Int, { nullable: true }) version: number | null | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Invoice> {
    return this.updates.update(actorOf(ctx), id, input, version);
  }

  @Mutation(() => BulkInvoiceActionResult, { description: 'Nue activate (Nymble issue): DRAFT -> ACTIVE, or PENDING_ACTIVATION when activateOn is in the future.' })
  activateInvoices(@Arg('input', () => ActivateInvoicesInput) input: ActivateInvoicesInput, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<BulkInvoiceActionResult> {
    return this.bulk.activate(actorOf(ctx), input, asksForResults(info));
  }

  @Mutation(() => BulkInvoiceActionResult, { description: 'Nue cancel: DRAFT, PENDING_ACTIVATION or ACTIVE -> CANCELED (refused while money is paid).' })
  cancelInvoices(@Arg('input', () => CancelInvoicesInput) input: CancelInvoicesInput, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<BulkInvoiceActionResult> {
    return this.bulk.cancel(actorOf(ctx), input, asksForResults(info));
  }

  @Mutation(() => BulkInvoiceActionResult, { description: 'Nymble void: DRAFT or ACTIVE -> VOIDED (refused while money is paid).' })
  voidInvoices(@Arg('input', () => VoidInvoicesInput) input: VoidInvoicesInput, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<BulkInvoiceActionResult> {
    return this.bulk.void(actorOf(ctx), input, asksForResults(info));
  }

  @Mutation(() => BulkInvoiceActionResult, { description: 'Nue/Nymble delete: DRAFT, or CANCELED/VOIDED without any payment history, is deleted for good.' })
  deleteInvoices(@Arg('input', () => DeleteInvoicesInput) input: DeleteInvoicesInput, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<BulkInvoiceActionResult> {
    return this.bulk.delete(actorOf(ctx), input, asksForResults(info));
  }

  @Mutation(() => Invoice, { description: 'Nymble apply discount (replaces an existing one); DRAFT, or ACTIVE with nothing paid.' })
  applyDiscount(
    @Arg('invoiceId', () => ID) invoiceId: string,
    @Arg('discount', () => InvoiceDiscountInput) discount: InvoiceDiscountInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Invoice> {
    return this.discounts.apply(actorOf(ctx), invoiceId, discount);
  }

  @Mutation(() => Invoice, { description: 'Nymble remove discount (line-item discounts stay).' })
  removeDiscount(@Arg('invoiceId', () => ID) invoiceId: string, @Ctx() ctx: RequestContext): Promise<Invoice> {
    return this.discounts.remove(actorOf(ctx), invoiceId);
  }

  @Mutation(() => Invoice, { description: "Adds a Nue invoice comment (shown in the invoice's comments and history)." })
  addInvoiceComment(
    @Arg('invoiceId', () => ID) invoiceId: string,
    @Arg('comment', () => String) comment: string,
    @IdempotencyKeyArg() idempotencyKey: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Invoice> {
    return this.comments.add(actorOf(ctx), invoiceId, comment, keyOf(idempotencyKey, ctx));
  }
}
