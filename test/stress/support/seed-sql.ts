import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

/**
 * Many invoices in two set-based statements (the factories insert one by one, too slow for tens
 * of thousands). Every invoice has one line item of `unitPrice` and no tax, so amount = unitPrice.
 */
export async function insertManyInvoices(
  ds: DataSource,
  tenantId: string,
  options: { count: number; status: 'DRAFT' | 'ACTIVE'; unitPrice: string; prefix: string; currency?: string },
): Promise<void> {
  const customerId = randomUUID();
  await ds.query(
    `INSERT INTO customer (tenant_id, id, company_name, billing_address) VALUES ($1, $2, $3, '{}'::jsonb)`,
    [tenantId, customerId, `Bulk customer ${options.prefix}`],
  );
  await ds.query(
    `INSERT INTO invoice (tenant_id, id, invoice_number, customer_id, status, payment_status, currency_iso_code,
        invoice_date, due_date, payment_terms, subtotal, amount_without_tax, amount, amount_paid, balance, activated_time)
     SELECT $1, gen_random_uuid(), $2 || lpad(g::text, 7, '0'), $3, $4, 'UNPAID', $6,
        DATE '2025-07-01', DATE '2025-07-31', 'Net30', $5::numeric, $5::numeric, $5::numeric, 0, $5::numeric,
        CASE WHEN $4 = 'ACTIVE' THEN now() END
       FROM generate_series(1, $7::int) g`,
    [tenantId, options.prefix, customerId, options.status, options.unitPrice, options.currency ?? 'USD', options.count],
  );
  await ds.query(
    `INSERT INTO invoice_line_item (tenant_id, id, invoice_id, line_number, description, quantity, unit_price, amount)
     SELECT tenant_id, gen_random_uuid(), id, 1, 'Service', 1, amount, amount
       FROM invoice WHERE tenant_id = $1 AND invoice_number LIKE $2 || '%'`,
    [tenantId, options.prefix],
  );
}
