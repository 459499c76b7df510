import 'reflect-metadata';
import fc from 'fast-check';
import { mentionsIsActive } from '../../src/read/where';
import { startTestService, TestService } from '../support/test-service';
import { FilterDataset, generateDataset, insertDataset } from '../fixtures/filter-dataset';
import { evaluateWhere, indexData, RefData } from './reference-evaluator';
import { whereArbitrary } from './where-arbitraries';

/**
 * The filter language through the real HTTP GraphQL service: Nue's query as written, enum-style
 * and quoted statuses, errors with codes and paths, soft-deleted invoices hidden by default,
 * tenant isolation, and random where trees sent as variables compared with the reference.
 */
let svc: TestService;
let apiKey: string;
let otherKey: string;
let data: FilterDataset;
let ref: RefData;

beforeAll(async () => {
  svc = await startTestService();
  const tenant = await svc.newTenant('filters-graphql');
  apiKey = tenant.apiKey;
  otherKey = (await svc.newTenant('filters-graphql-other')).apiKey;
  data = generateDataset(tenant.tenantId, 4242, 120);
  await insertDataset(svc.dataSource, data);
  ref = indexData(data.customers, data.lineItems, data.payments);
});

afterAll(async () => {
  await svc?.stop();
});

const LIST = 'query($w: InvoiceWhereInput) { invoice(where: $w, limit: 500) { id } }';
const expectedIds = (where: Record<string, unknown> | null) =>
  data.invoices
    .filter((row) => (mentionsIsActive(where as never) || row.isActive === true) && evaluateWhere(where, row, ref))
    .map((r) => r.id as string).sort();

async function listIds(where: unknown, key = apiKey): Promise<string[]> {
  const res = await svc.gql<{ invoice: Array<{ id: string }> }>(key, LIST, { w: where });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.invoice.map((r) => r.id).sort();
}

it("runs Nue's query as written and returns that customer's active invoices", async () => {
  const customer = data.customers.find((c) => data.invoices.filter((i) => i.customerId === c.id && i.status === 'ACTIVE' && i.isActive).length >= 2)!;
  const res = await svc.gql(apiKey, `{ invoice(where: {and: [{customer: {id: {eq: "${customer.id}"}}}, {status: {eq: "active"}}]}) { amount amountWithoutTax balance createdDate customerId dueDate endDate invoiceDate name paymentStatus startDate status taxAmount } }`);
  expect(res.errors).toBeUndefined();
  const expected = data.invoices.filter((i) => i.customerId === customer.id && i.status === 'ACTIVE' && i.isActive);
  expect(res.data.invoice).toHaveLength(expected.length);
  for (const row of res.data.invoice) {
    expect(row).toMatchObject({ customerId: customer.id, status: 'ACTIVE' });
    expect(expected.map((e) => e.invoiceNumber)).toContain(row.name);
  }
});

it('accepts statuses bare, quoted, in any case and by alias', async () => {
  const active = expectedIds({ status: { eq: 'ACTIVE' } });
  expect(active.length).toBeGreaterThan(0);
  for (const literal of ['ACTIVE', 'active', '"active"', '"Active"', '"Issued"']) {
    const res = await svc.gql(apiKey, `{ invoice(where: {status: {eq: ${literal}}}, limit: 500) { id } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.invoice.map((r: { id: string }) => r.id).sort()).toEqual(active);
  }
});

it.each<[string, string, unknown[]]>([
  ['unknown status', '{status: {eq: "archived"}}', ['where', 'status', 'eq']],
  ['bad uuid', '{customer: {id: {eq: "42"}}}', ['where', 'customer', 'id', 'eq']],
  ['bad date', '{and: [{status: {eq: DRAFT}}, {dueDate: {gte: "2025-13-01"}}]}', ['where', 'and', 1, 'dueDate', 'gte']],
  ['bad decimal', '{lineItems: {some: {amount: {gt: "1,5"}}}}', ['where', 'lineItems', 'some', 'amount', 'gt']],
  ['empty object', '{notes: {}}', ['where', 'notes']],
  ['empty where', '{}', ['where']],
  ['and: []', '{and: []}', ['where', 'and']],
])('%s: BAD_USER_INPUT with the path', async (_name, where, path) => {
  const res = await svc.gql(apiKey, `{ invoice(where: ${where}) { id } }`);
  expect(res.data?.invoice ?? null).toBeNull();
  expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', path });
});

it('unknown fields and operators are GraphQL validation errors', async () => {
  for (const where of ['{bogus: {eq: 1}}', '{status: {contains: "x"}}', '{amount: {startsWith: "1"}}']) {
    const res = await svc.gql(apiKey, `{ invoice(where: ${where}) { id } }`);
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  }
});

it('hides soft-deleted invoices unless the filter names isActive', async () => {
  const deleted = data.invoices.filter((i) => !i.isActive).map((i) => i.id as string).sort();
  expect(deleted.length).toBeGreaterThan(0);
  expect((await listIds(null)).filter((id) => deleted.includes(id))).toEqual([]);
  expect(await listIds({ isActive: { eq: false } })).toEqual(deleted);
  expect((await listIds({ or: [{ isActive: { eq: true } }, { isActive: { eq: false } }] })).length).toBe(data.invoices.length);
});

it("another tenant's key sees none of these invoices, whatever the filter", async () => {
  expect(await listIds({ or: [{ isActive: { eq: true } }, { isActive: { eq: false } }] }, otherKey)).toEqual([]);
  expect(await listIds({ id: { in: data.invoices.slice(0, 5).map((i) => i.id) } }, otherKey)).toEqual([]);
});

it('random where trees through GraphQL variables equal the reference (100 cases)', async () => {
  await fc.assert(
    fc.asyncProperty(whereArbitrary(data), async (where) => {
      expect(await listIds(where)).toEqual(expectedIds(where));
    }),
    { numRuns: 100 },
  );
}, 300_000);
