import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { AppDeps } from '../app-deps';
import { loader, requirePrincipal } from '../http/context';
import type { RequestContext } from '../http/context';
import { Invoice } from '../invoices/invoice.entity';
import { Payment } from './payment.entity';
import { paymentsByInvoiceLoader } from './payment.loaders';

/** `Invoice.payments`, batched per request (one query however many invoices a page holds). */
@Resolver(() => Invoice)
export class InvoicePaymentsResolver {
  constructor(private readonly deps: AppDeps) {}

  @FieldResolver(() => [Payment], { description: 'Every payment of the invoice (pending, completed, failed), oldest first, each with its refunds.' })
  payments(@Root() invoice: Invoice, @Ctx() ctx: RequestContext): Promise<Payment[]> {
    const { tenantId } = requirePrincipal(ctx);
    return loader(ctx, 'payments.byInvoice', () => paymentsByInvoiceLoader(this.deps.dataSource, tenantId)).load(invoice.id);
  }
}
