import type { QueryRunner } from 'typeorm';
import { environmentConfig } from '../config';
import { ACTIVITY_TABLES, capture, seedInvoiceActivity } from './seed-activity';
import { CURRENCY_SQL, hash, pick } from './seed-sql';
import {
  CARD_BRANDS, NOTES, PAYMENT_METHODS, PAYMENT_TERM_DAYS, PAYMENT_TERMS, PRODUCTS, REGIONS, SALES_REPS,
} from './seed-vocabulary';

/**
 * Which statuses a seed produces: `realistic` spreads invoices over every status and payment
 * status, with comments and history; `draft` (bulk activation benchmark) and `active-unpaid`
 * (payment benchmark) make uniform sets, without comments or history.
 */
export type SeedMix = 'realistic' | 'draft' | 'active-unpaid';

const n = 'g.num';

/** A jsonb constant (folded once per statement, unlike jsonb_build_object which runs per row). */
const salesRepJson = JSON.stringify(SALES_REPS.map((r) => ({
  ...r, fullName: `${r.firstName} ${r.lastName}`, email: `${r.firstName}.${r.lastName}@seller.example.com`.toLowerCase(),
}))).replace(/'/g, "''");
const salesRepSql = `('${salesRepJson}'::jsonb -> (${hash(n, 30)} % ${SALES_REPS.length}))`;

/**
 * Step 1: one row per invoice with every per-invoice choice (customer, currency, status,
 * dates, terms, tax rate, discount, shipping, number of lines).
 */
const INVOICE_PLAN = `
CREATE TEMP TABLE seed_inv ON COMMIT DROP AS
SELECT g.num, gen_random_uuid() AS id, c.id AS customer_id, c.contact_id, c.idx AS cust_idx, c.currency,
  ${CURRENCY_SQL.scale('c.currency')} AS scale, ${CURRENCY_SQL.magnitude('c.currency')} AS magnitude,
  s.status,
  CASE
    WHEN s.status = 'ACTIVE' AND $4::text = 'realistic' THEN
      CASE WHEN ${hash(n, 22)} % 100 < 35 THEN 'UNPAID' WHEN ${hash(n, 22)} % 100 < 50 THEN 'PARTIALLY_PAID'
           WHEN ${hash(n, 22)} % 100 < 95 THEN 'PAID' ELSE 'REFUNDED' END
    WHEN s.status IN ('CANCELED', 'VOIDED') AND ${hash(n, 22)} % 100 < 15 THEN 'REFUNDED'
    ELSE 'UNPAID'
  END AS planned_payment_status,
  d.invoice_date, d.invoice_date + t.days AS due_date, t.terms,
  1 + ${hash(n, 25)} % 5 AS nlines,
  (ARRAY[0, 0.05, 0.08, 0.10, 0.20]::numeric[])[1 + ${hash(n, 26)} % 5] AS tax_rate,
  CASE WHEN ${hash(n, 27)} % 100 < 12 THEN 'PERCENTAGE' WHEN ${hash(n, 27)} % 100 < 17 THEN 'AMOUNT' END AS discount_type,
  ${hash(n, 28)} AS h28, ${hash(n, 29)} AS h29
FROM (SELECT $1::bigint + k AS num FROM generate_series(0, $2::int - 1) k) g
JOIN seed_customer c ON c.idx = ${hash(n, 1)} % $3::int
CROSS JOIN LATERAL (SELECT CASE
    WHEN $4::text = 'draft' THEN 'DRAFT'
    WHEN $4::text = 'active-unpaid' THEN 'ACTIVE'
    WHEN ${hash(n, 21)} % 100 < 10 THEN 'DRAFT'
    WHEN ${hash(n, 21)} % 100 < 13 THEN 'PENDING_ACTIVATION'
    WHEN ${hash(n, 21)} % 100 < 83 THEN 'ACTIVE'
    WHEN ${hash(n, 21)} % 100 < 93 THEN 'CANCELED'
    ELSE 'VOIDED' END AS status) s
CROSS JOIN LATERAL (SELECT current_date - (${hash(n, 23)} % 730) AS invoice_date) d
CROSS JOIN LATERAL (SELECT ${pick(PAYMENT_TERMS, `(${hash(n, 24)} % ${PAYMENT_TERMS.length})`)} AS terms,
  (ARRAY[${PAYMENT_TERM_DAYS.join(',')}])[1 + ${hash(n, 24)} % ${PAYMENT_TERMS.length}] AS days) t`;

/** Step 2: 1-5 line items per invoice, each rounded to the currency minor unit like computeTotals. */
const LINE_PLAN = `
CREATE TEMP TABLE seed_line ON COMMIT DROP AS
SELECT i.id AS invoice_id, l AS line_number, gen_random_uuid() AS id, a.product, a.qty, a.unit_price,
  b.gross - dd.ldisc AS amount, dd.ldisc, round((b.gross - dd.ldisc) * i.tax_rate, i.scale) AS tax
FROM seed_inv i
CROSS JOIN LATERAL generate_series(1, i.nlines) l
CROSS JOIN LATERAL (SELECT i.num * 8 + l AS ln) k
CROSS JOIN LATERAL (SELECT
    (${hash('k.ln', 31)} % ${PRODUCTS.length}) AS product,
    CASE WHEN ${hash('k.ln', 32)} % 10 < 8 THEN (1 + ${hash('k.ln', 33)} % 12)::numeric
         ELSE trim_scale((1 + ${hash('k.ln', 33)} % 24) * 0.25) END AS qty,
    round((500 + ${hash('k.ln', 34)} % 199500)::numeric / 100 * i.magnitude, i.scale) AS unit_price) a
CROSS JOIN LATERAL (SELECT round(a.qty * a.unit_price, i.scale) AS gross) b
CROSS JOIN LATERAL (SELECT CASE WHEN ${hash('k.ln', 35)} % 10 = 0 THEN round(b.gross * 0.1, i.scale)
                                ELSE round(0::numeric, i.scale) END AS ldisc) dd`;

/**
 * Step 3: invoice totals exactly as src/invoices/invoice-totals.ts computes them
 * (subtotal = sum of lines, discount capped at the subtotal, tax = sum of line taxes,
 * amount = subtotal - discount + tax + shipping) and the ledger outcome.
 */
const TOTALS_PLAN = `
CREATE TEMP TABLE seed_tot ON COMMIT DROP AS
SELECT i.id, x.subtotal, x.tax, dv.discount_value, da.discount_amount, sh.shipping, am.amount,
  ps.payment_status,
  CASE ps.payment_status
    WHEN 'PAID' THEN am.amount
    WHEN 'PARTIALLY_PAID' THEN pp.partial
    ELSE round(0::numeric, i.scale) END AS amount_paid,
  ps.payment_status = 'PAID' AND am.amount >= 1 AND ${hash('i.num', 44)} % 3 = 0 AS split
FROM seed_inv i
JOIN (SELECT invoice_id, sum(amount) AS subtotal, sum(tax) AS tax FROM seed_line GROUP BY invoice_id) x ON x.invoice_id = i.id
CROSS JOIN LATERAL (SELECT CASE i.discount_type
    WHEN 'PERCENTAGE' THEN (ARRAY[5, 10, 15, 20]::numeric[])[1 + i.h28 % 4]
    WHEN 'AMOUNT' THEN round((ARRAY[5, 10, 25, 50]::numeric[])[1 + i.h28 % 4] * i.magnitude, i.scale) END AS discount_value) dv
CROSS JOIN LATERAL (SELECT CASE i.discount_type
    WHEN 'PERCENTAGE' THEN least(round(x.subtotal * dv.discount_value / 100, i.scale), x.subtotal)
    WHEN 'AMOUNT' THEN least(dv.discount_value, x.subtotal)
    ELSE round(0::numeric, i.scale) END AS discount_amount) da
CROSS JOIN LATERAL (SELECT CASE WHEN i.h29 % 100 < 30 THEN round((500 + i.h29 % 4500)::numeric / 100 * i.magnitude, i.scale)
                                ELSE round(0::numeric, i.scale) END AS shipping) sh
CROSS JOIN LATERAL (SELECT x.subtotal - da.discount_amount + x.tax + sh.shipping AS amount) am
CROSS JOIN LATERAL (SELECT round(am.amount * (20 + ${hash('i.num', 41)} % 60) / 100, i.scale) AS partial) pp
-- The plan follows deriveLedgerFigures (src/invoices/ledger-figures.ts): nothing to pay is PAID.
CROSS JOIN LATERAL (SELECT CASE
    WHEN am.amount <= 0 THEN 'PAID'
    WHEN i.planned_payment_status = 'PARTIALLY_PAID' AND (pp.partial <= 0 OR pp.partial >= am.amount) THEN 'UNPAID'
    ELSE i.planned_payment_status END AS payment_status) ps`;

const INSERT_INVOICES = `
INSERT INTO invoice (tenant_id, id, invoice_number, external_id, order_id, order_number, customer_id, bill_to_contact_id,
  sales_account_id, sales_rep, status, payment_status, invoice_date, due_date, start_date, end_date, target_date,
  payment_terms, currency_iso_code, po_number, notes, subtotal, discount_code, discount_type, discount_value,
  discount_description, discount_amount, amount_without_tax, tax_amount, shipping_and_handling, amount, amount_paid,
  balance, activated_time, activate_on, cancellation_date, voided_date, created_date, last_modified_date, custom_fields)
SELECT $1, i.id, 'INV-' || lpad(g.num::text, 8, '0'),
  CASE WHEN ${hash(n, 50)} % 10 < 3 THEN 'EXT-' || g.num::text END,
  CASE WHEN ${hash(n, 51)} % 10 < 4 THEN 'ORD-' || lpad((${hash(n, 52)} % 10000000)::text, 7, '0') END,
  CASE WHEN ${hash(n, 51)} % 10 < 4 THEN 'SO-' || lpad((${hash(n, 52)} % 10000000)::text, 7, '0') END,
  i.customer_id, i.contact_id, 'ACC-' || lpad(i.cust_idx::text, 6, '0'), ${salesRepSql},
  i.status, t.payment_status, i.invoice_date, i.due_date, i.invoice_date,
  (i.invoice_date + interval '1 month' - interval '1 day')::date, i.invoice_date,
  i.terms, i.currency,
  CASE WHEN ${hash(n, 53)} % 4 = 0 THEN 'PO-' || (100000 + ${hash(n, 54)} % 900000)::text END,
  CASE WHEN ${hash(n, 55)} % 7 = 0 THEN ${pick(NOTES, hash(n, 56))} END,
  t.subtotal,
  CASE i.discount_type WHEN 'PERCENTAGE' THEN 'SAVE' || t.discount_value::text WHEN 'AMOUNT' THEN 'LOYALTY' END,
  i.discount_type, t.discount_value,
  CASE i.discount_type WHEN 'PERCENTAGE' THEN t.discount_value::text || '% promotional discount' WHEN 'AMOUNT' THEN 'Loyalty credit' END,
  t.discount_amount, t.subtotal - t.discount_amount, t.tax, t.shipping, t.amount, t.amount_paid, t.amount - t.amount_paid,
  CASE WHEN i.status IN ('ACTIVE', 'CANCELED', 'VOIDED') THEN ts.activated END,
  CASE WHEN i.status = 'PENDING_ACTIVATION' THEN current_date + 1 + ${hash(n, 57)} % 30 END,
  CASE WHEN i.status = 'CANCELED' THEN ts.closed END,
  CASE WHEN i.status = 'VOIDED' THEN ts.closed END,
  ts.created,
  CASE WHEN i.status IN ('CANCELED', 'VOIDED') THEN ts.closed WHEN i.status = 'ACTIVE' THEN ts.activated ELSE ts.created END,
  CASE WHEN ${hash(n, 58)} % 5 = 0 THEN jsonb_build_object('region', ${pick(REGIONS, hash(n, 59))},
    'costCenter', 'CC-' || (100 + ${hash(n, 60)} % 900)::text) END
FROM seed_inv i
JOIN seed_tot t ON t.id = i.id
CROSS JOIN LATERAL (SELECT i.num) g(num)
CROSS JOIN LATERAL (SELECT i.invoice_date - interval '1 day' + make_interval(secs => ${hash(n, 61)} % 86400) AS created,
  least(i.invoice_date + interval '9 hours' + make_interval(secs => ${hash(n, 62)} % 3600), now()) AS activated,
  -- after any refund (day 30): an invoice with money on it cannot be canceled or voided
  least(i.invoice_date + make_interval(days => 35 + ${hash(n, 63)} % 20, hours => 10), now()) AS closed) ts`;

const INSERT_LINES = `
INSERT INTO invoice_line_item (tenant_id, id, invoice_id, line_number, product_code, description, quantity, unit_price,
  discount_amount, tax_amount, amount, start_date, end_date)
SELECT $1, l.id, l.invoice_id, l.line_number, 'SKU-' || lpad((1001 + l.product)::text, 4, '0'),
  (ARRAY[${PRODUCTS.map((p) => `'${p}'`).join(',')}]::text[])[1 + l.product],
  l.qty, l.unit_price, l.ldisc, l.tax, l.amount, i.invoice_date, (i.invoice_date + interval '1 month' - interval '1 day')::date
FROM seed_line l JOIN seed_inv i ON i.id = l.invoice_id`;

/** Step 4: COMPLETED payments for what was paid (two for some PAID ones), refunded in full for REFUNDED. */
const PAYMENT_PLAN = `
CREATE TEMP TABLE seed_pay ON COMMIT DROP AS
SELECT gen_random_uuid() AS id, i.id AS invoice_id, i.num, p.seq, p.amount, p.refunded, i.currency, i.invoice_date
FROM seed_inv i
JOIN seed_tot t ON t.id = i.id
CROSS JOIN LATERAL (SELECT round(t.amount / 2, i.scale) AS half) hv
CROSS JOIN LATERAL (VALUES
  (1, CASE t.payment_status WHEN 'PARTIALLY_PAID' THEN t.amount_paid WHEN 'REFUNDED' THEN t.amount
        WHEN 'PAID' THEN CASE WHEN t.split THEN hv.half ELSE t.amount END ELSE 0 END,
      CASE t.payment_status WHEN 'REFUNDED' THEN t.amount ELSE round(0::numeric, i.scale) END),
  (2, CASE WHEN t.split THEN t.amount - hv.half ELSE 0 END, round(0::numeric, i.scale))
) p(seq, amount, refunded)
WHERE p.amount > 0`;

const INSERT_PAYMENTS = `
INSERT INTO payment (tenant_id, id, invoice_id, amount, currency, method, status, received_date, reference_number,
  payment_profile_id, card_brand, card_last4, refunded_amount, created_date, completed_at)
SELECT $1, p.id, p.invoice_id, p.amount, p.currency, m.method, 'COMPLETED', r.received::date,
  'PMT-' || p.num::text || '-' || p.seq::text,
  CASE WHEN m.method = 'CARD' THEN 'pp_' || substr(md5(p.num::text), 1, 12) END,
  CASE WHEN m.method = 'CARD' THEN ${pick(CARD_BRANDS, hash('p.num', 71))} END,
  CASE WHEN m.method = 'CARD' THEN lpad((${hash('p.num', 72)} % 10000)::text, 4, '0') END,
  p.refunded, r.received, r.received
FROM seed_pay p
CROSS JOIN LATERAL (SELECT ${pick(PAYMENT_METHODS, hash('p.num * 2 + p.seq', 70))} AS method) m
CROSS JOIN LATERAL (SELECT least(p.invoice_date + make_interval(days => p.seq * (3 + ${hash('p.num', 73)} % 20), hours => 14), now()) AS received) r`;

const INSERT_REFUNDS = `
INSERT INTO refund (tenant_id, id, payment_id, invoice_id, amount, reference_number, reason, created_date)
SELECT $1, gen_random_uuid(), p.id, p.invoice_id, p.refunded, 'RF-' || p.num::text,
  ${pick(['Customer request', 'Duplicate payment', 'Service not delivered', 'Billing error'], hash('p.num', 74))},
  least(p.invoice_date + make_interval(days => 30, hours => 16), now())
FROM seed_pay p WHERE p.refunded > 0`;

export interface BatchCounts {
  lineItems: number;
  payments: number;
  refunds: number;
  comments: number;
  history: number;
}

/**
 * Inserts `count` invoices numbered from `firstNumber` with their lines, payments, refunds,
 * comments and history (src/seed/seed-activity.ts), inside the caller's transaction, using the
 * customers in `seed_customer`.
 */
export async function seedInvoiceBatch(
  runner: QueryRunner,
  tenantId: string,
  firstNumber: number,
  count: number,
  customerCount: number,
  mix: SeedMix,
): Promise<BatchCounts> {
  // Realistic invoices get comments and history, derived from what the inserts return.
  const activity = mix === 'realistic';
  const recorded = (table: 'invoice' | 'payment' | 'refund', sql: string) => (activity ? capture(table, sql) : sql);
  const steps: Array<[string, string, unknown[]?]> = [
    ['plan invoices', INVOICE_PLAN, [firstNumber, count, customerCount, mix]],
    ['analyze plan', 'ANALYZE seed_inv'],
    ['plan lines', LINE_PLAN],
    ['analyze lines', 'ANALYZE seed_line'],
    ['totals', TOTALS_PLAN],
    ...(activity ? [['activity tables', ACTIVITY_TABLES] as [string, string]] : []),
    ['insert invoices', recorded('invoice', INSERT_INVOICES), [tenantId]],
    ['insert lines', INSERT_LINES, [tenantId]],
    ['plan payments', PAYMENT_PLAN],
    ['insert payments', recorded('payment', INSERT_PAYMENTS), [tenantId]],
    ['insert refunds', recorded('refund', INSERT_REFUNDS), [tenantId]],
  ];
  // SEED_PROFILE=1 prints each step's time: where a slow load spends it.
  const timings: string[] = [];
  for (const [name, sql, params] of steps) {
    const t0 = process.hrtime.bigint();
    await runner.query(sql, params);
    timings.push(`${name} ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0)}ms`);
  }
  let added = { comments: 0, history: 0 };
  if (activity) {
    const t0 = process.hrtime.bigint();
    added = await seedInvoiceActivity(runner, tenantId);
    timings.push(`comments and history ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0)}ms`);
  }
  if (environmentConfig().seedProfile) process.stderr.write(`\n[seed batch of ${count}] ${timings.join(', ')}\n`);
  const [counts] = await runner.query(
    `SELECT (SELECT count(*) FROM seed_line)::int AS "lineItems", (SELECT count(*) FROM seed_pay)::int AS payments,
            (SELECT count(*) FROM seed_pay WHERE refunded > 0)::int AS refunds`,
  );
  return { ...counts, ...added } as BatchCounts;
}

/** The statements, for EXPLAIN when profiling the seed. */
export const SEED_BATCH_SQL = { INVOICE_PLAN, LINE_PLAN, TOTALS_PLAN, INSERT_INVOICES, INSERT_LINES, PAYMENT_PLAN, INSERT_PAYMENTS, INSERT_REFUNDS };
