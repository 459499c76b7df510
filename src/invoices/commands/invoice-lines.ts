import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { LineTotals } from '../invoice-totals';
import { InvoiceLineItemInput } from '../inputs/invoice-line-item.input';
import { LineInput } from '../invoice-totals';

/** Inserts computed lines (1-based line numbers) with one multi-row statement. */
export async function insertLines(m: EntityManager, tenantId: string, invoiceId: string, inputs: InvoiceLineItemInput[], totals: LineTotals[]): Promise<void> {
  if (inputs.length === 0) return;
  const values: unknown[] = [];
  const rows = inputs.map((line, index) => {
    const t = totals[index];
    const base = values.length;
    values.push(tenantId, randomUUID(), invoiceId, index + 1, line.productCode ?? null, line.description, t.quantity, t.unitPrice,
      t.discountAmount, t.taxAmount, t.amount, line.startDate ?? null, line.endDate ?? null);
    return `(${Array.from({ length: 13 }, (_, k) => `$${base + k + 1}`).join(', ')})`;
  });
  await m.query(
    `INSERT INTO invoice_line_item (tenant_id, id, invoice_id, line_number, product_code, description, quantity, unit_price,
       discount_amount, tax_amount, amount, start_date, end_date) VALUES ${rows.join(', ')}`,
    values,
  );
}

/** The stored lines of an invoice as totals input, in line order. */
export async function loadLineInputs(m: EntityManager, tenantId: string, invoiceId: string): Promise<LineInput[]> {
  const rows: Array<{ quantity: string; unit_price: string; discount_amount: string; tax_amount: string }> = await m.query(
    `SELECT quantity, unit_price, discount_amount, tax_amount FROM invoice_line_item
     WHERE tenant_id = $1 AND invoice_id = $2 ORDER BY line_number`,
    [tenantId, invoiceId],
  );
  return rows.map((r) => ({ quantity: r.quantity, unitPrice: r.unit_price, discountAmount: r.discount_amount, taxAmount: r.tax_amount }));
}

/** Writes recomputed amounts onto the stored lines (same order as loadLineInputs), in one statement. */
export async function rewriteLineAmounts(m: EntityManager, tenantId: string, invoiceId: string, totals: LineTotals[]): Promise<void> {
  if (totals.length === 0) return;
  await m.query(
    `UPDATE invoice_line_item l SET discount_amount = t.discount_amount, tax_amount = t.tax_amount, amount = t.amount
     FROM unnest($3::int[], $4::numeric[], $5::numeric[], $6::numeric[]) AS t(line_number, discount_amount, tax_amount, amount)
     WHERE l.tenant_id = $1 AND l.invoice_id = $2 AND l.line_number = t.line_number`,
    [tenantId, invoiceId, totals.map((_, i) => i + 1), totals.map((t) => t.discountAmount), totals.map((t) => t.taxAmount), totals.map((t) => t.amount)],
  );
}
