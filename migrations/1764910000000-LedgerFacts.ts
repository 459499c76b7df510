import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger and lifecycle facts, and stored money in its currency's minor unit:
 *
 * - `invoice.imported_invoice_total`: the total an import supplied (importedInvoiceTotal), which
 *   is authoritative (the lifecycle guard totalNotImported refuses recomputing it). Filled for
 *   existing invoices from their CREATE history entry, which recorded it.
 * - Every money column carries the currency's minor unit (JPY 0, USD 2, KWD 3): a payment's
 *   refunded_amount was stored as "0" whatever the currency; a draft whose currency changed kept
 *   its line amounts in the old precision (10.55 on a JPY invoice whose subtotal read 11, the
 *   line rounded in it). Amounts are re-scaled where that keeps their value, and line amounts
 *   (and a fixed discount) of such drafts rounded as their invoice's totals already were.
 * - paymentStatus by the one rule (src/invoices/ledger-figures.ts): nothing left to pay is PAID
 *   (a zero amount included), all money refunded is REFUNDED (a discount or an update wrote UNPAID).
 *
 * The minor units are this migration's own copy of src/common/money.ts as of now.
 */
const MINOR_UNIT = (code: string) => `(CASE WHEN ${code} IN ('BHD','IQD','JOD','KWD','LYD','OMR','TND') THEN 3
  WHEN ${code} IN ('BIF','CLP','DJF','GNF','ISK','JPY','KMF','KRW','PYG','RWF','UGX','UYI','VND','VUV','XAF','XOF','XPF') THEN 0 ELSE 2 END)`;

/**
 * `SET col = round(col, m)` for the columns (of the table aliased `t`) whose scale differs from
 * m; `exact`: only where that keeps the value.
 */
function rescale(columns: string[], m: string, exact: boolean): { set: string; where: string } {
  const differs = (c: string) => `(t.${c} IS NOT NULL AND scale(t.${c}) <> ${m}${exact ? ` AND scale(trim_scale(t.${c})) <= ${m}` : ''})`;
  return {
    set: columns.map((c) => `${c} = CASE WHEN ${differs(c)} THEN round(t.${c}, ${m}) ELSE t.${c} END`).join(', '),
    where: columns.map(differs).join(' OR '),
  };
}

export class LedgerFacts1764910000000 implements MigrationInterface {
  name = 'LedgerFacts1764910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE invoice ADD COLUMN imported_invoice_total numeric');
    await q.query(`
      UPDATE invoice i SET imported_invoice_total = (h.changes -> 'imported' ->> 'invoiceTotal')::numeric
      FROM invoice_history h
      WHERE h.tenant_id = i.tenant_id AND h.invoice_id = i.id AND h.action = 'CREATE'
        AND h.changes -> 'imported' ->> 'invoiceTotal' IS NOT NULL`);

    const inv = rescale(['subtotal', 'discount_amount', 'amount_without_tax', 'tax_amount', 'shipping_and_handling', 'amount', 'amount_paid',
      'balance', 'imported_invoice_total'], MINOR_UNIT('t.currency_iso_code'), true);
    await q.query(`UPDATE invoice t SET ${inv.set} WHERE ${inv.where}`);
    // A fixed discount is an amount; a percentage is not.
    const discount = rescale(['discount_value'], MINOR_UNIT('t.currency_iso_code'), false);
    await q.query(`UPDATE invoice t SET ${discount.set} WHERE t.discount_type = 'AMOUNT' AND (${discount.where})`);
    const lines = rescale(['discount_amount', 'tax_amount', 'amount'], MINOR_UNIT('i.currency_iso_code'), false);
    await q.query(`UPDATE invoice_line_item t SET ${lines.set} FROM invoice i
      WHERE i.tenant_id = t.tenant_id AND i.id = t.invoice_id AND (${lines.where})`);
    const pay = rescale(['amount', 'refunded_amount'], MINOR_UNIT('t.currency'), true);
    await q.query(`UPDATE payment t SET ${pay.set} WHERE ${pay.where}`);
    const ref = rescale(['amount'], MINOR_UNIT('p.currency'), true);
    await q.query(`UPDATE refund t SET ${ref.set} FROM payment p WHERE p.tenant_id = t.tenant_id AND p.id = t.payment_id AND (${ref.where})`);

    await q.query(`UPDATE invoice SET payment_status = 'PAID' WHERE amount <= amount_paid AND payment_status <> 'PAID'`);
    await q.query(`
      UPDATE invoice i SET payment_status = 'REFUNDED'
      WHERE i.payment_status = 'UNPAID' AND i.amount_paid = 0 AND i.amount > 0
        AND EXISTS (SELECT 1 FROM refund r WHERE r.tenant_id = i.tenant_id AND r.invoice_id = i.id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Re-scaled amounts and repaired statuses are correct under the old code too: only the column goes.
    await q.query('ALTER TABLE invoice DROP COLUMN imported_invoice_total');
  }
}
