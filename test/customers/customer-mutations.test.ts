import { startTestService, TestService } from '../support/test-service';

/**
 * Customers and contacts through the API: created and updated with validation, tenant scope,
 * idempotency keys, optimistic versions and history; a customer's externalId (Nue's ids are not
 * UUIDs) names it in invoice creation and in filters; `customers` takes the invoices' filter
 * language, and the old filter shape still works as a deprecated argument.
 */
const CUSTOMER = 'id externalId customerNumber companyName companyEmail companyPhone billingAddress { street city postalCode country } version';
const CREATE = `mutation($input: CreateCustomerInput!, $key: String) { createCustomer(input: $input, idempotencyKey: $key) { ${CUSTOMER} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateCustomerInput!, $version: Int) { updateCustomer(id: $id, input: $input, version: $version) { ${CUSTOMER} } }`;
const CONTACT = 'id customerId firstName lastName email phone version';
const CREATE_CONTACT = `mutation($input: CreateContactInput!, $key: String) { createContact(input: $input, idempotencyKey: $key) { ${CONTACT} } }`;
const UPDATE_CONTACT = `mutation($id: ID!, $input: UpdateContactInput!, $version: Int) { updateContact(id: $id, input: $input, version: $version) { ${CONTACT} } }`;

describe('customers and contacts', () => {
  let svc: TestService;
  let t: { tenantId: string; apiKey: string; apiKeyId: string };
  let other: { tenantId: string; apiKey: string };
  beforeAll(async () => {
    svc = await startTestService();
    t = await svc.newTenant('Customers tenant');
    other = await svc.newTenant('Other customers tenant');
  });
  afterAll(() => svc.stop());
  const gql = (query: string, variables?: Record<string, unknown>, key = t.apiKey) => svc.gql(key, query, variables);
  const codeOf = (res: { errors?: Array<{ extensions?: Record<string, any> }> }) => res.errors?.[0]?.extensions?.code;

  it('createCustomer: validated, unique externalId and customerNumber per tenant, idempotent with a key, with history', async () => {
    const input = {
      externalId: '001ks00000dvz1ayad', customerNumber: 'CUST-1', companyName: 'Globex', companyEmail: 'ap@globex.example', companyPhone: '+1 555 0100',
      billingAddress: { street: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' },
    };
    const first = await gql(CREATE, { input, key: 'cust-1' });
    expect(first.errors).toBeUndefined();
    expect(first.data.createCustomer).toMatchObject({ ...input, version: 1 });
    const replay = await gql(CREATE, { input, key: 'cust-1' });
    expect(replay.data.createCustomer.id).toBe(first.data.createCustomer.id);
    expect(codeOf(await gql(CREATE, { input: { ...input, companyName: 'Other' }, key: 'cust-1' }))).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await svc.dataSource.query('SELECT count(*)::int AS n FROM customer WHERE tenant_id = $1', [t.tenantId]))[0].n).toBe(1);

    const dupExternal = await gql(CREATE, { input: { externalId: input.externalId, companyName: 'Copy' } });
    expect(dupExternal.errors?.[0].extensions).toMatchObject({ code: 'DUPLICATE_CUSTOMER', path: ['input', 'externalId'] });
    const dupNumber = await gql(CREATE, { input: { customerNumber: 'CUST-1', companyName: 'Copy' } });
    expect(dupNumber.errors?.[0].extensions).toMatchObject({ code: 'DUPLICATE_CUSTOMER', path: ['input', 'customerNumber'] });
    // Another tenant may use the same external id.
    expect((await gql(CREATE, { input: { externalId: input.externalId, companyName: 'Theirs' } }, other.apiKey)).errors).toBeUndefined();

    const bad = await gql(CREATE, { input: { companyName: '', companyEmail: 'not-an-email', externalId: ' padded ' } });
    expect(bad.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
    expect(bad.errors?.[0].extensions?.fields.map((f: { field: string }) => f.field).sort()).toEqual(['input.companyEmail', 'input.companyName', 'input.externalId']);

    const history = await gql(`query($id: ID!) { customer(id: $id) { history { action actorId changes } } }`, { id: first.data.createCustomer.id });
    expect(history.data.customer.history).toEqual([{ action: 'CREATE_CUSTOMER', actorId: t.apiKeyId, changes: input }]);
  });

  it('updateCustomer: partial, optimistic version, a no-op keeps the version, history of each change, tenant-scoped', async () => {
    const created = (await gql(CREATE, { input: { companyName: 'Initech', companyEmail: 'ap@initech.example' } })).data.createCustomer;
    const same = await gql(UPDATE, { id: created.id, input: { companyName: 'Initech' }, version: 1 });
    expect(same.data.updateCustomer.version).toBe(1);
    const changed = await gql(UPDATE, { id: created.id, input: { externalId: '001ks00000initech', companyEmail: null, companyPhone: '555' }, version: 1 });
    expect(changed.errors).toBeUndefined();
    expect(changed.data.updateCustomer).toMatchObject({ externalId: '001ks00000initech', companyEmail: null, companyPhone: '555', companyName: 'Initech', version: 2 });
    const stale = await gql(UPDATE, { id: created.id, input: { companyName: 'Late' }, version: 1 });
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: 2, expectedVersion: 1 });
    expect(codeOf(await gql(UPDATE, { id: created.id, input: { companyName: null } }))).toBe('VALIDATION_FAILED');
    expect(codeOf(await gql(UPDATE, { id: created.id, input: { companyName: 'Theirs' } }, other.apiKey))).toBe('CUSTOMER_NOT_FOUND');

    // Two writers with the same version: one wins, the other is refused (nothing lost silently).
    const race = await Promise.all(['A', 'B'].map((n) => gql(UPDATE, { id: created.id, input: { companyName: `Initech ${n}` }, version: 2 })));
    expect(race.map(codeOf).sort()).toEqual([undefined, 'VERSION_CONFLICT'].sort());

    const history = await gql(`query($id: ID!) { customer(id: $id) { version history { action changes } } }`, { id: created.id });
    expect(history.data.customer.version).toBe(3);
    expect(history.data.customer.history.map((h: { action: string }) => h.action)).toEqual(['CREATE_CUSTOMER', 'UPDATE_CUSTOMER', 'UPDATE_CUSTOMER']);
    expect(history.data.customer.history[1].changes).toEqual({
      externalId: { from: null, to: '001ks00000initech' }, companyEmail: { from: 'ap@initech.example', to: null }, companyPhone: { from: null, to: '555' },
    });
  });

  it('createContact / updateContact, and Nue\'s billToContactId update on an invoice of a fresh tenant', async () => {
    const fresh = await svc.newTenant('Fresh Nue tenant');
    const g = (q: string, v?: Record<string, unknown>) => gql(q, v, fresh.apiKey);
    const customer = (await g(CREATE, { input: { externalId: '001ks00000dvz1ayad', companyName: 'Acme' } })).data.createCustomer;
    expect(codeOf(await g(CREATE_CONTACT, { input: { customerId: customer.id } }))).toBe('VALIDATION_FAILED');
    expect(codeOf(await gql(CREATE_CONTACT, { input: { customerId: customer.id, lastName: 'Nope' } }))).toBe('CUSTOMER_NOT_FOUND');
    const contact = await g(CREATE_CONTACT, { input: { customerId: customer.id, firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.example' }, key: 'contact-1' });
    expect(contact.errors).toBeUndefined();
    expect(contact.data.createContact).toMatchObject({ customerId: customer.id, firstName: 'Ada', version: 1 });
    expect((await g(CREATE_CONTACT, { input: { customerId: customer.id, firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.example' }, key: 'contact-1' })).data.createContact.id)
      .toBe(contact.data.createContact.id);
    const moved = await g(UPDATE_CONTACT, { id: contact.data.createContact.id, input: { phone: '+1 555 0101' }, version: 1 });
    expect(moved.data.updateContact).toMatchObject({ phone: '+1 555 0101', version: 2 });
    expect(codeOf(await g(UPDATE_CONTACT, { id: contact.data.createContact.id, input: { phone: 'x' }, version: 1 }))).toBe('VERSION_CONFLICT');
    expect(codeOf(await g(UPDATE_CONTACT, { id: contact.data.createContact.id, input: { firstName: null, lastName: null, email: null } }))).toBe('VALIDATION_FAILED');

    // Invoice creation names the customer by Nue's id; then Nue's update sets the bill-to contact.
    const invoice = await g(`mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id customerId } }`,
      { input: { customerExternalId: '001ks00000dvz1ayad', lineItems: [{ description: 'Seat', quantity: '1', unitPrice: '10.00' }] } });
    expect(invoice.errors).toBeUndefined();
    expect(invoice.data.createInvoice.customerId).toBe(customer.id);
    expect(codeOf(await g(`mutation { createInvoice(input: {customerExternalId: "001ks00000missing"}) { id } }`))).toBe('CUSTOMER_NOT_FOUND');
    const updated = await g(`mutation($id: ID!, $c: ID!) { updateInvoice(id: $id, input: {dueDate: "2025-08-30", billToContactId: $c}) { dueDate billToContact { firstName email } } }`,
      { id: invoice.data.createInvoice.id, c: contact.data.createContact.id });
    expect(updated.errors).toBeUndefined();
    expect(updated.data.updateInvoice).toEqual({ dueDate: '2025-08-30', billToContact: { firstName: 'Ada', email: 'ada@acme.example' } });
    const byExternal = await g(`{ invoice(where: {customer: {externalId: {eq: "001ks00000dvz1ayad"}}}) { id } }`);
    expect(byExternal.data.invoice).toEqual([{ id: invoice.data.createInvoice.id }]);

    const history = await g(`query($id: ID!) { customer(id: $id) { history { action contactId } } }`, { id: customer.id });
    expect(history.data.customer.history).toEqual([
      { action: 'CREATE_CUSTOMER', contactId: null },
      { action: 'CREATE_CONTACT', contactId: contact.data.createContact.id },
      { action: 'UPDATE_CONTACT', contactId: contact.data.createContact.id },
    ]);
  });

  describe('customers(where: CustomerWhereInput)', () => {
    let tenant: { apiKey: string };
    const ids: Record<string, string> = {};
    const list = async (args: string, variables?: Record<string, unknown>) => {
      const declared = [args.includes('$w') ? '$w: CustomerWhereInput' : '', args.includes('$f') ? '$f: CustomerListFilter' : ''].filter(Boolean);
      const res = await gql(`query${declared.length ? `(${declared.join(', ')})` : ''} { customers${args ? `(${args})` : ''} { companyName } }`, variables, tenant.apiKey);
      expect(res.errors).toBeUndefined();
      return res.data.customers.map((c: { companyName: string }) => c.companyName);
    };
    beforeAll(async () => {
      tenant = await svc.newTenant('Customer filter tenant');
      for (const [name, extra] of [['Alpha', { externalId: '001ks0000alpha', companyEmail: 'AP@Alpha.example', customerNumber: 'N-1' }], ['beta', { externalId: '001ks0000beta' }], ['Gamma', { customerNumber: 'N-3' }]] as const) {
        const res = await gql(CREATE, { input: { companyName: name, ...extra } }, tenant.apiKey);
        ids[name] = res.data.createCustomer.id;
      }
    });

    it('takes the filter language of invoices: fields, and/or/not, orderBy', async () => {
      expect(await list('')).toEqual(['Alpha', 'beta', 'Gamma']);
      expect(await list('where: $w', { w: { externalId: { startsWith: '001KS0000' } } })).toEqual(['Alpha', 'beta']);
      expect(await list('where: $w', { w: { externalId: { isNull: true } } })).toEqual(['Gamma']);
      expect(await list('where: $w', { w: { or: [{ customerNumber: { eq: 'N-3' } }, { companyEmail: { eqIgnoreCase: 'ap@alpha.EXAMPLE' } }] } })).toEqual(['Alpha', 'Gamma']);
      expect(await list('where: $w', { w: { not: { companyName: { contains: 'A' } } } })).toEqual([]);
      expect(await list('where: $w, orderBy: [{field: companyName, direction: DESC}]', { w: { id: { in: [ids.Alpha, ids.Gamma] } } })).toEqual(['Gamma', 'Alpha']);
      expect(await list('orderBy: [{field: externalId}], limit: 2')).toEqual(['Alpha', 'beta']);
      // The same compiler as the invoice filter's customer: refusals alike.
      const empty = await gql('{ customers(where: {}) { id } }', undefined, tenant.apiKey);
      expect(empty.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', path: ['where'] });
      const badId = await gql('{ customers(where: {id: {eq: "nope"}}) { id } }', undefined, tenant.apiKey);
      expect(badId.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('keeps the old shape working as the deprecated `filter` argument, on the same compiler', async () => {
      expect(await list('filter: $f', { f: { companyNameContains: 'ALP' } })).toEqual(['Alpha']);
      expect(await list('filter: $f', { f: { companyEmail: 'ap@ALPHA.example' } })).toEqual(['Alpha']);
      expect(await list('filter: $f', { f: { customerNumber: 'N-3' } })).toEqual(['Gamma']);
      expect(await list('filter: $f', { f: { ids: [ids.beta, ids.Gamma] } })).toEqual(['beta', 'Gamma']);
      expect(await list('filter: $f', { f: {} })).toEqual(['Alpha', 'beta', 'Gamma']);
      const both = await gql('query($w: CustomerWhereInput, $f: CustomerListFilter) { customers(where: $w, filter: $f) { id } }',
        { w: { companyName: { eq: 'Alpha' } }, f: { customerNumber: 'N-1' } }, tenant.apiKey);
      expect(both.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', path: ['filter'] });
      const type = await gql('{ __type(name: "Query") { fields { name args(includeDeprecated: true) { name isDeprecated type { name } } } } }', undefined, tenant.apiKey);
      const customers = type.data.__type.fields.find((f: { name: string }) => f.name === 'customers');
      expect(customers.args).toEqual(expect.arrayContaining([
        { name: 'where', isDeprecated: false, type: { name: 'CustomerWhereInput' } },
        { name: 'filter', isDeprecated: true, type: { name: 'CustomerListFilter' } },
      ]));
    });
  });
});
