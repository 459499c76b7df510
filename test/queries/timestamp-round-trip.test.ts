import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { InvoiceStatus } from '../../src/invoices/invoice-status';
import { insertCustomer, insertInvoice } from '../fixtures/factories';
import { startTestService, TestService } from '../support/test-service';

/**
 * Every timestamp the API shows filters, orders and pages exactly as shown. Rows are written with
 * random microsecond instants (as PostgreSQL's now() makes them); each value read back from the
 * API, and the same value after a JavaScript Date round trip, must find its own row with eq, lte
 * and gte, and not with gt, lt or ne; paging by cursor and "modified since the last value I saw"
 * must see every row exactly once.
 */
const SEED = process.env.TIMESTAMP_SEED ? Number(process.env.TIMESTAMP_SEED) : Date.now() % 2 ** 31;
const INVOICES = 24;
const INVOICE_FIELDS = ['createdDate', 'lastModifiedDate', 'activatedTime', 'cancellationDate', 'voidedDate'] as const;
const COLUMNS: Record<(typeof INVOICE_FIELDS)[number], string> = {
  createdDate: 'created_date', lastModifiedDate: 'last_modified_date', activatedTime: 'activated_time',
  cancellationDate: 'cancellation_date', voidedDate: 'voided_date',
};
const PAYMENT_FIELDS = ['createdDate', 'completedAt', 'failedAt'] as const;

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Distinct milliseconds (7 ms apart) with a random microsecond part, as SQL text. */
function instants(count: number, offsetMs: number, seed: number): string[] {
  const micros = fc.sample(fc.integer({ min: 0, max: 999_999 }), { numRuns: count, seed });
  const base = Date.UTC(2024, 0, 1) + offsetMs;
  return micros.map((us, i) => {
    const ms = base + i * 7_000 + Math.floor(us / 1000);
    return `${new Date(ms).toISOString().slice(0, 19)}.${String(ms % 1000).padStart(3, '0')}${String(us % 1000).padStart(3, '0')}Z`;
  });
}

