import { randomUUID } from 'node:crypto';
import { InvoiceStatus } from '../../src/invoices/invoice-status';
import { insertCustomer, insertInvoice } from '../fixtures/factories';
import { startTestService, TestService } from '../support/test-service';

/** Nue's `invoice(where, orderBy, limit, offset)` list through GraphQL on real PostgreSQL. */
describe('invoice(where, orderBy, limit, offset)', () => {
  let svc: TestService;
  let apiKey: string;
  let tenantId: string;
  let acme: string;
  let globex: string;
  const acmeActive: string[] = [];

  // Nue's seed query, field for field (invoicePdf included).
  const NUE_FIELDS = 'amount amountWithoutTax balance createdDate customerId dueDate endDate invoiceDate name invoicePdf paymentStatus startDate status taxAmount';
  const nueQuery = (customerId: string, fields = NUE_FIELDS) =>
    `{ invoice(where: {and: [{customer: {id: {eq: "${customerId}"}}}, {status: {eq: "active"}}]}) { ${fields} } }`;

  beforeAll(async () => {
    svc = await startTestService();
    ({ apiKey, tenantId } = await svc.newTenant('List tenant'));
    const ds = svc.dataSource;
    acme = await insertCustomer(ds, tenantId, { companyName: 'Acme' });
    globex = await insertCustomer(ds, tenantId, { companyName: 'Globex' });
    // Acme: 3 active (different totals), 1 draft, 1 canceled; Globex: 2 active.
    acmeActive.push(await insertInvoice(ds, tenantId, {
      customerId: acme, status: InvoiceStatus.ACTIVE, invoiceNumber: 'L-0001', dueDate: '2025-08-30',
      lines: [{ quantity: '2', unitPrice: '100.165' }, { quantity: '1', unitPrice: '26.00' }], taxAmount: '12.50',
    }));
    acmeActive.push(await insertInvoice(ds, tenantId, { customerId: acme, status: InvoiceStatus.ACTIVE, invoiceNumber: 'L-0002', dueDate: '2025-07-15', lines: [{ quantity: '1', unitPrice: '226.33' }] }));
    acmeActive.push(await insertInvoice(ds, tenantId, { customerId: acme, status: InvoiceStatus.ACTIVE, invoiceNumber: 'L-0003', dueDate: '2025-07-15', lines: [{ quantity: '3', unitPrice: '10' }] }));
    await insertInvoice(ds, tenantId, { customerId: acme, status: InvoiceStatus.DRAFT, invoiceNumber: 'L-0004' });
    await insertInvoice(ds, tenantId, { customerId: acme, status: InvoiceStatus.CANCELED, invoiceNumber: 'L-0005' });
    await insertInvoice(ds, tenantId, { customerId: globex, status: InvoiceStatus.ACTIVE, invoiceNumber: 'L-0006' });
    await insertInvoice(ds, tenantId, { customerId: globex, status: InvoiceStatus.ACTIVE, invoiceNumber: 'L-0007' });
  });
  afterAll(() => svc.stop());

  it("runs Nue's seed query as written and returns exactly the customer's active invoices with their totals", async () => {
    const res = await svc.gql(apiKey, nueQuery(acme));
    expect(res.errors).toBeUndefined();
    const rows = res.data.invoice as any[];
    expect(rows.map((r) => r.name).sort()).toEqual(['L-0001', 'L-0002', 'L-0003']);
    const first = rows.find((r) => r.name === 'L-0001');
    // 2 x 100.165 = 200.33 (half-up to cents) + 26.00 = 226.33; tax 12.50; total 238.83.
    expect(first).toEqual({
      amount: '238.83', amountWithoutTax: '226.33', balance: '238.83', taxAmount: '12.50',
      createdDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), customerId: acme,
      dueDate: '2025-08-30', endDate: '2025-06-30', invoiceDate: '2025-07-01', startDate: '2025-01-01',
      name: 'L-0001', paymentStatus: 'UNPAID', status: 'ACTIVE',
      invoicePdf: expect.stringContaining(`/invoices/${acmeActive[0]}/pdf?token=`),
    });
    expect(rows.find((r) => r.name === 'L-0002')).toMatchObject({ amount: '226.33', balance: '226.33' });
    for (const r of rows) expect(r.customerId).toBe(acme);
  });

  it('accepts the status in any case and as an enum-style literal', async () => {
    for (const status of ['"ACTIVE"', '"Active"', 'ACTIVE', '"issued"']) {
      const res = await svc.gql(apiKey, `{ invoice(where: {customerId: {eq: "${acme}"}, status: {eq: ${status}}}) { name } }`);
      expect(res.errors).toBeUndefined();
      expect(res.data.invoice).toHaveLength(3);
    }
  });

  it("shows another tenant nothing of this tenant's invoices", async () => {
    const other = await svc.newTenant('Other tenant');
    const res = await svc.gql(other.apiKey, nueQuery(acme));
    expect(res.errors).toBeUndefined();
    expect(res.data.invoice).toEqual([]);
    const all = await svc.gql(other.apiKey, '{ invoice(limit: 500) { id } }');
    expect(all.data.invoice).toEqual([]);
  });

  it('orders by several fields, ascending and descending, with the id as tie-break', async () => {
    const res = await svc.gql(apiKey, `{ invoice(where: {customerId: {eq: "${acme}"}}, orderBy: [{field: dueDate, direction: DESC}, {field: amount}]) { id name dueDate amount } }`);
    expect(res.errors).toBeUndefined();
    const names = (res.data.invoice as any[]).map((r) => r.name);
    // L-0004/L-0005 have the fixture's default due date 2025-07-31, both amount 100.00: tie on both keys -> id order.
    const [d4, d5] = (res.data.invoice as any[]).filter((r) => r.dueDate === '2025-07-31').map((r) => r.id);
    expect([d4, d5]).toEqual([d4, d5].sort());
    expect(names[0]).toBe('L-0001');
    expect(names.slice(3)).toEqual(['L-0003', 'L-0002']); // same due date 2025-07-15, amount 30.00 < 226.33
    const desc = await svc.gql(apiKey, `{ invoice(where: {customerId: {eq: "${acme}"}}, orderBy: [{field: dueDate}, {field: amount, direction: DESC}]) { name } }`);
    expect((desc.data.invoice as any[]).map((r) => r.name).slice(0, 2)).toEqual(['L-0002', 'L-0003']);
  });

  it('pages with limit/offset over every row exactly once, in order', async () => {
    const all = await svc.gql(apiKey, '{ invoice(orderBy: [{field: name}], limit: 500) { name } }');
    const expected = (all.data.invoice as any[]).map((r) => r.name);
    expect(expected).toEqual(['L-0001', 'L-0002', 'L-0003', 'L-0004', 'L-0005', 'L-0006', 'L-0007']);
    const seen: string[] = [];
    for (let offset = 0; offset < 10; offset += 3) {
      const page = await svc.gql(apiKey, `{ invoice(orderBy: [{field: name}], limit: 3, offset: ${offset}) { name } }`);
      seen.push(...(page.data.invoice as any[]).map((r) => r.name));
    }
    expect(seen).toEqual(expected);
    const def = await svc.gql(apiKey, '{ invoice { id } }');
    expect(def.data.invoice).toHaveLength(7); // default limit 25
    const nulls = await svc.gql(apiKey, '{ invoice(limit: null, offset: null) { id } }');
    expect(nulls.errors).toBeUndefined();
    expect(nulls.data.invoice).toHaveLength(7); // explicit null = the defaults
  });

  it('hides soft-deleted invoices unless the filter mentions isActive', async () => {
    const gone = await insertInvoice(svc.dataSource, tenantId, { customerId: globex, status: InvoiceStatus.ACTIVE, invoiceNumber: 'L-0099' });
    await svc.dataSource.query('UPDATE invoice SET is_active = false WHERE tenant_id = $1 AND id = $2', [tenantId, gone]);
    const hidden = await svc.gql(apiKey, `{ invoice(where: {customerId: {eq: "${globex}"}}) { name } }`);
    expect((hidden.data.invoice as any[]).map((r) => r.name).sort()).toEqual(['L-0006', 'L-0007']);
    const shown = await svc.gql(apiKey, `{ invoice(where: {customerId: {eq: "${globex}"}, isActive: {eq: false}}) { name isActive } }`);
    expect(shown.data.invoice).toEqual([{ name: 'L-0099', isActive: false }]);
    await svc.dataSource.query('DELETE FROM invoice_line_item WHERE tenant_id = $1 AND invoice_id = $2', [tenantId, gone]);
    await svc.dataSource.query('DELETE FROM invoice WHERE tenant_id = $1 AND id = $2', [tenantId, gone]);
  });

  it.each([
    ['limit 501', '{ invoice(limit: 501) { id } }', ['limit']],
    ['negative limit', '{ invoice(limit: -1) { id } }', ['limit']],
    ['negative offset', '{ invoice(offset: -5) { id } }', ['offset']],
    ['unknown status', '{ invoice(where: {status: {eq: "paidish"}}) { id } }', ['where', 'status', 'eq']],
    ['malformed customer uuid', '{ invoice(where: {customer: {id: {eq: "001ks00000dvz1ayad"}}}) { id } }', ['where', 'customer', 'id', 'eq']],
  ])('refuses %s with BAD_USER_INPUT and the path', async (_name, query, path) => {
    const res = await svc.gql(apiKey, query);
    expect(res.data?.invoice ?? null).toBeNull();
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', path });
  });

  it('answers an unknown filter field as a GraphQL validation error', async () => {
    const res = await svc.gql(apiKey, '{ invoice(where: {colour: {eq: "red"}}) { id } }');
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('returns an empty list for a well-formed id that matches nothing', async () => {
    const res = await svc.gql(apiKey, `{ invoice(where: {customer: {id: {eq: "${randomUUID()}"}}}) { id } }`);
    expect(res.data.invoice).toEqual([]);
  });
});
