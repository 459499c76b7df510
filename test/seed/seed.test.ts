import { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source';
import { computeTotals } from '../../src/invoices/invoice-totals';
import { deriveLedgerFigures } from '../../src/invoices/ledger-figures';
import { seedMissingActivity } from '../../src/seed/seed-activity';
import { seedInvoices, SeedSummary } from '../../src/seed/seed-invoices';
import { createTenant } from '../../src/tenancy/api-key.service';

/** The seed writes what the service would: checked against the ledger rules and computeTotals. */
describe('seedInvoices', () => {
  let ds: DataSource;
  let tenantId: string;
  let first: SeedSummary;
  let second: SeedSummary;

  const q = async <T = any>(sql: string, params: unknown[] = [tenantId]): Promise<T[]> => ds.query(sql, params);

  beforeAll(async () => {
    ds = createDataSource({ url: process.env.TEST_DATABASE_URL!, poolSize: 2 });
    await ds.initialize();
    tenantId = (await createTenant(ds, 'Seed test')).tenantId;
    // Two runs with batch boundaries inside them: numbering must continue without gaps.
    first = await seedInvoices(ds, { tenantId, invoices: 1500, batchSize: 700 });
    second = await seedInvoices(ds, { tenantId, invoices: 500, batchSize: 300 });
  });

  afterAll(async () => {
    await ds?.destroy();
  });

  it('reports what it inserted and spreads invoices over ~N/50 customers with contacts', async () => {
    expect(first).toMatchObject({ invoices: 1500, customers: 30, firstInvoiceNumber: 1, lastInvoiceNumber: 1500 });
    expect(second).toMatchObject({ invoices: 500, customers: 10, firstInvoiceNumber: 1501, lastInvoiceNumber: 2000 });
    const [counts] = await q(`SELECT
        (SELECT count(*) FROM invoice WHERE tenant_id = $1)::int AS invoices,
        (SELECT count(*) FROM customer WHERE tenant_id = $1)::int AS customers,
        (SELECT count(*) FROM invoice_line_item WHERE tenant_id = $1)::int AS lines,
        (SELECT count(*) FROM payment WHERE tenant_id = $1)::int AS payments`);
    expect(counts.invoices).toBe(2000);
    expect(counts.customers).toBe(40);
    expect(counts.lines).toBe(first.lineItems + second.lineItems);
    expect(counts.payments).toBe(first.payments + second.payments);
    const perCustomer = await q(`SELECT c.id, count(DISTINCT k.id)::int AS contacts, count(DISTINCT i.id)::int AS invoices
      FROM customer c LEFT JOIN contact k ON k.tenant_id = c.tenant_id AND k.customer_id = c.id
      LEFT JOIN invoice i ON i.tenant_id = c.tenant_id AND i.customer_id = c.id
      WHERE c.tenant_id = $1 GROUP BY c.id`);
    for (const c of perCustomer) {
      expect(c.contacts).toBeGreaterThanOrEqual(1);
      expect(c.contacts).toBeLessThanOrEqual(2);
    }
    expect(perCustomer.reduce((s, c) => s + c.invoices, 0)).toBe(2000);
    const [strayContact] = await q(`SELECT count(*)::int AS n FROM invoice i JOIN contact k ON k.tenant_id = i.tenant_id AND k.id = i.bill_to_contact_id
      WHERE i.tenant_id = $1 AND k.customer_id <> i.customer_id`);
    expect(strayContact.n).toBe(0);
  });

  it('covers every status, payment status and several currencies', async () => {
    const statuses = (await q('SELECT DISTINCT status FROM invoice WHERE tenant_id = $1')).map((r) => r.status).sort();
    expect(statuses).toEqual(['ACTIVE', 'CANCELED', 'DRAFT', 'PENDING_ACTIVATION', 'VOIDED']);
    const paymentStatuses = (await q('SELECT DISTINCT payment_status FROM invoice WHERE tenant_id = $1')).map((r) => r.payment_status).sort();
    expect(paymentStatuses).toEqual(['PAID', 'PARTIALLY_PAID', 'REFUNDED', 'UNPAID']);
    const currencies = (await q('SELECT DISTINCT currency_iso_code AS c FROM invoice WHERE tenant_id = $1')).map((r) => r.c).sort();
    expect(currencies).toEqual(['EUR', 'JPY', 'KWD', 'USD']);
    const lineCounts = (await q(`SELECT DISTINCT count(*)::int AS n FROM invoice_line_item WHERE tenant_id = $1 GROUP BY invoice_id`)).map((r) => r.n).sort();
    expect(lineCounts).toEqual([1, 2, 3, 4, 5]);
    const [dates] = await q(`SELECT min(invoice_date)::text AS lo, max(invoice_date)::text AS hi,
      bool_and(due_date >= invoice_date) AS due_after FROM invoice WHERE tenant_id = $1`);
    expect(dates.due_after).toBe(true);
    expect(new Date(dates.hi).getTime() - new Date(dates.lo).getTime()).toBeGreaterThan(600 * 86_400_000);
  });

  it('numbers invoices gaplessly and advances the tenant sequence', async () => {
    const [r] = await q(`SELECT count(*)::int AS n, count(DISTINCT invoice_number)::int AS distinct_numbers,
        min(invoice_number) AS lo, max(invoice_number) AS hi,
        bool_and(invoice_number ~ '^INV-[0-9]{8}$') AS formatted,
        (SELECT last_value::int FROM invoice_number_sequence WHERE tenant_id = $1) AS last_value
      FROM invoice WHERE tenant_id = $1`);
    expect(r).toEqual({ n: 2000, distinct_numbers: 2000, lo: 'INV-00000001', hi: 'INV-00002000', formatted: true, last_value: 2000 });
  });

  it('keeps every total consistent with its line items, rounded to the currency minor unit', async () => {
    const bad = await q(`
      WITH l AS (SELECT li.invoice_id, sum(li.amount) AS subtotal, sum(li.tax_amount) AS tax,
                        bool_and(li.amount = round(li.quantity * li.unit_price, s.scale) - li.discount_amount) AS lines_ok
                 FROM invoice_line_item li
                 JOIN invoice i2 ON i2.tenant_id = li.tenant_id AND i2.id = li.invoice_id
                 CROSS JOIN LATERAL (SELECT CASE i2.currency_iso_code WHEN 'JPY' THEN 0 WHEN 'KWD' THEN 3 ELSE 2 END AS scale) s
                 WHERE li.tenant_id = $1 GROUP BY li.invoice_id)
      SELECT i.invoice_number FROM invoice i JOIN l ON l.invoice_id = i.id
      CROSS JOIN LATERAL (SELECT CASE i.currency_iso_code WHEN 'JPY' THEN 0 WHEN 'KWD' THEN 3 ELSE 2 END AS scale) s
      WHERE i.tenant_id = $1 AND NOT (
        l.lines_ok AND i.subtotal = l.subtotal AND i.tax_amount = l.tax
        AND i.amount_without_tax = i.subtotal - i.discount_amount
        AND i.amount = i.subtotal - i.discount_amount + i.tax_amount + i.shipping_and_handling
        AND i.balance = i.amount - i.amount_paid
        AND scale(i.amount) = s.scale AND scale(i.subtotal) = s.scale AND scale(i.balance) = s.scale
        AND scale(i.tax_amount) = s.scale AND scale(i.discount_amount) = s.scale AND scale(i.shipping_and_handling) = s.scale)`);
    expect(bad).toEqual([]);

    // And the production calculator agrees, field by field, on every invoice.
    const invoices = await q(`SELECT i.id, i.currency_iso_code AS currency, i.discount_type, i.discount_value::text,
        i.tax_amount, i.shipping_and_handling, i.subtotal, i.discount_amount, i.amount_without_tax, i.amount,
        json_agg(json_build_object('quantity', li.quantity::text, 'unitPrice', li.unit_price::text,
          'discountAmount', li.discount_amount::text, 'taxAmount', li.tax_amount::text, 'amount', li.amount::text)
          ORDER BY li.line_number) AS lines
      FROM invoice i JOIN invoice_line_item li ON li.tenant_id = i.tenant_id AND li.invoice_id = i.id
      WHERE i.tenant_id = $1 GROUP BY i.tenant_id, i.id`);
    expect(invoices).toHaveLength(2000);
    for (const inv of invoices) {
      const totals = computeTotals({
        currency: inv.currency,
        lines: inv.lines,
        discount: inv.discount_type ? { type: inv.discount_type, value: inv.discount_value } : null,
        shippingAndHandling: inv.shipping_and_handling,
      });
      expect({ id: inv.id, subtotal: inv.subtotal, discount: inv.discount_amount, awt: inv.amount_without_tax, tax: inv.tax_amount, amount: inv.amount })
        .toEqual({ id: inv.id, subtotal: totals.subtotal, discount: totals.discountAmount, awt: totals.amountWithoutTax, tax: totals.taxAmount, amount: totals.amount });
      expect(totals.lines.map((l) => l.amount)).toEqual(inv.lines.map((l: { amount: string }) => l.amount));
    }
  });

  it('keeps the ledger exact: amountPaid = completed payments - refunds, paymentStatus derived from it', async () => {
    const rows = await q(`
      SELECT i.id, i.status, i.payment_status, i.amount::text, i.amount_paid::text, i.balance::text, i.currency_iso_code AS currency,
        coalesce(p.paid, 0)::text AS completed, coalesce(r.refunds, 0)::text AS refunded_sum,
        i.amount_paid = coalesce(p.paid, 0) - coalesce(p.refunded, 0) AS net_ok,
        coalesce(p.refunded, 0) = coalesce(r.refunds, 0) AS refunds_ok,
        coalesce(p.n, 0) AS payments, coalesce(p.wrong_currency, false) AS wrong_currency
      FROM invoice i
      LEFT JOIN (SELECT invoice_id, sum(amount) FILTER (WHERE status = 'COMPLETED') AS paid, sum(refunded_amount) AS refunded,
                        count(*)::int AS n, bool_or(currency <> (SELECT currency_iso_code FROM invoice x WHERE x.tenant_id = $1 AND x.id = invoice_id)) AS wrong_currency
                 FROM payment WHERE tenant_id = $1 GROUP BY invoice_id) p ON p.invoice_id = i.id
      LEFT JOIN (SELECT invoice_id, sum(amount) AS refunds FROM refund WHERE tenant_id = $1 GROUP BY invoice_id) r ON r.invoice_id = i.id
      WHERE i.tenant_id = $1`);
    for (const r of rows) {
      expect({ id: r.id, net: r.net_ok, refunds: r.refunds_ok, wrongCurrency: r.wrong_currency }).toEqual({
        id: r.id, net: true, refunds: true, wrongCurrency: false,
      });
      // The one rule, on the same facts as every writer: the amount and the ledger sums.
      expect([r.id, { amountPaid: r.amount_paid, balance: r.balance, paymentStatus: r.payment_status }])
        .toEqual([r.id, deriveLedgerFigures(r.amount, { completed: r.completed, refunded: r.refunded_sum }, r.currency)]);
      if (r.status === 'DRAFT' || r.status === 'PENDING_ACTIVATION') expect([r.id, r.payments]).toEqual([r.id, 0]);
      if (r.status === 'CANCELED' || r.status === 'VOIDED') expect([r.id, Number(r.amount_paid)]).toEqual([r.id, 0]);
    }
    // Exact sums, in SQL numeric (no floats): the whole ledger balances.
    const [sums] = await q(`SELECT
        (SELECT sum(amount_paid) FROM invoice WHERE tenant_id = $1)
        = (SELECT coalesce(sum(amount), 0) FROM payment WHERE tenant_id = $1 AND status = 'COMPLETED')
          - (SELECT coalesce(sum(amount), 0) FROM refund WHERE tenant_id = $1) AS balanced`);
    expect(sums.balanced).toBe(true);
  });

  it('writes the history the service would have: CREATE, ACTIVATE, payments, refunds, CANCEL/VOID, comments', async () => {
    const [counts] = await q(`SELECT (SELECT count(*) FROM invoice_comment WHERE tenant_id = $1)::int AS comments,
        (SELECT count(DISTINCT invoice_id) FROM invoice_comment WHERE tenant_id = $1)::int AS commented,
        (SELECT count(*) FROM invoice_history WHERE tenant_id = $1)::int AS history`);
    expect(counts.comments).toBe(first.comments + second.comments);
    expect(counts.history).toBe(first.history + second.history);
    // About a quarter of the invoices carry 1-3 comments.
    expect(counts.commented).toBeGreaterThan(2000 * 0.18);
    expect(counts.commented).toBeLessThan(2000 * 0.32);
    expect(counts.comments).toBeLessThanOrEqual(counts.commented * 3);

    // Per invoice, the entries implied by its row, payments, refunds and comments, and no others.
    const wrong = await q(`
      SELECT i.invoice_number, i.status, h.actions FROM invoice i
      CROSS JOIN LATERAL (SELECT array_agg(action ORDER BY created_at) AS actions, count(DISTINCT created_at) = count(*) AS distinct_times,
          bool_and(created_at <= now() + interval '1 second') AS not_future
        FROM invoice_history WHERE tenant_id = i.tenant_id AND invoice_id = i.id) h
      CROSS JOIN LATERAL (SELECT
          (SELECT count(*) FROM payment p WHERE p.tenant_id = i.tenant_id AND p.invoice_id = i.id) AS payments,
          (SELECT count(*) FROM refund r WHERE r.tenant_id = i.tenant_id AND r.invoice_id = i.id) AS refunds,
          (SELECT count(*) FROM invoice_comment m WHERE m.tenant_id = i.tenant_id AND m.invoice_id = i.id) AS comments) n
      WHERE i.tenant_id = $1 AND NOT (
        h.distinct_times AND h.not_future
        AND h.actions[1] = 'CREATE'
        AND (i.status = 'DRAFT') = NOT ('ACTIVATE' = ANY(h.actions))
        AND cardinality(array_positions(h.actions, 'RECORD_PAYMENT')) = n.payments
        AND cardinality(array_positions(h.actions, 'REFUND_PAYMENT')) = n.refunds
        AND cardinality(array_positions(h.actions, 'ADD_COMMENT')) = n.comments
        AND (i.status = 'CANCELED') = ('CANCEL' = ANY(h.actions))
        AND (i.status = 'VOIDED') = ('VOID' = ANY(h.actions))
        AND cardinality(h.actions) = 1 + (i.status <> 'DRAFT')::int + n.payments + n.refunds + n.comments + (i.status IN ('CANCELED', 'VOIDED'))::int)`);
    expect(wrong).toEqual([]);

    // Each entry's statuses follow the lifecycle: payments and refunds while ACTIVE, after the
    // activation; comments after the last transition, in the status the invoice has.
    const [order] = await q(`SELECT
        count(*) FILTER (WHERE h.action = 'ACTIVATE' AND (h.from_status, h.to_status) <> ('DRAFT', CASE WHEN i.status = 'PENDING_ACTIVATION' THEN 'PENDING_ACTIVATION' ELSE 'ACTIVE' END))::int AS bad_activate,
        count(*) FILTER (WHERE h.action IN ('RECORD_PAYMENT', 'REFUND_PAYMENT') AND ((h.from_status, h.to_status) <> ('ACTIVE', 'ACTIVE') OR h.created_at < i.activated_time))::int AS bad_payment,
        count(*) FILTER (WHERE h.action IN ('CANCEL', 'VOID') AND ((h.from_status, h.to_status) <> ('ACTIVE', i.status)))::int AS bad_close,
        count(*) FILTER (WHERE h.action = 'ADD_COMMENT' AND ((h.from_status, h.to_status) <> (i.status, i.status) OR h.comment IS NULL))::int AS bad_comment,
        count(*) FILTER (WHERE h.action = 'ADD_COMMENT' AND h.created_at < coalesce(i.cancellation_date, i.voided_date, i.activated_time, i.created_date))::int AS early_comment
      FROM invoice_history h JOIN invoice i ON i.tenant_id = h.tenant_id AND i.id = h.invoice_id WHERE h.tenant_id = $1`);
    expect(order).toEqual({ bad_activate: 0, bad_payment: 0, bad_close: 0, bad_comment: 0, early_comment: 0 });
  });

  it('gives invoices seeded without comments and history the same ones afterwards', async () => {
    const entries = (tenant: string) => ds.query(
      `SELECT i.invoice_number, h.action, h.from_status, h.to_status, h.created_at, h.comment, h.changes
       FROM invoice_history h JOIN invoice i ON i.tenant_id = h.tenant_id AND i.id = h.invoice_id
       WHERE h.tenant_id = $1 ORDER BY i.invoice_number, h.created_at`, [tenant]);
    const comments = (tenant: string) => ds.query(
      `SELECT i.invoice_number, m.comment, m.create_time, m.author_name FROM invoice_comment m
       JOIN invoice i ON i.tenant_id = m.tenant_id AND i.id = m.invoice_id WHERE m.tenant_id = $1 ORDER BY 1, 3`, [tenant]);
    const t = (await createTenant(ds, 'Seed test backfill')).tenantId;
    await seedInvoices(ds, { tenantId: t, invoices: 400 });
    const [before, beforeComments] = [await entries(t), await comments(t)];
    expect(before.length).toBeGreaterThan(400);
    // Strip the tenant of them (as a tenant seeded by an older seed), then add what is missing.
    await ds.query('DELETE FROM invoice_history WHERE tenant_id = $1 AND invoice_id IN (SELECT id FROM invoice WHERE tenant_id = $1 AND invoice_number > $2)', [t, 'INV-00000150']);
    await ds.query('DELETE FROM invoice_comment WHERE tenant_id = $1 AND invoice_id IN (SELECT id FROM invoice WHERE tenant_id = $1 AND invoice_number > $2)', [t, 'INV-00000150']);
    const added = await seedMissingActivity(ds, t, { batchSize: 100 });
    expect(added.invoices).toBe(250);
    // Times of comments derive from now(): the backfill's comments come later, the rest is identical.
    const strip = (rows: any[]) => rows.map((r) => (r.action === 'ADD_COMMENT' ? { ...r, created_at: null } : r));
    expect(strip(await entries(t))).toEqual(strip(before));
    expect((await comments(t)).map((c: any) => ({ ...c, create_time: null }))).toEqual(beforeComments.map((c: any) => ({ ...c, create_time: null })));
    expect((await seedMissingActivity(ds, t)).invoices).toBe(0);
  });

  it('can make uniform sets for the benchmarks (all drafts)', async () => {
    const bench = await createTenant(ds, 'Seed test drafts');
    const summary = await seedInvoices(ds, { tenantId: bench.tenantId, invoices: 300, mix: 'draft' });
    expect(summary.payments).toBe(0);
    expect([summary.comments, summary.history]).toEqual([0, 0]);
    const rows = await ds.query('SELECT status, payment_status, count(*)::int AS n FROM invoice WHERE tenant_id = $1 GROUP BY 1, 2', [bench.tenantId]);
    expect(rows).toEqual([{ status: 'DRAFT', payment_status: 'UNPAID', n: 300 }]);
  });
});
