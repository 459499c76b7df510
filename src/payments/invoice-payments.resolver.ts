import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../http/context';
import { prefetched } from '../invoices/invoice-nested-prefetch';
import { Invoice } from '../invoices/invoice.entity';
import { Payment } from './payment.entity';
import { paymentsLoader } from './payment.loaders';

/** `Invoice.payments`: prefetched by the root statement, or batched per request (one query however many invoices a page holds). */
@Resolver(() => Invoice)
export class InvoicePaymentsResolver {
  @FieldResolver(() => [Payment], { description: 'Every payment of the invoice (pending, completed, failed), oldest first, each with its refunds.' })
  payments(@Root() invoice: Invoice, @Ctx() ctx: RequestContext): Payment[] | Promise<Payment[]> {
    return prefetched<Payment[]>(invoice, 'payments') ?? paymentsLoader(ctx).load(invoice.id);
  }
}
