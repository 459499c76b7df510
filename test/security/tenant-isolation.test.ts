import { InvoiceStatus } from '../../src/invoices/invoice-status';
import { insertCustomer, insertInvoice } from '../fixtures/factories';
import { startTestService, TestService } from '../support/test-service';
import { requireRootFields } from './schema-contract';

/**
 * Another tenant's ids answer exactly like ids that do not exist: in queries, in mutations and in
 * PDF links. Tenant A owns the rows; tenant B (the caller) tries to reach them.
 */
describe("another tenant's ids answer as not found", () => {
  let svc: TestService;
  let a: { tenantId: string; apiKey: string };
  let b: { tenantId: string; apiKey: string };
  let aCustomer: string;
  let aDraft: string;
  let aActive: string;
  let bInvoice: string;
  let aSnapshot: unknown;

  const snapshotOfA = () =>
    svc.dataSource.query(
      `SELECT id, status, amount, balance, amount_paid, notes, due_date, version,
              (SELECT count(*)::int FROM payment p WHERE p.tenant_id = i.tenant_id AND p.invoice_id = i.id) AS payments,
              (SELECT count(*)::int FROM invoice_history h WHERE h.tenant_id = i.tenant_id AND h.invoice_id = i.id) AS history
         FROM invoice i WHERE tenant_id = $1 ORDER BY id`,
      [a.tenantId],
    );

  beforeAll(async () => {
    svc = await startTestService();
    a = await svc.newTenant('Isolation A');
    b = await svc.newTenant('Isolation B');
    aCustomer = await insertCustomer(svc.dataSource, a.tenantId, { companyName: 'Secret Corp' });
    aDraft = await insertInvoice(svc.dataSource, a.tenantId, { customerId: aCustomer, notes: 'A draft' });
    aActive = await insertInvoice(svc.dataSource, a.tenantId, { customerId: aCustomer, status: InvoiceStatus.ACTIVE, notes: 'A active' });
    const bCustomer = await insertCustomer(svc.dataSource, b.tenantId);
    bInvoice = await insertInvoice(svc.dataSource, b.tenantId, { customerId: bCustomer, status: InvoiceStatus.ACTIVE });
    aSnapshot = await snapshotOfA();
  });
  afterAll(async () => {
    // Whatever B tried, A's rows are exactly as they were.
    if (aSnapshot) expect(await snapshotOfA()).toEqual(aSnapshot);
    await svc.stop();
  });

  it('invoiceById and invoice(where: {id}) find nothing', async () => {
    await requireRootFields(svc, 'Query', ['invoiceById', 'invoice', 'invoices']);
    const own = await svc.gql(a.apiKey, 'query($id: ID!) { invoiceById(id: $id) { id } }', { id: aDraft });
    expect(own.data?.invoiceById?.id).toBe(aDraft); // the id is real

    const byId = await svc.gql(b.apiKey, 'query($id: ID!) { invoiceById(id: $id) { id notes } }', { id: aDraft });
    expect(byId.errors).toBeUndefined();
    expect(byId.data?.invoiceById).toBeNull();

    const list = await svc.gql(b.apiKey, 'query($id: ID!) { invoice(where: {id: {eq: $id}}) { id } }', { id: aActive });
    expect(list.errors).toBeUndefined();
    expect(list.data?.invoice).toEqual([]);

    const inList = await svc.gql(b.apiKey, 'query($ids: [ID!]) { invoices(where: {id: {in: $ids}}) { totalCount nodes { id } } }', { ids: [aDraft, aActive, bInvoice] });
    expect(inList.errors).toBeUndefined();
    expect(inList.data?.invoices).toEqual({ totalCount: 1, nodes: [{ id: bInvoice }] });

    const byCustomer = await svc.gql(b.apiKey, 'query($c: ID!) { invoice(where: {customer: {id: {eq: $c}}}) { id } }', { c: aCustomer });
    expect(byCustomer.data?.invoice).toEqual([]);
    const byName = await svc.gql(b.apiKey, '{ invoice(where: {customer: {companyName: {contains: "Secret"}}}) { id } }');
    expect(byName.data?.invoice).toEqual([]);
  });

  it("customer(id) of another tenant is null", async () => {
    await requireRootFields(svc, 'Query', ['customer']);
    const res = await svc.gql(b.apiKey, 'query($id: ID!) { customer(id: $id) { id companyName } }', { id: aCustomer });
    expect(res.errors).toBeUndefined();
    expect(res.data?.customer).toBeNull();
  });

  it('payment mutations on another tenant\'s invoice answer INVOICE_NOT_FOUND', async () => {
    await requireRootFields(svc, 'Mutation', ['recordPayment']);
    const res = await svc.gql(b.apiKey, 'mutation($id: ID!) { recordPayment(invoiceId: $id, input: {amount: "1.00", method: CASH}) { payment { id } } }', { id: aActive });
    expect(res.errors?.[0].extensions?.code).toBe('INVOICE_NOT_FOUND');
    expect(res.data?.recordPayment ?? null).toBeNull();
  });

  it('bulk lifecycle mutations by id report INVOICE_NOT_FOUND per invoice and change nothing', async () => {
    await requireRootFields(svc, 'Mutation', ['activateInvoices', 'cancelInvoices', 'voidInvoices', 'deleteInvoices']);
    for (const mutation of ['activateInvoices', 'cancelInvoices', 'voidInvoices', 'deleteInvoices']) {
      const res = await svc.gql(b.apiKey, `mutation($ids: [ID!]) { ${mutation}(input: {invoiceIds: $ids}) { succeededCount failedCount results { invoiceId success error { code } } } }`, { ids: [aDraft, aActive] });
      expect(res.errors).toBeUndefined();
      const out = res.data?.[mutation];
      expect(out.succeededCount).toBe(0);
      for (const r of out.results) {
        expect(r.success).toBe(false);
        expect(r.error.code).toBe('INVOICE_NOT_FOUND');
      }
    }
  });

  it('single-invoice mutations answer INVOICE_NOT_FOUND', async () => {
    await requireRootFields(svc, 'Mutation', ['updateInvoice', 'applyDiscount', 'removeDiscount', 'addInvoiceComment']);
    const calls: Array<[string, string]> = [
      ['updateInvoice', 'mutation($id: ID!) { updateInvoice(id: $id, input: {notes: "pwned"}) { id } }'],
      ['applyDiscount', 'mutation($id: ID!) { applyDiscount(invoiceId: $id, discount: {type: AMOUNT, value: "1"}) { id } }'],
      ['removeDiscount', 'mutation($id: ID!) { removeDiscount(invoiceId: $id) { id } }'],
      ['addInvoiceComment', 'mutation($id: ID!) { addInvoiceComment(invoiceId: $id, comment: "pwned") { __typename } }'],
    ];
    for (const [name, query] of calls) {
      const res = await svc.gql(b.apiKey, query, { id: aDraft });
      expect({ name, code: res.errors?.[0].extensions?.code }).toEqual({ name, code: 'INVOICE_NOT_FOUND' });
    }
  });

  it("createInvoice with another tenant's customer answers CUSTOMER_NOT_FOUND", async () => {
    await requireRootFields(svc, 'Mutation', ['createInvoice']);
    const res = await svc.gql(b.apiKey, 'mutation($c: ID!) { createInvoice(input: {customerId: $c, lineItems: [{description: "x", quantity: "1", unitPrice: "1.00"}]}) { id } }', { c: aCustomer });
    expect(res.errors?.[0].extensions?.code).toBe('CUSTOMER_NOT_FOUND');
  });

  it("a PDF link cannot be re-pointed at another tenant's invoice", async () => {
    await requireRootFields(svc, 'Query', ['invoiceById']);
    const res = await svc.gql(b.apiKey, 'query($id: ID!) { invoiceById(id: $id) { invoicePdf } }', { id: bInvoice });
    const link = res.data?.invoiceById?.invoicePdf as string | undefined;
    if (!link) throw new Error(`Invoice.invoicePdf is not available yet: ${JSON.stringify(res.errors ?? res.data)}`);
    const own = await fetch(link);
    expect(own.status).toBe(200);
    const forged = await fetch(link.replace(bInvoice, aActive));
    expect([403, 404]).toContain(forged.status);
    expect(forged.headers.get('content-type') ?? '').not.toContain('pdf');
  });
});