describe(`timestamps round-trip through the API (TIMESTAMP_SEED=${SEED})`, () => {
  let svc: TestService;
  let key: string;
  let tenantId: string;
  const ids: string[] = [];

  const gql = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await svc.gql(key, query, variables);
    expect(res.errors).toBeUndefined();
    return res.data;
  };

  beforeAll(async () => {
    svc = await startTestService();
    const t = await svc.newTenant('Timestamp round trip');
    key = t.apiKey;
    tenantId = t.tenantId;
    const customerId = await insertCustomer(svc.dataSource, tenantId);
    await svc.dataSource.query('UPDATE customer SET created_date = $3 WHERE tenant_id = $1 AND id = $2', [tenantId, customerId, instants(1, 0, SEED)[0]]);
    const values = Object.fromEntries(INVOICE_FIELDS.map((f, i) => [f, instants(INVOICES, i * 3_600_000, SEED + i)]));
    const paymentValues = Object.fromEntries(PAYMENT_FIELDS.map((f, i) => [f, instants(INVOICES, 86_400_000 + i * 3_600_000, SEED + 10 + i)]));
    for (let n = 0; n < INVOICES; n++) {
      const id = await insertInvoice(svc.dataSource, tenantId, { customerId, status: InvoiceStatus.ACTIVE });
      ids.push(id);
      await svc.dataSource.query(
        `UPDATE invoice SET ${INVOICE_FIELDS.map((f, i) => `${COLUMNS[f]} = $${i + 3}`).join(', ')} WHERE tenant_id = $1 AND id = $2`,
        [tenantId, id, ...INVOICE_FIELDS.map((f) => values[f][n])],
      );
      await svc.dataSource.query(
        `INSERT INTO payment (tenant_id, id, invoice_id, amount, currency, method, status, created_date, completed_at, failed_at)
         VALUES ($1, $2, $3, 1, 'USD', 'CASH', 'FAILED', $4, $5, $6)`,
        [tenantId, randomUUID(), id, ...PAYMENT_FIELDS.map((f) => paymentValues[f][n])],
      );
    }
  });
  afterAll(() => svc?.stop());

  const COMPARE = `query($id: ID!, $where: InvoiceWhereInput!, $eq: InvoiceWhereInput!, $lte: InvoiceWhereInput!, $gte: InvoiceWhereInput!,
      $gt: InvoiceWhereInput!, $lt: InvoiceWhereInput!, $ne: InvoiceWhereInput!) {
    eq: invoice(where: {and: [{id: {eq: $id}}, $where, $eq]}) { id }
    lte: invoice(where: {and: [{id: {eq: $id}}, $where, $lte]}) { id }
    gte: invoice(where: {and: [{id: {eq: $id}}, $where, $gte]}) { id }
    gt: invoice(where: {and: [{id: {eq: $id}}, $where, $gt]}) { id }
    lt: invoice(where: {and: [{id: {eq: $id}}, $where, $lt]}) { id }
    ne: invoice(where: {and: [{id: {eq: $id}}, $where, $ne]}) { id }
  }`;
  /** `wrap(op, value)` builds the filter of one comparison. */
  const expectSelfMatch = async (id: string, wrap: (op: string, value: string) => Record<string, unknown>, shown: string) => {
    for (const value of [shown, new Date(shown).toISOString(), new Date(shown).toJSON()]) {
      const ops = Object.fromEntries(['eq', 'lte', 'gte', 'gt', 'lt', 'ne'].map((op) => [op, wrap(op, value)]));
      const data = await gql(COMPARE, { id, where: { isActive: { eq: true } }, ...ops });
      const found = Object.fromEntries(Object.entries(data).map(([op, rows]) => [op, (rows as unknown[]).length]));
      expect({ value, found }).toEqual({ value, found: { eq: 1, lte: 1, gte: 1, gt: 0, lt: 0, ne: 0 } });
    }
  };

  it('shows milliseconds that a JavaScript Date keeps as they are', async () => {
    const data = await gql(`{ invoice(limit: 100) { ${INVOICE_FIELDS.join(' ')} customer { createdDate } payments { ${PAYMENT_FIELDS.join(' ')} } } }`);
    const shown: string[] = data.invoice.flatMap((i: any) => [
      ...INVOICE_FIELDS.map((f) => i[f]), i.customer.createdDate, ...i.payments.flatMap((p: any) => PAYMENT_FIELDS.map((f) => p[f])),
    ]);
    expect(shown).toHaveLength(INVOICES * (INVOICE_FIELDS.length + 1 + PAYMENT_FIELDS.length));
    for (const v of shown) {
      expect(v).toMatch(ISO_MS);
      expect(new Date(v).toISOString()).toBe(v);
    }
  });

  it.each(INVOICE_FIELDS)('invoice %s: eq / lte / gte find the row whose value was read, gt / lt / ne do not', async (field) => {
    const data = await gql(`{ invoice(limit: 100) { id ${field} } }`);
    for (const row of data.invoice) await expectSelfMatch(row.id, (op, value) => ({ [field]: { [op]: value } }), row[field]);
  });

  it('customer createdDate (relation filter) and payment timestamps (list filter) too', async () => {
    const data = await gql(`{ invoice(limit: 100) { id customer { createdDate } payments { ${PAYMENT_FIELDS.join(' ')} } } }`);
    for (const row of data.invoice.slice(0, 8)) {
      await expectSelfMatch(row.id, (op, value) => ({ customer: { createdDate: { [op]: value } } }), row.customer.createdDate);
      for (const f of PAYMENT_FIELDS) {
        // `some` over the invoice's one payment: gt/lt/ne then find no payment, hence no invoice.
        await expectSelfMatch(row.id, (op, value) => ({ payments: { some: { [f]: { [op]: value } } } }), row.payments[0][f]);
      }
    }
  });

  it.each(INVOICE_FIELDS)('cursor pages ordered by %s list every row once, in the order of the values shown', async (field) => {
    const seen: Array<{ id: string; value: string }> = [];
    let after: string | null = null;
    for (let page = 0; page < INVOICES; page++) {
      const data: any = await gql(`query($after: String) { invoices(orderBy: [{field: ${field}, direction: ASC}], first: 5, after: $after) {
        pageInfo { hasNextPage endCursor } nodes { id ${field} } } }`, { after });
      seen.push(...data.invoices.nodes.map((n: any) => ({ id: n.id, value: n[field] })));
      if (!data.invoices.pageInfo.hasNextPage) break;
      after = data.invoices.pageInfo.endCursor;
    }
    expect(seen.map((s) => s.id).sort()).toEqual([...ids].sort());
    const values = seen.map((s) => s.value);
    expect(values).toEqual([...values].sort());
  });

  it.each(INVOICE_FIELDS)('syncing "%s greater than the last value I saw" sees every row once', async (field) => {
    const seen: string[] = [];
    let last = '2000-01-01T00:00:00.000Z';
    for (let page = 0; page <= INVOICES; page++) {
      const data = await gql(`query($last: DateTimeValue!) { invoice(where: {${field}: {gt: $last}}, orderBy: [{field: ${field}}], limit: 5) { id ${field} } }`, { last });
      if (data.invoice.length === 0) break;
      seen.push(...data.invoice.map((i: any) => i.id));
      last = data.invoice[data.invoice.length - 1][field];
    }
    expect(seen.sort()).toEqual([...ids].sort());
  });

  it('values the service writes itself (now()) match as shown', async () => {
    const updated = await gql('mutation($id: ID!) { updateInvoice(id: $id, input: {notes: "touched"}) { id lastModifiedDate } }', { id: ids[0] });
    const shown = updated.updateInvoice.lastModifiedDate;
    expect(shown).toMatch(ISO_MS);
    await expectSelfMatch(ids[0], (op, value) => ({ lastModifiedDate: { [op]: value } }), shown);
    const commented = await gql('mutation($id: ID!) { addInvoiceComment(invoiceId: $id, comment: "hi") { comments { createTime } history { createdAt } } }', { id: ids[1] });
    for (const v of [...commented.addInvoiceComment.comments.map((c: any) => c.createTime), ...commented.addInvoiceComment.history.map((h: any) => h.createdAt)]) {
      expect(v).toMatch(ISO_MS);
    }
  });
});
