import { randomUUID } from 'node:crypto';
import { InvoiceStatus } from '../../src/invoices/invoice-status';
import { insertContact, insertCustomer, insertInvoice } from '../fixtures/factories';
import { startTestService, TestService } from '../support/test-service';

/** invoiceById, its nested relations, and the customer queries. */
describe('invoiceById and customers', () => {
  let svc: TestService;
  let apiKey: string;
  let tenantId: string;
  let customerId: string;
  let contactId: string;
  let invoiceId: string;

  beforeAll(async () => {
    svc = await startTestService();
    ({ apiKey, tenantId } = await svc.newTenant('ById tenant'));
    const ds = svc.dataSource;
    customerId = await insertCustomer(ds, tenantId, { companyName: 'Initech', customerNumber: 'C-1', companyEmail: 'ap@initech.example' });
    await insertCustomer(ds, tenantId, { companyName: 'Hooli', customerNumber: 'C-2' });
    contactId = await insertContact(ds, tenantId, customerId, { firstName: 'Peter', lastName: 'Gibbons', email: 'peter@initech.example' });
    invoiceId = await insertInvoice(ds, tenantId, {
      customerId, billToContactId: contactId, status: InvoiceStatus.ACTIVE, invoiceNumber: 'BY-0001', currency: 'JPY',
      lines: [{ quantity: '3', unitPrice: '1000', description: 'Stapler' }, { quantity: '1', unitPrice: '499.6', description: 'Toner' }],
    });
  });
  afterAll(() => svc.stop());

  const FULL = `{ id name invoiceNumber status amount currencyIsoCode isActive
    customer { id companyName customerNumber billingAddress { city } }
    billToContact { id firstName lastName email }
    lineItems { lineNumber description quantity unitPrice amount } }`;

  it('returns one invoice with its customer, bill-to contact and line items in order', async () => {
    const res = await svc.gql(apiKey, `query($id: ID!) { invoiceById(id: $id) ${FULL} }`, { id: invoiceId });
    expect(res.errors).toBeUndefined();
    expect(res.data.invoiceById).toEqual({
      id: invoiceId, name: 'BY-0001', invoiceNumber: 'BY-0001', status: 'ACTIVE', amount: '3500', currencyIsoCode: 'JPY', isActive: true,
      customer: { id: customerId, companyName: 'Initech', customerNumber: 'C-1', billingAddress: { city: 'Springfield' } },
      billToContact: { id: contactId, firstName: 'Peter', lastName: 'Gibbons', email: 'peter@initech.example' },
      lineItems: [
        { lineNumber: 1, description: 'Stapler', quantity: '3', unitPrice: '1000', amount: '3000' },
        { lineNumber: 2, description: 'Toner', quantity: '1', unitPrice: '499.6', amount: '500' },
      ],
    });
  });

  it("answers null for an unknown id and for another tenant's invoice", async () => {
    const unknown = await svc.gql(apiKey, `{ invoiceById(id: "${randomUUID()}") { id } }`);
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data.invoiceById).toBeNull();
    const other = await svc.newTenant('ById other');
    const foreign = await svc.gql(other.apiKey, `{ invoiceById(id: "${invoiceId}") { id name } }`);
    expect(foreign.errors).toBeUndefined();
    expect(foreign.data.invoiceById).toBeNull();
    const foreignCustomer = await svc.gql(other.apiKey, `{ customer(id: "${customerId}") { id } }`);
    expect(foreignCustomer.data.customer).toBeNull();
  });

  it('refuses a malformed id with BAD_USER_INPUT and the path', async () => {
    const res = await svc.gql(apiKey, '{ invoiceById(id: "inv-311") { id } }');
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', path: ['id'] });
  });

  it('requires an API key', async () => {
    const res = await svc.gql(undefined, `{ invoiceById(id: "${invoiceId}") { id } }`);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("lists each customer's invoices in one batch, filtered and limited per customer", async () => {
    await insertInvoice(svc.dataSource, tenantId, { customerId, status: InvoiceStatus.DRAFT, invoiceNumber: 'BY-0002' });
    const res = await svc.gql(apiKey, `{ customers { companyName
      invoices(orderBy: [{field: name, direction: DESC}], limit: 5) { name }
      active: invoices(where: {status: {eq: "active"}}) { name status } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.customers).toEqual([
      { companyName: 'Hooli', invoices: [], active: [] },
      { companyName: 'Initech', invoices: [{ name: 'BY-0002' }, { name: 'BY-0001' }], active: [{ name: 'BY-0001', status: 'ACTIVE' }] },
    ]);
    const limited = await svc.gql(apiKey, `{ customer(id: "${customerId}") { invoices(orderBy: [{field: name}], limit: 1) { name } } }`);
    expect(limited.data.customer.invoices).toEqual([{ name: 'BY-0001' }]);
  });

  it('lists customers by name with a simple filter, and a customer with its contacts', async () => {
    const all = await svc.gql(apiKey, '{ customers { companyName customerNumber } }');
    expect(all.errors).toBeUndefined();
    expect(all.data.customers).toEqual([{ companyName: 'Hooli', customerNumber: 'C-2' }, { companyName: 'Initech', customerNumber: 'C-1' }]);
    const filtered = await svc.gql(apiKey, '{ customers(where: {companyName: {contains: "NITE"}}) { id } }');
    expect(filtered.data.customers).toEqual([{ id: customerId }]);
    const paged = await svc.gql(apiKey, '{ customers(limit: 1, offset: 1) { companyName } }');
    expect(paged.data.customers).toEqual([{ companyName: 'Initech' }]);
    const one = await svc.gql(apiKey, `{ customer(id: "${customerId}") { companyName companyEmail contacts { firstName } } }`);
    expect(one.data.customer).toEqual({ companyName: 'Initech', companyEmail: 'ap@initech.example', contacts: [{ firstName: 'Peter' }] });
    const bad = await svc.gql(apiKey, '{ customers(limit: 501) { id } }');
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', path: ['limit'] });
  });

  it('customer filters fold case beyond ASCII, like the invoice filters', async () => {
    const other = await svc.newTenant('Unicode customers');
    const id = await insertCustomer(svc.dataSource, other.tenantId, { companyName: 'Ünïcorn Straße GmbH', companyEmail: 'Billing@Ünïcorn.example' });
    await insertCustomer(svc.dataSource, other.tenantId, { companyName: 'Unicorn Street Ltd' });
    // Full case folding: ß is "ss", so both spellings find it.
    for (const spelling of ['üNÏCORN STRASSE', 'üNÏCORN STRAßE']) {
      const byName = await svc.gql(other.apiKey, `{ customers(where: {companyName: {contains: "${spelling}"}}) { id } }`);
      expect(byName.errors).toBeUndefined();
      expect(byName.data.customers).toEqual([{ id }]);
    }
    const byEmail = await svc.gql(other.apiKey, '{ customers(where: {companyEmail: {eqIgnoreCase: "billing@üNÏCORN.EXAMPLE"}}) { id } }');
    expect(byEmail.data.customers).toEqual([{ id }]);
  });
});
