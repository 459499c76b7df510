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

/** The request's payments per invoice id: one query for every invoice asked, oldest first. */
export const paymentsLoader = (ctx: RequestContext) =>
  loader(ctx, 'payments.byInvoice', () => {
    const { tenantId } = requirePrincipal(ctx);
    return new DataLoader<string, Payment[]>(async (invoiceIds) => {
      const rows: Payment[] = await ctx.deps.dataSource.query(
        `SELECT ${PAYMENT_COLUMNS} FROM payment WHERE tenant_id = $1 AND invoice_id = ANY($2::uuid[]) ORDER BY created_date, id`,
        [tenantId, invoiceIds],
      );
      return groupBy(invoiceIds, rows, (r) => r.invoiceId);
    });
  });

/** The request's refunds per payment id: one query for every payment asked, oldest first. */
export const refundsLoader = (ctx: RequestContext) =>
  loader(ctx, 'refunds.byPayment', () => {
    const { tenantId } = requirePrincipal(ctx);
    return new DataLoader<string, Refund[]>(async (paymentIds) => {
      const rows: Refund[] = await ctx.deps.dataSource.query(
        `SELECT ${REFUND_COLUMNS} FROM refund WHERE tenant_id = $1 AND payment_id = ANY($2::uuid[]) ORDER BY created_date, id`,
        [tenantId, paymentIds],
      );
      return groupBy(paymentIds, rows, (r) => r.paymentId);
    });
  });
