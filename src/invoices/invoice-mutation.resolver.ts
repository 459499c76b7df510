import { Arg, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../schema/request-context';
import type { AppDeps } from '../app-deps';
import { IdempotencyKeyArg } from '../idempotency/idempotency-key.arg';
import { resolveIdempotencyKey } from '../idempotency/with-idempotency';
import { actorOf } from './commands/actor';
import { CommentService } from './commands/comment.service';
import { CreateInvoiceService } from './commands/create-invoice.service';
import { DiscountService } from './commands/discount.service';
import { UpdateInvoiceService } from './commands/update-invoice.service';
import { CreateInvoiceInput } from './inputs/create-invoice.input';
import { InvoiceDiscountInput } from './inputs/invoice-discount.input';
import { UpdateInvoiceInput } from './inputs/update-invoice.input';
import { CreateInvoicesResult } from './create-invoices-result.type';
import { Invoice } from './invoice.entity';
import { validatedApart, validateEach } from '../schema/validate-argument';

/** The idempotency key of a creating mutation: the argument or the Idempotency-Key header. */
const keyOf = (argument: string | null, ctx: RequestContext) => resolveIdempotencyKey(argument, ctx.idempotencyKey);

/** The single-invoice mutations of Nue and Nymble (bulk ones: src/bulk): parse, call the action's service, map. */
@Resolver()
export class InvoiceMutationResolver {
  private readonly creates: CreateInvoiceService;
  private readonly updates: UpdateInvoiceService;
  private readonly discounts: DiscountService;
  private readonly comments: CommentService;

  constructor(deps: AppDeps) {
    this.creates = new CreateInvoiceService(deps.dataSource);
    this.updates = new UpdateInvoiceService(deps.dataSource);
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
