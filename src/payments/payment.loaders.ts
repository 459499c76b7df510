import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { Payment } from './payment.entity';
import { PAYMENT_COLUMNS, REFUND_COLUMNS } from './payment-rows';
import { Refund } from './refund.entity';

/** Groups rows by a key, answering in the order DataLoader asked (empty list when none). */
function groupBy<R>(keys: readonly string[], rows: R[], keyOf: (row: R) => string): R[][] {
  const map = new Map<string, R[]>(keys.map((k) => [k, []]));
  for (const row of rows) map.get(keyOf(row))?.push(row);
  return keys.map((k) => map.get(k) ?? []);
}

/** One query for the payments of every invoice in the request, oldest first. */
export const paymentsByInvoiceLoader = (ds: DataSource, tenantId: string) =>
  new DataLoader<string, Payment[]>(async (invoiceIds) => {
    const rows: Payment[] = await ds.query(
      `SELECT ${PAYMENT_COLUMNS} FROM payment WHERE tenant_id = $1 AND invoice_id = ANY($2::uuid[]) ORDER BY created_date, id`,
      [tenantId, invoiceIds],
    );
    return groupBy(invoiceIds, rows, (r) => r.invoiceId);
  });

/** One query for the refunds of every payment in the request, oldest first. */
export const refundsByPaymentLoader = (ds: DataSource, tenantId: string) =>
  new DataLoader<string, Refund[]>(async (paymentIds) => {
    const rows: Refund[] = await ds.query(
      `SELECT ${REFUND_COLUMNS} FROM refund WHERE tenant_id = $1 AND payment_id = ANY($2::uuid[]) ORDER BY created_date, id`,
      [tenantId, paymentIds],
    );
    return groupBy(paymentIds, rows, (r) => r.paymentId);
  });
