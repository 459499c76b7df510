import { Client } from 'pg';
import { InvoiceStatus } from '../../src/invoices/invoice-status';
import { insertContact, insertCustomer, insertInvoice } from '../fixtures/factories';
import { startTestService, TestService } from '../support/test-service';

/**
 * No N+1: a page of invoices with nested customer, contact, line items, payments, comments and
 * history costs the same number of SQL statements for 5 rows as for 50: one, since the root
 * statement carries the nested relations as JSON columns (src/invoices/invoice-nested-prefetch.ts).
 * Relations reached any other way (Customer.invoices) batch through DataLoaders, one per relation.
 * Statements are counted at the pg driver (every statement of the process goes through
 * Client.prototype.query), so nothing can slip past the count. The resolver path is checked
 * with SQL rendering off; the rendered path (src/sql-rendering), one statement per root field
 * whatever it nests, at the end.
 */
describe('SQL statements per request are constant in the page size', () => {
  let svc: TestService;
  let rendered: TestService;
  let apiKey: string;
  let nested = '';
  let spy: jest.SpyInstance;

  beforeAll(async () => {
    svc = await startTestService({ sqlRendering: false });
    rendered = await startTestService();
    const t = await svc.newTenant('N+1 tenant');
    apiKey = t.apiKey;
    await svc.gql(apiKey, '{ viewer { tenantId } }'); // the key's lookup is then cached, as for any client after its first request
    const ds = svc.dataSource;
    const customers: Array<{ id: string; contact: string }> = [];
    for (let c = 0; c < 10; c++) {
      const id = await insertCustomer(ds, t.tenantId);
      customers.push({ id, contact: await insertContact(ds, t.tenantId, id) });
    }
    for (let n = 0; n < 60; n++) {
      const c = customers[n % customers.length];
      await insertInvoice(ds, t.tenantId, {
        customerId: c.id, billToContactId: c.contact, status: InvoiceStatus.ACTIVE,
        lines: [{ quantity: '1', unitPrice: '10' }, { quantity: '2', unitPrice: '5' }, { quantity: '3', unitPrice: '1' }],
      });
    }
    // Relations owned by other parts of the service join the count when the schema has them.
    const type = await svc.gql(apiKey, '{ __type(name: "Invoice") { fields { name } } }');
    const fields = new Set((type.data.__type.fields as any[]).map((f) => f.name));
    if (fields.has('payments')) nested += ' payments { id }';
    if (fields.has('comments')) nested += ' comments { id }';
    if (fields.has('history')) nested += ' history { id }';
    spy = jest.spyOn(Client.prototype, 'query');
  });
  afterAll(async () => {
    spy?.mockRestore();
    await svc.stop();
    await rendered.stop();
  });

  async function statementsFor(query: string, on = svc): Promise<{ count: number; rows: number; sql: string[] }> {
    spy.mockClear();
    const res = await on.gql(apiKey, query);
    expect(res.errors).toBeUndefined();
    const sql = spy.mock.calls.map((call) => String(typeof call[0] === 'string' ? call[0] : call[0]?.text).replace(/\s+/g, ' ').slice(0, 80));
    const data = Object.values(res.data)[0] as any;
    return { count: spy.mock.calls.length, rows: (Array.isArray(data) ? data : data.nodes ?? data.edges).length, sql };
  }

  const NODE = `id name amount customer { id companyName } billToContact { email } lineItems { lineNumber amount }`;

  it('invoice(limit): 5 and 50 rows cost the same statements', async () => {
    const small = await statementsFor(`{ invoice(limit: 5) { ${NODE}${nested} } }`);
    const large = await statementsFor(`{ invoice(limit: 50) { ${NODE}${nested} } }`);
    expect(small.rows).toBe(5);
    expect(large.rows).toBe(50);
    expect(large.count).toBe(small.count);
    // One statement: the page, its relations as JSON columns; the key is cached (API_KEY_CACHE_MS).
    expect(large.count).toBe(1);
    // The page statement reads only the asked columns (plus id, tenant and the relations' keys).
    const page = spy.mock.calls.map((c) => String(typeof c[0] === 'string' ? c[0] : c[0]?.text)).find((text) => /FROM invoice i/.test(text))!;
    expect(page).toContain('i.amount AS "amount"');
    expect(page).toContain('i.bill_to_contact_id');
    expect(page).not.toMatch(/\bi\.(notes|custom_fields|po_number|sales_rep)/);
    console.log(`invoice(limit 5|50) with customer, billToContact, lineItems${nested}: ${small.count}|${large.count} statements\n  ${large.sql.join('\n  ')}`);
  });

  it('invoices(first) with totalCount: 5 and 50 rows cost the same statements', async () => {
    const q = (n: number) => `{ invoices(first: ${n}, orderBy: [{field: dueDate}]) { totalCount edges { cursor node { ${NODE}${nested} } } pageInfo { hasNextPage } } }`;
    const small = await statementsFor(q(5));
    const large = await statementsFor(q(50));
    expect(small.rows).toBe(5);
    expect(large.rows).toBe(50);
    expect(large.count).toBe(small.count);
    expect(large.count).toBe(1); // totalCount rides in the page statement too
    console.log(`invoices(first 5|50) + totalCount: ${small.count}|${large.count} statements`);
  });

  it('a single invoice with everything nested is one statement', async () => {
    const [{ id }] = (await svc.gql(apiKey, '{ invoice(limit: 1) { id } }')).data.invoice;
    spy.mockClear();
    const res = await svc.gql(apiKey, `{ invoiceById(id: "${id}") { ${NODE}${nested} } }`);
    expect(res.errors).toBeUndefined();
    expect(spy.mock.calls.length).toBe(1);
  });

  it('an empty page still answers totalCount, with a count statement of its own', async () => {
    const all = (await svc.gql(apiKey, '{ invoices(first: 500) { totalCount pageInfo { endCursor } } }')).data.invoices;
    expect(all.totalCount).toBe(60);
    const past = await statementsFor(`{ invoices(first: 5, after: "${all.pageInfo.endCursor}") { totalCount nodes { id } } }`);
    expect(past.rows).toBe(0);
    expect(past.count).toBe(2);
    const res = await svc.gql(apiKey, `{ invoices(first: 5, after: "${all.pageInfo.endCursor}") { totalCount } }`);
    expect(res.data.invoices.totalCount).toBe(60);
  });

  it("customers with their invoices (and those invoices' line items) batch per relation too", async () => {
    const q = (n: number) => `{ customers(limit: ${n}) { id contacts { id } invoices(limit: 3) { id customer { id } lineItems { id } } } }`;
    const small = await statementsFor(q(2));
    const large = await statementsFor(q(10));
    expect(small.rows).toBe(2);
    expect(large.rows).toBe(10);
    expect(large.count).toBe(small.count);
    expect(large.count).toBe(5); // customers + contacts + invoices (LATERAL) + customer + line items
  });

  it('rendered by PostgreSQL, 5 and 50 rows with every relation are one statement, and one invoice too', async () => {
    await rendered.gql(apiKey, '{ viewer { tenantId } }'); // cache the key on this service as well
    const small = await statementsFor(`{ invoice(limit: 5) { ${NODE}${nested} } }`, rendered);
    const large = await statementsFor(`{ invoice(limit: 50) { ${NODE}${nested} } }`, rendered);
    expect([small.rows, large.rows]).toEqual([5, 50]);
    expect([small.count, large.count]).toEqual([1, 1]);
    expect(spy.mock.calls.map((c) => String(c[0]?.text ?? c[0]))[0]).toContain('json_agg');
    const [{ id }] = (await rendered.gql(apiKey, '{ invoice(limit: 1) { id } }')).data.invoice;
    spy.mockClear();
    expect((await rendered.gql(apiKey, `{ invoiceById(id: "${id}") { ${NODE}${nested} } }`)).errors).toBeUndefined();
    expect(spy.mock.calls.length).toBe(1);
  });
});
