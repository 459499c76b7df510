import { DataSource, EntityManager } from 'typeorm';
import { PaymentMethod, PaymentRecordStatus } from '../../lifecycle/payment-enums';
import { deriveLedgerFigures } from '../ledger-figures';
import { InvoiceStatus } from '../invoice-status';
import { Invoice } from '../invoice.entity';
import { invoiceSelectList } from './invoice-rows';
import { PreparedInvoice } from './prepared-invoice';

/** A prepared input with what the database lookups decided for it: its id, number and parties. */
export interface InvoiceToInsert {
  prepared: PreparedInvoice;
  id: string;
  invoiceNumber: string;
  customerId: string;
  billToContactId: string | null;
}

/** An import's figures by the one rule: what was paid before is its one completed payment on the ledger. */
const figures = (r: InvoiceToInsert) => deriveLedgerFigures(r.prepared.totals.amount, { completed: r.prepared.amountPaid, refunded: '0' }, r.prepared.currency);

// Column, PostgreSQL type, value: the one list both the JSON rows and the statement are built from.
type Spec<T> = ReadonlyArray<readonly [column: string, type: string, value: (row: T) => unknown]>;

const INVOICE_COLUMNS: Spec<InvoiceToInsert> = [
  ['id', 'uuid', (r) => r.id],
  ['invoice_number', 'text', (r) => r.invoiceNumber],
  ['external_id', 'text', (r) => r.prepared.input.externalId ?? null],
  ['order_id', 'text', (r) => r.prepared.input.orderId ?? null],
  ['order_number', 'text', (r) => r.prepared.input.orderNumber ?? null],
  ['customer_id', 'uuid', (r) => r.customerId],
  ['bill_to_contact_id', 'uuid', (r) => r.billToContactId],
  ['sales_account_id', 'text', (r) => r.prepared.input.salesAccountId ?? null],
  ['sales_rep', 'jsonb', (r) => r.prepared.input.salesRep ?? null],
  ['status', 'text', () => InvoiceStatus.DRAFT],
  ['payment_status', 'text', (r) => figures(r).paymentStatus],
  ['invoice_date', 'date', (r) => r.prepared.input.invoiceDate ?? null],
  ['due_date', 'date', (r) => r.prepared.dueDate],
  ['start_date', 'date', (r) => r.prepared.input.startDate ?? null],
  ['end_date', 'date', (r) => r.prepared.input.endDate ?? null],
  ['target_date', 'date', (r) => r.prepared.input.targetDate ?? null],
  ['payment_terms', 'text', (r) => r.prepared.input.paymentTerms ?? null],
  ['currency_iso_code', 'text', (r) => r.prepared.currency],
  ['po_number', 'text', (r) => r.prepared.input.poNumber ?? null],
  ['notes', 'text', (r) => r.prepared.input.notes ?? null],
  ['subtotal', 'numeric', (r) => r.prepared.totals.subtotal],
  ['discount_code', 'text', (r) => r.prepared.input.discount?.code ?? null],
  ['discount_type', 'text', (r) => r.prepared.input.discount?.type ?? null],
  ['discount_value', 'numeric', (r) => r.prepared.input.discount?.value ?? null],
  ['discount_description', 'text', (r) => r.prepared.input.discount?.description ?? null],
  ['discount_amount', 'numeric', (r) => r.prepared.totals.discountAmount],
  ['amount_without_tax', 'numeric', (r) => r.prepared.totals.amountWithoutTax],
  ['tax_amount', 'numeric', (r) => r.prepared.totals.taxAmount],
  ['shipping_and_handling', 'numeric', (r) => r.prepared.totals.shippingAndHandling],
  ['amount', 'numeric', (r) => r.prepared.totals.amount],
  ['amount_paid', 'numeric', (r) => figures(r).amountPaid],
  ['balance', 'numeric', (r) => figures(r).balance],
  ['is_active', 'boolean', (r) => r.prepared.isActive],
  ['custom_fields', 'jsonb', (r) => r.prepared.input.customFields ?? null],
  // The total an import supplied is authoritative (the lifecycle guard totalNotImported).
  ['imported_invoice_total', 'numeric', (r) => (r.prepared.input.importedInvoiceTotal != null ? r.prepared.totals.amount : null)],
];

interface LineRow { invoice: InvoiceToInsert; index: number }

const LINE_COLUMNS: Spec<LineRow> = [
  ['invoice_id', 'uuid', (l) => l.invoice.id],
  ['line_number', 'integer', (l) => l.index + 1],
  ['product_code', 'text', (l) => l.invoice.prepared.input.lineItems![l.index].productCode ?? null],
  ['description', 'text', (l) => l.invoice.prepared.input.lineItems![l.index].description],
  ['quantity', 'numeric', (l) => l.invoice.prepared.totals.lines[l.index].quantity],
  ['unit_price', 'numeric', (l) => l.invoice.prepared.totals.lines[l.index].unitPrice],
  ['discount_amount', 'numeric', (l) => l.invoice.prepared.totals.lines[l.index].discountAmount],
  ['tax_amount', 'numeric', (l) => l.invoice.prepared.totals.lines[l.index].taxAmount],
  ['amount', 'numeric', (l) => l.invoice.prepared.totals.lines[l.index].amount],
  ['start_date', 'date', (l) => l.invoice.prepared.input.lineItems![l.index].startDate ?? null],
  ['end_date', 'date', (l) => l.invoice.prepared.input.lineItems![l.index].endDate ?? null],
];

