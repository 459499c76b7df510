import { Client } from 'pg';
import { InvoiceStatus } from '../../src/invoices/invoice-status';
import { insertContact, insertCustomer, insertInvoice } from '../fixtures/factories';
import { startTestService, TestService } from '../support/test-service';

/**
 * No N+1: a page of invoices with nested customer, contact, line items, payments, comments and
 * history costs the same number of SQL statements for 5 rows as for 50. The planner (src/read)
 * answers each root field with one statement whatever it nests; the fallback resolvers (checked
 * on a service with the planner off) batch every relation through a DataLoader, one statement
 * per relation. Statements are counted at the pg driver (every statement of the process goes
 * through Client.prototype.query), so nothing can slip past the count.
 */
describe('SQL statements per request are constant in the page size', () => {
  let svc: TestService;
  let fallback: TestService;
  let apiKey: string;
  let nested = '';
  let spy: jest.SpyInstance;

  beforeAll(async () => {
    svc = await startTestService();
    fallback = await startTestService({ readPlanner: false });
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
    await fallback.stop();
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

  it('invoice(limit): 5 and 50 rows with every relation are one statement', async () => {
    const small = await statementsFor(`{ invoice(limit: 5) { ${NODE}${nested} } }`);
    const large = await statementsFor(`{ invoice(limit: 50) { ${NODE}${nested} } }`);
    expect([small.rows, large.rows]).toEqual([5, 50]);
    // One statement: the page, its relations as JSON built by PostgreSQL; the key is cached (API_KEY_CACHE_MS).
    expect([small.count, large.count]).toEqual([1, 1]);
    const page = spy.mock.calls.map((c) => String(typeof c[0] === 'string' ? c[0] : c[0]?.text))[0];
    expect(page).toContain('string_agg(row_to_json(x)');
    // The page statement reads only the asked columns.
    expect(page).not.toMatch(/\bi\.(notes|custom_fields|po_number|sales_rep)/);
    console.log(`invoice(limit 5|50) with customer, billToContact, lineItems${nested}: ${small.count}|${large.count} statements\n  ${large.sql.join('\n  ')}`);
  });

  it('invoices(first) with totalCount: 5 and 50 rows are one statement', async () => {
    const q = (n: number) => `{ invoices(first: ${n}, orderBy: [{field: dueDate}]) { totalCount edges { cursor node { ${NODE}${nested} } } pageInfo { hasNextPage } } }`;
    const small = await statementsFor(q(5));
    const large = await statementsFor(q(50));
    expect([small.rows, large.rows]).toEqual([5, 50]);
    expect([small.count, large.count]).toEqual([1, 1]); // totalCount rides in the page statement
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

  it("customers with their invoices (and those invoices' line items): one statement planned, one per relation on the fallback", async () => {
    const q = (n: number) => `{ customers(limit: ${n}) { id contacts { id } invoices(limit: 3) { id customer { id } lineItems { id } } } }`;
    const small = await statementsFor(q(2));
    const large = await statementsFor(q(10));
    expect([small.rows, large.rows, small.count, large.count]).toEqual([2, 10, 1, 1]);
    await fallback.gql(apiKey, '{ viewer { tenantId } }'); // cache the key on this service as well
    const viaFallback = [await statementsFor(q(2), fallback), await statementsFor(q(10), fallback)];
    expect(viaFallback.map((r) => r.rows)).toEqual([2, 10]);
    // customers + contacts + invoices (LATERAL per customer) + customer + line items
    expect(viaFallback.map((r) => r.count)).toEqual([5, 5]);
  });

  it('on the fallback, 5 and 50 rows with every relation cost the same statements: one per relation', async () => {
    await fallback.gql(apiKey, '{ viewer { tenantId } }');
    const small = await statementsFor(`{ invoice(limit: 5) { ${NODE}${nested} } }`, fallback);
    const large = await statementsFor(`{ invoice(limit: 50) { ${NODE}${nested} } }`, fallback);
    expect([small.rows, large.rows]).toEqual([5, 50]);
    expect(large.count).toBe(small.count);
    expect(large.count).toBe(4 + nested.split('{').length - 1); // invoices, customer, contact, lines and each nested list
  });
});
