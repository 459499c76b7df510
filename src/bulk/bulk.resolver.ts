import { Kind } from 'graphql';
import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Mutation, Resolver, Root } from 'type-graphql';
import type { AppDeps } from '../app-deps';
import { actorOf } from '../invoices/commands/actor';
import { Invoice } from '../invoices/invoice.entity';
import { rowById } from '../read/fallback';
import { INVOICE } from '../read/invoice.read';
import type { RequestContext } from '../schema/request-context';
import { BulkInvoiceActionResult, BulkInvoiceResult } from './bulk-result.types';
import { ActivateInvoicesInput, CancelInvoicesInput, DeleteInvoicesInput, VoidInvoicesInput } from './bulk-selection.input';
import { BulkTransitionService } from './bulk-transition.service';

/** Per-invoice results cost a row per invoice end to end; a caller reading only the counts gets them from SQL alone. */
function asksForResults(info: GraphQLResolveInfo): boolean {
  const selects = (set: SelectionSetNode | undefined): boolean =>
    !!set?.selections.some((s) => (s.kind === Kind.FIELD ? s.name.value === 'results' : selects(s.kind === Kind.INLINE_FRAGMENT ? s.selectionSet : info.fragments[s.name.value]?.selectionSet)));
  return info.fieldNodes.some((node) => selects(node.selectionSet));
}

/** The bulk lifecycle mutations of Nue and Nymble, over invoices selected by ids and/or the invoice filter. */
@Resolver()
export class BulkMutationResolver {
  private readonly bulk: BulkTransitionService;

  constructor(deps: AppDeps) {
    this.bulk = new BulkTransitionService(deps.dataSource, deps.config.bulkParallelism);
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
}

@Resolver(() => BulkInvoiceResult)
export class BulkInvoiceResultResolver {
  @FieldResolver(() => Invoice, { nullable: true, description: 'The invoice as it is now (null when deleted or not found); loaded only when selected.' })
  invoice(@Root() result: BulkInvoiceResult, @Ctx() ctx: RequestContext) {
    if (result.fromStatus == null) return null; // not found; a deleted invoice loads as null
    return rowById(ctx, INVOICE, result.invoiceId);
  }
}
