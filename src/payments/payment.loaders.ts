import DataLoader from 'dataloader';
import { loader, requirePrincipal } from '../http/context';
import type { RequestContext } from '../http/context';
import { Payment } from './payment.entity';
import { PAYMENT_COLUMNS, REFUND_COLUMNS } from './payment-rows';
import { Refund } from './refund.entity';

/** Groups rows by a key, answering in the order DataLoader asked (empty list when none). */
function groupBy<R>(keys: readonly string[], rows: R[], keyOf: (row: R) => string): R[][] {
  const map = new Map<string, R[]>(keys.map((k) => [k, []]));
  for (const row of rows) map.get(keyOf(row))?.push(row);
  return keys.map((k) => map.get(k) ?? []);
}

/** A request-scoped loader of rows grouped by the key `sql` takes as `$2` (tenant as `$1`). */
function groupedLoader<R>(ctx: RequestContext, name: string, sql: string, keyOf: (row: R) => string): DataLoader<string, R[]> {
  return loader(ctx, name, () => {
    const { tenantId } = requirePrincipal(ctx);
    return new DataLoader<string, R[]>(async (keys) => groupBy(keys, (await ctx.deps.dataSource.query(sql, [tenantId, keys])) as R[], keyOf));
  });
}

const PAYMENTS_OF_INVOICES = `SELECT ${PAYMENT_COLUMNS} FROM payment WHERE tenant_id = $1 AND invoice_id = ANY($2::uuid[]) ORDER BY created_date, id`;
const REFUNDS_OF_PAYMENTS = `SELECT ${REFUND_COLUMNS} FROM refund WHERE tenant_id = $1 AND payment_id = ANY($2::uuid[]) ORDER BY created_date, id`;

/** The request's payments per invoice id: one query for every invoice asked, oldest first. */
export const paymentsLoader = (ctx: RequestContext) => groupedLoader<Payment>(ctx, 'payments.byInvoice', PAYMENTS_OF_INVOICES, (r) => r.invoiceId);

/** The request's refunds per payment id: one query for every payment asked, oldest first. */
export const refundsLoader = (ctx: RequestContext) => groupedLoader<Refund>(ctx, 'refunds.byPayment', REFUNDS_OF_PAYMENTS, (r) => r.paymentId);
