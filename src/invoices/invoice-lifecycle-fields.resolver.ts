import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../http/context';
import { ActionAvailability, availableActions } from '../lifecycle/action-availability.type';
import { BulkInvoiceResult } from '../lifecycle/bulk-result.types';
import { commentsLoader, factsLoader, historyLoader, invoiceByIdLoader } from '../lifecycle/lifecycle.loaders';
import { InvoiceComment } from './invoice-comment.entity';
import { InvoiceHistory } from './invoice-history.entity';
import { prefetched } from './invoice-nested-prefetch';
import { Invoice } from './invoice.entity';

/** Lifecycle fields of Invoice: prefetched with the invoice, or batched with a per-request DataLoader keyed by invoice id. */
@Resolver(() => Invoice)
export class InvoiceLifecycleFieldsResolver {
  @FieldResolver(() => [InvoiceHistory], { description: 'Every transition and edit, oldest first (action, from, to, actor, time, comment, changes).' })
  history(@Root() invoice: Invoice, @Ctx() ctx: RequestContext): InvoiceHistory[] | Promise<InvoiceHistory[]> {
    return prefetched<InvoiceHistory[]>(invoice, 'history') ?? historyLoader(ctx).load(invoice.id);
  }

  @FieldResolver(() => [InvoiceComment], { description: "Nue's invoice comments, oldest first, with createTime and author." })
  comments(@Root() invoice: Invoice, @Ctx() ctx: RequestContext): InvoiceComment[] | Promise<InvoiceComment[]> {
    return prefetched<InvoiceComment[]>(invoice, 'comments') ?? commentsLoader(ctx).load(invoice.id);
  }

  @FieldResolver(() => [ActionAvailability], { description: 'Each lifecycle action with whether it is allowed now and, if not, the error code it would fail with.' })
  async availableActions(
    @Root() invoice: Invoice,
    @Ctx() ctx: RequestContext,
    @Arg('allowed', () => Boolean, { nullable: true, description: 'Only the allowed (true) or refused (false) actions.' }) allowed?: boolean | null,
  ): Promise<ActionAvailability[]> {
    const facts = await factsLoader(ctx).load(invoice.id);
    if (!facts) return [];
    const all = availableActions(facts);
    return allowed == null ? all : all.filter((a) => a.allowed === allowed);
  }
}

@Resolver(() => BulkInvoiceResult)
export class BulkInvoiceResultResolver {
  @FieldResolver(() => Invoice, { nullable: true, description: 'The invoice as it is now (null when deleted or not found); loaded only when selected.' })
  invoice(@Root() result: BulkInvoiceResult, @Ctx() ctx: RequestContext): Promise<Invoice | null> | null {
    if (result.fromStatus == null) return null; // not found; a deleted invoice loads as null
    return invoiceByIdLoader(ctx).load(result.invoiceId);
  }
}
