import { insertContact, insertCustomer, insertInvoice } from '../fixtures/factories';
import { startTestService, TestService } from '../support/test-service';
import { InvoiceStatus } from '../../src/invoices/invoice-status';

const INVOICE = `id invoiceNumber status paymentStatus currencyIsoCode subtotal discountAmount amountWithoutTax taxAmount shippingAndHandling
  amount amountPaid balance isActive invoiceDate dueDate notes poNumber version
  history { action fromStatus toStatus actorId changes }`;
const CREATE = `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { ${INVOICE} } }`;
const CREATE_MANY = `mutation($inputs: [CreateInvoiceInput!]!) { createInvoices(inputs: $inputs) {
  createdCount existingCount softDeletedCount failedCount
  results { index invoiceNumber outcome invoice { id invoiceNumber isActive amountPaid balance } error { code message path } } } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateInvoiceInput!, $version: Int) { updateInvoice(id: $id, input: $input, version: $version) { ${INVOICE} } }`;

describe('createInvoice / createInvoices / updateInvoice', () => {
  let svc: TestService;
  let key: { tenantId: string; apiKey: string; apiKeyId: string };
  let customerId: string;
  beforeAll(async () => {
    svc = await startTestService();
    key = await svc.newTenant('Create tenant');
    customerId = await insertCustomer(svc.dataSource, key.tenantId);
  });
  afterAll(() => svc.stop());

  const gql = (q: string, v: Record<string, unknown>) => svc.gql(key.apiKey, q, v);

  it('creates a DRAFT with exact totals, gapless INV-00000001 numbers and a create history entry', async () => {
    const input = {
      customerId, currencyIsoCode: 'USD', invoiceDate: '2025-07-01', paymentTerms: 'Net30',
      lineItems: [
        { description: 'Widget', quantity: '3', unitPrice: '19.99', taxAmount: '1.20' },
        { description: 'Gadget', quantity: '1', unitPrice: '0.333', discountAmount: '0.03' },
      ],
      discount: { type: 'PERCENTAGE', value: '10', code: 'TEN' },
      shippingAndHandling: '5.00',
    };
    const a = await gql(CREATE, { input });
    expect(a.errors).toBeUndefined();
    const inv = a.data.createInvoice;
    // lines: 59.97 and round(0.333)=0.33-0.03=0.30 -> subtotal 60.27; 10% = 6.03 (half-up of 6.027)
    expect(inv).toMatchObject({
      invoiceNumber: 'INV-00000001', status: 'DRAFT', paymentStatus: 'UNPAID', subtotal: '60.27', discountAmount: '6.03',
      amountWithoutTax: '54.24', taxAmount: '1.20', shippingAndHandling: '5.00', amount: '60.44', amountPaid: '0.00', balance: '60.44',
      dueDate: '2025-07-31', version: 1,
    });
    expect(inv.history).toEqual([{ action: 'CREATE', fromStatus: null, toStatus: 'DRAFT', actorId: key.apiKeyId, changes: null }]);
    const b = await gql(CREATE, { input: { customerId, lineItems: [] } });
    expect(b.data.createInvoice.invoiceNumber).toBe('INV-00000002');
  });

  it('refuses bad money per field with VALIDATION_FAILED and changes nothing', async () => {
    const before = await svc.dataSource.query('SELECT count(*) FROM invoice WHERE tenant_id = $1', [key.tenantId]);
    const res = await gql(CREATE, {
      input: { customerId, currencyIsoCode: 'JPY', shippingAndHandling: '1.5', lineItems: [{ description: 'x', quantity: '-1', unitPrice: '100' }] },
    });
    expect(res.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
    const fields = res.errors![0].extensions!.fields.map((f: any) => f.field).sort();
    expect(fields).toEqual(['input.lineItems.0.quantity', 'input.shippingAndHandling']);
    const cur = await gql(CREATE, { input: { customerId, currencyIsoCode: 'XXX' } });
    expect(cur.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', path: ['input', 'currencyIsoCode'] });
    const cv = await gql(CREATE, { input: { customerId, lineItems: [{ description: '', quantity: '1', unitPrice: '1' }] } });
    expect(cv.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
    expect(cv.errors?.[0].extensions?.fields[0].field).toMatch(/lineItems\.0\.description$/);
    const after = await svc.dataSource.query('SELECT count(*) FROM invoice WHERE tenant_id = $1', [key.tenantId]);
    expect(after).toEqual(before);
  });

  it('imports Nymble invoices: supplied number, imported total/balance as one IMPORTED payment, duplicate refused', async () => {
    const res = await gql(CREATE, {
      input: { customerId, invoiceNumber: 'NYM-00892', currencyIsoCode: 'KWD', importedInvoiceTotal: '100.500', importedBalance: '40.250',
        lineItems: [{ description: 'Legacy', quantity: '1', unitPrice: '99' }] },
    });
    expect(res.errors).toBeUndefined();
    const inv = res.data.createInvoice;
    expect(inv).toMatchObject({ invoiceNumber: 'NYM-00892', amount: '100.500', amountPaid: '60.250', balance: '40.250', paymentStatus: 'PARTIALLY_PAID' });
    const pays = await svc.dataSource.query('SELECT amount, method, status FROM payment WHERE tenant_id = $1 AND invoice_id = $2', [key.tenantId, inv.id]);
    expect(pays).toEqual([{ amount: '60.250', method: 'IMPORTED', status: 'COMPLETED' }]);
    const dup = await gql(CREATE, { input: { customerId, invoiceNumber: 'NYM-00892' } });
    expect(dup.errors?.[0].extensions).toMatchObject({ code: 'DUPLICATE_INVOICE_NUMBER', invoiceId: inv.id });
    const over = await gql(CREATE, { input: { customerId, invoiceNumber: 'NYM-X', importedInvoiceTotal: '10', importedBalance: '11' } });
    expect(over.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', path: ['input', 'importedBalance'] });
  });

  it('createInvoices is idempotent on invoiceNumber, reports per input, and isActive:false soft-deletes the match', async () => {
    const batch = [
      { customer: { customerNumber: 'C-77', companyName: 'Acme' }, invoiceNumber: 'IMP-1', lineItems: [{ description: 'a', quantity: '1', unitPrice: '10' }] },
      { customer: { customerNumber: 'C-77', companyName: 'Acme' }, invoiceNumber: 'IMP-2', importedInvoiceTotal: '50', importedBalance: '0' },
      { customerId, invoiceNumber: 'IMP-3', currencyIsoCode: 'JPY', shippingAndHandling: '0.5' },
    ];
    const first = await gql(CREATE_MANY, { inputs: batch });
    expect(first.errors).toBeUndefined();
    expect(first.data.createInvoices).toMatchObject({ createdCount: 2, existingCount: 0, failedCount: 1 });
    expect(first.data.createInvoices.results[2]).toMatchObject({ outcome: 'FAILED', error: { code: 'VALIDATION_FAILED', path: ['inputs', '2', 'shippingAndHandling'] } });
    expect(first.data.createInvoices.results[1].invoice).toMatchObject({ amountPaid: '50.00', balance: '0.00' });
    const second = await gql(CREATE_MANY, { inputs: batch.slice(0, 2) });
    expect(second.data.createInvoices).toMatchObject({ createdCount: 0, existingCount: 2 });
    expect(second.data.createInvoices.results.map((r: any) => r.invoice.id)).toEqual(first.data.createInvoices.results.slice(0, 2).map((r: any) => r.invoice.id));
    const customers = await svc.dataSource.query("SELECT count(*)::int AS n FROM customer WHERE tenant_id = $1 AND customer_number = 'C-77'", [key.tenantId]);
    expect(customers[0].n).toBe(1);
    const del = await gql(CREATE_MANY, { inputs: [{ customerId, invoiceNumber: 'IMP-1', isActive: false }] });
    expect(del.data.createInvoices.results[0]).toMatchObject({ outcome: 'SOFT_DELETED', invoice: { isActive: false } });
    const again = await gql(CREATE_MANY, { inputs: [{ customerId, invoiceNumber: 'IMP-1', isActive: false }] });
    expect(again.data.createInvoices.results[0].outcome).toBe('EXISTING');
    const count = await svc.dataSource.query("SELECT count(*)::int AS n FROM invoice WHERE tenant_id = $1 AND invoice_number LIKE 'IMP-%'", [key.tenantId]);
    expect(count[0].n).toBe(2);
  });

  it('the same import batch sent twice at once still creates each invoice once, with gapless generated numbers', async () => {
    const t = await svc.newTenant('Race import');
    const c = await insertCustomer(svc.dataSource, t.tenantId);
    const batch = Array.from({ length: 5 }, (_, i) => ({ customerId: c, invoiceNumber: `RACE-${i}` }));
    const [a, b] = await Promise.all([svc.gql(t.apiKey, CREATE_MANY, { inputs: batch }), svc.gql(t.apiKey, CREATE_MANY, { inputs: batch })]);
    expect(a.data.createInvoices.createdCount + b.data.createInvoices.createdCount).toBe(5);
    expect(a.data.createInvoices.existingCount + b.data.createInvoices.existingCount).toBe(5);
    const generated = await Promise.all(Array.from({ length: 8 }, () => svc.gql(t.apiKey, CREATE, { input: { customerId: c } })));
    const numbers = generated.map((g) => g.data.createInvoice.invoiceNumber).sort();
    expect(numbers).toEqual(Array.from({ length: 8 }, (_, i) => `INV-${String(i + 1).padStart(8, '0')}`));
  });

  it('updateInvoice: partial, history of changed fields, idempotent repeat, VERSION_CONFLICT on a stale version', async () => {
    const contact = await insertContact(svc.dataSource, key.tenantId, customerId);
    const id = await insertInvoice(svc.dataSource, key.tenantId, { customerId, invoiceDate: '2025-07-01', dueDate: '2025-07-31', paymentTerms: 'Net30' });
    const r1 = await gql(UPDATE, { id, input: { notes: 'hello', billToContactId: contact, invoiceDate: '2025-08-01' }, version: 1 });
    expect(r1.errors).toBeUndefined();
    expect(r1.data.updateInvoice).toMatchObject({ notes: 'hello', invoiceDate: '2025-08-01', dueDate: '2025-08-31', version: 2 });
    const last = r1.data.updateInvoice.history.at(-1);
    expect(last.action).toBe('UPDATE');
    expect(last.changes).toMatchObject({ notes: { from: null, to: 'hello' }, invoiceDate: { from: '2025-07-01', to: '2025-08-01' }, dueDate: { from: '2025-07-31', to: '2025-08-31' } });
    const repeat = await gql(UPDATE, { id, input: { notes: 'hello' } });
    expect(repeat.data.updateInvoice.version).toBe(2);
    expect(repeat.data.updateInvoice.history).toHaveLength(1);
    const stale = await gql(UPDATE, { id, input: { notes: 'other' }, version: 1 });
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: 2, retryable: true });
    const lines = await gql(UPDATE, { id, input: { lineItems: [{ description: 'n', quantity: '4', unitPrice: '2.50' }] }, version: 2 });
    expect(lines.data.updateInvoice).toMatchObject({ subtotal: '10.00', amount: '10.00', balance: '10.00', version: 3 });
    const missing = await gql(UPDATE, { id: '00000000-0000-4000-8000-000000000000', input: { notes: 'x' } });
    expect(missing.errors?.[0].extensions?.code).toBe('INVOICE_NOT_FOUND');
    const other = await svc.newTenant('Other');
    const foreign = await svc.gql(other.apiKey, UPDATE, { id, input: { notes: 'x' } });
    expect(foreign.errors?.[0].extensions?.code).toBe('INVOICE_NOT_FOUND');
  });

  it("updateInvoice takes Nymble's create fields on a DRAFT: customer details and a new invoiceNumber", async () => {
    const id = await insertInvoice(svc.dataSource, key.tenantId, { customerId });
    const WITH_CUSTOMER = UPDATE.replace('history {', 'customer { id customerNumber companyName } history {');
    const details = { customerNumber: 'C-UPD-1', companyName: 'Moved Co', companyEmail: 'ap@moved.example' };
    const moved = await gql(WITH_CUSTOMER, { id, input: { customer: details, invoiceNumber: 'IMP-2025-7' } });
    expect(moved.errors).toBeUndefined();
    const inv = moved.data.updateInvoice;
    expect(inv).toMatchObject({ invoiceNumber: 'IMP-2025-7', customer: { customerNumber: 'C-UPD-1', companyName: 'Moved Co' }, version: 2 });
    expect(inv.customer.id).not.toBe(customerId);
    expect(inv.history.at(-1).changes).toMatchObject({ customerId: { from: customerId, to: inv.customer.id }, invoiceNumber: { to: 'IMP-2025-7' } });
    // The same details match the same customer (by customerNumber): nothing changes.
    const again = await gql(WITH_CUSTOMER, { id, input: { customer: details } });
    expect(again.data.updateInvoice).toMatchObject({ version: 2, customer: { id: inv.customer.id } });

    const before = await svc.dataSource.query('SELECT row_to_json(i) r FROM invoice i WHERE id = $1', [id]);
    const both = await gql(UPDATE, { id, input: { customerId, customer: details } });
    expect(both.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(JSON.stringify(both.errors?.[0].extensions)).toContain('give one of customerId, customerExternalId and customer');
    await insertInvoice(svc.dataSource, key.tenantId, { customerId, invoiceNumber: 'TAKEN-1' });
    const taken = await gql(UPDATE, { id, input: { invoiceNumber: 'TAKEN-1', notes: 'x' } });
    expect(taken.errors?.[0].extensions).toMatchObject({ code: 'DUPLICATE_INVOICE_NUMBER', path: ['input', 'invoiceNumber'] });
    const spaced = await gql(UPDATE, { id, input: { invoiceNumber: ' X' } });
    expect(spaced.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
    expect(await svc.dataSource.query('SELECT row_to_json(i) r FROM invoice i WHERE id = $1', [id])).toEqual(before);

    const active = await insertInvoice(svc.dataSource, key.tenantId, { customerId, status: InvoiceStatus.ACTIVE });
    const refused = await gql(UPDATE, { id: active, input: { customer: details, invoiceNumber: 'NEW-1' } });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'FIELD_NOT_EDITABLE' });
    expect(refused.errors![0].extensions!.fields.map((f: any) => f.field).sort()).toEqual(['input.customer', 'input.invoiceNumber']);
  });

  it('ACTIVE and PENDING_ACTIVATION accept only the Nue after-activation fields', async () => {
    for (const status of [InvoiceStatus.ACTIVE, InvoiceStatus.PENDING_ACTIVATION]) {
      const id = await insertInvoice(svc.dataSource, key.tenantId, { customerId, status });
      const ok = await gql(UPDATE, { id, input: { dueDate: '2025-09-30', poNumber: 'PO-1', notes: 'n', customFields: { a: 1 } } });
      expect(ok.errors).toBeUndefined();
      expect(ok.data.updateInvoice).toMatchObject({ dueDate: '2025-09-30', poNumber: 'PO-1', status });
      const before = await svc.dataSource.query('SELECT row_to_json(i) r FROM invoice i WHERE id = $1', [id]);
      const bad = await gql(UPDATE, { id, input: { notes: 'm', lineItems: [], invoiceDate: '2025-01-01' } });
      expect(bad.errors?.[0].extensions).toMatchObject({ code: 'FIELD_NOT_EDITABLE', status });
      expect(bad.errors![0].extensions!.fields.map((f: any) => f.field).sort()).toEqual(['input.invoiceDate', 'input.lineItems']);
      expect(await svc.dataSource.query('SELECT row_to_json(i) r FROM invoice i WHERE id = $1', [id])).toEqual(before);
    }
  });
});