/** Rows as a JSON array of arrays (column order of the spec): compact; as jsonb, parsed once and each value found directly. */
function jsonRows<T>(spec: Spec<T>, rows: readonly T[]): string {
  return JSON.stringify(rows.map((row) => spec.map(([, , value]) => value(row))));
}

/** `(r->>0)::uuid AS id, ...`: one column per spec entry, out of a JSON array element `r`. */
function columnsOf<T>(spec: Spec<T>, alias: string): string {
  return spec
    .map(([column, type], k) => (type === 'jsonb' ? `nullif(${alias}->${k}, 'null'::jsonb) AS ${column}` : `(${alias}->>${k})::${type} AS ${column}`))
    .join(', ');
}

const names = <T>(spec: Spec<T>, prefix = '') => spec.map(([column]) => prefix + column).join(', ');

let statement: string | undefined;

/**
 * The whole batch in ONE statement of data-modifying CTEs: the invoices (in invoiceNumber order,
 * so concurrent imports of the same numbers cannot deadlock), their lines, the IMPORTED payment
 * of each imported invoice that was partly paid before, and a CREATE history entry each. A number
 * another transaction took meanwhile is skipped (ON CONFLICT DO NOTHING), and so are its lines,
 * payment and history; the caller finds it among the returned rows' absentees. Returns the
 * inserted invoices, entity-shaped, by id.
 */
export async function insertInvoices(ds: DataSource, m: EntityManager, tenantId: string, actorId: string | null, rows: readonly InvoiceToInsert[]): Promise<Map<string, Invoice>> {
  if (rows.length === 0) return new Map();
  statement ??= `
    WITH r AS (
      SELECT ${columnsOf(INVOICE_COLUMNS, 'e')}, e->${INVOICE_COLUMNS.length} AS history_changes
      FROM jsonb_array_elements($2::jsonb) AS e
    ), ins AS (
      INSERT INTO invoice (tenant_id, ${names(INVOICE_COLUMNS)}, created_by_id, last_modified_by_id)
      SELECT $1, ${names(INVOICE_COLUMNS, 'r.')}, $3, $3 FROM r ORDER BY r.invoice_number
      ON CONFLICT (tenant_id, invoice_number) DO NOTHING
      RETURNING *
    ), lines AS (
      INSERT INTO invoice_line_item (tenant_id, id, ${names(LINE_COLUMNS)})
      SELECT $1, gen_random_uuid(), ${names(LINE_COLUMNS, 'l.')}
      FROM (SELECT ${columnsOf(LINE_COLUMNS, 'e')} FROM jsonb_array_elements($4::jsonb) AS e) l
      JOIN ins ON ins.id = l.invoice_id
    ), pay AS (
      INSERT INTO payment (tenant_id, id, invoice_id, amount, currency, method, status, received_date, notes, created_by_id, completed_at, refunded_amount)
      SELECT $1, gen_random_uuid(), ins.id, ins.amount_paid, ins.currency_iso_code, '${PaymentMethod.IMPORTED}', '${PaymentRecordStatus.COMPLETED}',
        ins.invoice_date, 'Amount paid before import (importedInvoiceTotal - importedBalance)', $3, now(),
        round(0::numeric, scale(ins.amount_paid)) -- nothing refunded, in the currency's minor unit (as amount_paid is)
      FROM ins WHERE ins.amount_paid <> 0
    ), hist AS (
      INSERT INTO invoice_history (tenant_id, id, invoice_id, action, from_status, to_status, actor_id, changes)
      SELECT $1, gen_random_uuid(), ins.id, 'CREATE', NULL, '${InvoiceStatus.DRAFT}', $3, nullif(r.history_changes, 'null'::jsonb)
      FROM ins JOIN r ON r.id = ins.id
    )
    SELECT ${invoiceSelectList(ds)} FROM ins i`;
  const invoiceJson = JSON.stringify(rows.map((row) => [...INVOICE_COLUMNS.map(([, , value]) => value(row)), historyChanges(row.prepared)]));
  const lines = rows.flatMap((invoice) => (invoice.prepared.input.lineItems ?? []).map((_, index) => ({ invoice, index })));
  const inserted: Invoice[] = await m.query(statement, [tenantId, invoiceJson, actorId, jsonRows(LINE_COLUMNS, lines)]);
  return new Map(inserted.map((r) => [r.id, r]));
}

/** The CREATE entry's `changes`: what an import brought besides the lines (null for a plain create). */
function historyChanges(p: PreparedInvoice): Record<string, unknown> | null {
  const i = p.input;
  if (i.importedInvoiceTotal == null && i.importedBalance == null && p.isActive) return null;
  return { imported: { invoiceTotal: i.importedInvoiceTotal ?? null, balance: i.importedBalance ?? null, amountPaid: p.amountPaid, isActive: p.isActive } };
}
