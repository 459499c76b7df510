import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, registerEnumType, Resolver } from 'type-graphql';
import { requirePrincipal } from '../http/context';
import type { RequestContext } from '../http/context';
import type { AppDeps } from '../app-deps';
import { JSONObjectScalar } from '../common/scalars';
import { BulkInvoiceActionResult } from '../lifecycle/bulk-result.types';
import { Actor } from './commands/actor';
import { BulkTransitionService } from './commands/bulk-transition.service';
import { CommentService } from './commands/comment.service';
import { CreateInvoiceService, CreateOutcome } from './commands/create-invoice.service';
import { DiscountService } from './commands/discount.service';
import { UpdateInvoiceService } from './commands/update-invoice.service';
import { validationFailed } from './commands/validation';
import { ActivateInvoicesInput, CancelInvoicesInput, DeleteInvoicesInput, VoidInvoicesInput } from './inputs/bulk-selection.input';
import { CreateInvoiceInput } from './inputs/create-invoice.input';
import { InvoiceDiscountInput } from './inputs/invoice-discount.input';
import { UpdateInvoiceInput } from './inputs/update-invoice.input';
import { Invoice } from './invoice.entity';

registerEnumType(CreateOutcome, { name: 'InvoiceCreateOutcome', description: 'What createInvoices did with one input.' });

export const MAX_CREATE_BATCH = 1000;

@ObjectType({ description: 'Why one input of createInvoices failed.' })
class InvoiceInputError {
  @Field(() => String) code: string;
  @Field(() => String) message: string;
  @Field(() => [String], { nullable: true, description: 'Path of the offending value, e.g. ["inputs", "2", "lineItems", "0", "quantity"].' }) path: string[] | null;
  @Field(() => JSONObjectScalar, { nullable: true, description: 'The error extensions (fields, invoiceId, ...).' }) extensions: Record<string, unknown> | null;
}

@ObjectType()
class CreateInvoiceResult {
  @Field(() => Int) index: number;
  @Field(() => String, { nullable: true }) invoiceNumber: string | null;
  @Field(() => CreateOutcome) outcome: CreateOutcome;
  @Field(() => Invoice, { nullable: true }) invoice: Invoice | null;
  @Field(() => InvoiceInputError, { nullable: true }) error: InvoiceInputError | null;
}

@ObjectType({ description: 'createInvoices: counts and one result per input, in input order.' })
class CreateInvoicesResult {
  @Field(() => Int) createdCount: number;
  @Field(() => Int) existingCount: number;
  @Field(() => Int) softDeletedCount: number;
  @Field(() => Int) failedCount: number;
  @Field(() => [CreateInvoiceResult]) results: CreateInvoiceResult[];
}

const actorOf = (ctx: RequestContext): Actor => {
  const p = requirePrincipal(ctx);
  return { tenantId: p.tenantId, apiKeyId: p.apiKeyId };
};

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
    this.bulk = new BulkTransitionService(deps.dataSource);
    this.discounts = new DiscountService(deps.dataSource);
    this.comments = new CommentService(deps.dataSource);
  }

  @Mutation(() => Invoice, { description: 'Nymble POST /api/invoices: a DRAFT with computed totals, or an import (invoiceNumber, importedInvoiceTotal, importedBalance, isActive).' })
  async createInvoice(@Arg('input', () => CreateInvoiceInput) input: CreateInvoiceInput, @Ctx() ctx: RequestContext): Promise<Invoice> {
    return (await this.creates.createOne(actorOf(ctx), input)).invoice!;
  }

  @Mutation(() => CreateInvoicesResult, { description: 'Nymble bulk create/import, idempotent on invoiceNumber: a number that exists is reported as EXISTING and nothing is written.' })
  async createInvoices(@Arg('inputs', () => [CreateInvoiceInput]) inputs: CreateInvoiceInput[], @Ctx() ctx: RequestContext): Promise<CreateInvoicesResult> {
    const actor = actorOf(ctx);
    if (inputs.length > MAX_CREATE_BATCH) throw validationFailed([{ path: ['inputs'], message: `at most ${MAX_CREATE_BATCH} invoices per call` }]);
    const results = await this.creates.createMany(actor, inputs);
    const mapped = results.map((r, index) => ({
      index,
      invoiceNumber: r.invoice?.invoiceNumber ?? inputs[index].invoiceNumber ?? null,
      outcome: r.outcome,
      invoice: r.invoice,
      error: r.error
        ? {
            code: r.error.code,
            message: r.error.message,
            path: r.error.details.path ? r.error.details.path.map(String) : null,
            extensions: { ...r.error.extensions },
          }
        : null,
    }));
    const count = (o: CreateOutcome) => mapped.filter((r) => r.outcome === o).length;
    return {
      createdCount: count(CreateOutcome.CREATED),
      existingCount: count(CreateOutcome.EXISTING),
      softDeletedCount: count(CreateOutcome.SOFT_DELETED),
      failedCount: count(CreateOutcome.FAILED),
      results: mapped,
    };
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
  activateInvoices(@Arg('input', () => ActivateInvoicesInput) input: ActivateInvoicesInput, @Ctx() ctx: RequestContext): Promise<BulkInvoiceActionResult> {
    return this.bulk.activate(actorOf(ctx), input);
  }

  @Mutation(() => BulkInvoiceActionResult, { description: 'Nue cancel: DRAFT, PENDING_ACTIVATION or ACTIVE -> CANCELED (refused while money is paid).' })
  cancelInvoices(@Arg('input', () => CancelInvoicesInput) input: CancelInvoicesInput, @Ctx() ctx: RequestContext): Promise<BulkInvoiceActionResult> {
    return this.bulk.cancel(actorOf(ctx), input);
  }

  @Mutation(() => BulkInvoiceActionResult, { description: 'Nymble void: DRAFT or ACTIVE -> VOIDED (refused while money is paid).' })
  voidInvoices(@Arg('input', () => VoidInvoicesInput) input: VoidInvoicesInput, @Ctx() ctx: RequestContext): Promise<BulkInvoiceActionResult> {
    return this.bulk.void(actorOf(ctx), input);
  }

  @Mutation(() => BulkInvoiceActionResult, { description: 'Nue/Nymble delete: DRAFT, or CANCELED/VOIDED without any payment history, is deleted for good.' })
  deleteInvoices(@Arg('input', () => DeleteInvoicesInput) input: DeleteInvoicesInput, @Ctx() ctx: RequestContext): Promise<BulkInvoiceActionResult> {
    return this.bulk.delete(actorOf(ctx), input);
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
  addInvoiceComment(@Arg('invoiceId', () => ID) invoiceId: string, @Arg('comment', () => String) comment: string, @Ctx() ctx: RequestContext): Promise<Invoice> {
    return this.comments.add(actorOf(ctx), invoiceId, comment);
  }
}
