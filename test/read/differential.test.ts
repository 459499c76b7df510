import { getNamedType, GraphQLObjectType, GraphQLSchema, isObjectType } from 'graphql';
import { DiscountType, InvoiceStatus } from '../../src/invoices/invoice-status';
import { metricsFor } from '../../src/observability/metrics';
import { readTypes } from '../../src/read/registry';
import { Params, ReadWorkload, requestFor } from '../../bench/lib/workloads';
import { insertContact, insertCustomer, insertInvoice } from '../fixtures/factories';
import { fail, payTenant, PayTenant, record, refund } from '../payments/payment-support';
import { startTestService, TestService } from '../support/test-service';

/**
 * The planner (src/read) against the fallback resolvers, byte for byte. Two services share one
 * database: `planned` (the default) and `fallback` (READ_PLANNER off). Every document goes to
 * both, twice to the planned one (through Apollo, then the planned-answers path); status and
 * body must be identical, and the executions metric says which executor answered. The main
 * documents are generated from the schema and select every field of every read type, so a
 * field added to the registry is compared without editing this test.
 */
describe('planner and fallback answer alike', () => {
  let planned: TestService;
  let fallback: TestService;
  let t: PayTenant;
  let other: PayTenant;
  const ids: string[] = [];
  const selected = new Set<string>();

  const executors = async (): Promise<Record<string, number>> => {
    const metric = await metricsFor(planned.deps).executions.get();
    return Object.fromEntries(metric.values.map((v) => [String(v.labels.executor), v.value]));
  };

  /** Sends the document to both services; returns the planned body and the executors the planned service used. */
  async function both(query: string, variables?: Record<string, unknown>, apiKey: string | null = t.apiKey) {
    const post = (svc: TestService) =>
      fetch(svc.server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(apiKey ? { 'x-api-key': apiKey } : {}) },
        body: JSON.stringify({ query, variables }),
      }).then(async (res) => `${res.status} ${await res.text()}`);
    const before = await executors();
    const first = await post(planned);
    const second = await post(planned);
    const after = await executors();
    const expected = await post(fallback);
    expect(first).toBe(expected);
    expect(second).toBe(expected);
    const ran = Object.keys(after).filter((k) => (after[k] ?? 0) > (before[k] ?? 0));
    return { body: JSON.parse(first.slice(4)), ran };
  }

  /** Arguments given to fields that take them, in the generated documents. */
  const ARGUMENTS: Record<string, string> = { invoices: '(limit: 2, orderBy: [{field: invoiceNumber}])' };

  /** Every field of `type` through its relations, `depth` levels deep, each type once per path. */
  function everyField(schema: GraphQLSchema, type: GraphQLObjectType, depth: number, path: string[] = []): string {
    const parts: string[] = ['__typename'];
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      const args = ARGUMENTS[field.name] ?? '';
      if (isObjectType(named)) {
        if (depth === 0 || path.includes(named.name)) continue;
        parts.push(`${field.name}${args} { ${everyField(schema, named, depth - 1, [...path, type.name])} }`);
        if (field.name === 'availableActions') parts.push(`refused: availableActions(allowed: false) { action reasonCode message }`);
      } else parts.push(field.name);
      selected.add(`${type.name}.${field.name}`);
    }
    return parts.join(' ');
  }

  beforeAll(async () => {
    planned = await startTestService();
    fallback = await startTestService({ readPlanner: false });
    // Same links on both (the PDF link carries the public URL).
    planned.deps.config.publicUrl = fallback.deps.config.publicUrl = 'http://billing.test';
    t = await payTenant(planned, 'Differential tenant');
    other = await payTenant(planned, 'Differential, other tenant');
    const ds = planned.dataSource;
    await ds.query(`UPDATE customer SET customer_number = 'C-1', company_email = 'a@b.c', shipping_address = 'null'::jsonb,
      billing_address = '{"street": "1 \\"Quoted\\" Rd\\n\\tBack\\\\slash", "city": "Zürich 日本 😀", "country": 7}'::jsonb WHERE id = $1`, [t.customerId]);
    const bare = await insertCustomer(ds, t.tenantId, { companyName: 'Bare \u0001 Co\u2028' });
    await ds.query(`UPDATE customer SET billing_address = NULL WHERE id = $1`, [bare]);
    const contact = await insertContact(ds, t.tenantId, t.customerId, { firstName: 'Zoë', lastName: 'Ångström', email: 'zoe@example.com' });
    // Customer history: a change of the customer and one of its contacts.
    const changed = await planned.gql(t.apiKey, `mutation($id: ID!, $k: ID!) {
      updateCustomer(id: $id, input: {externalId: "001ks00000dvz1ayad", companyPhone: "+1 555 \\"0\\""}) { id }
      updateContact(id: $k, input: {phone: "12"}) { id } }`, { id: t.customerId, k: contact });
    expect(changed.errors).toBeUndefined();

    ids.push(await insertInvoice(ds, t.tenantId, {
      customerId: t.customerId, billToContactId: contact, status: InvoiceStatus.ACTIVE, currency: 'KWD',
      notes: 'Line "one"\nline\ttwo \\ \u0007 é 😀', poNumber: 'PO-1', externalId: 'ext-1', customFields: { b: 1, 10: 'x', n: 1.5, deep: { z: [1, null] } },
      discount: { type: DiscountType.PERCENTAGE, value: '12.5', code: 'SAVE', description: 'Twelve and a half' },
      lines: [{ quantity: '1.5', unitPrice: '10.333', description: 'Widget "A"' }, { quantity: '2', unitPrice: '10.125' }],
      taxAmount: '1.234', shippingAndHandling: '0.500',
    }));
    ids.push(await insertInvoice(ds, t.tenantId, {
      customerId: bare, currency: 'JPY', invoiceDate: null, dueDate: null, startDate: null, endDate: null, paymentTerms: null,
      lines: [{ quantity: '3', unitPrice: '700' }], createdDate: new Date('2001-02-03T04:05:06.789Z'),
    }));
    ids.push(await insertInvoice(ds, t.tenantId, { customerId: t.customerId, status: InvoiceStatus.CANCELED, notes: 'third', lines: [] }));
    ids.push(await insertInvoice(ds, t.tenantId, { customerId: t.customerId, notes: 'second', lines: [{ quantity: '1', unitPrice: '250.00' }] }));
    await ds.query(`UPDATE invoice SET sales_rep = '{"repNumber": "R-9", "fullName": "Rita \\"Rep\\"", "email": null}'::jsonb,
      created_date = created_date + interval '123457 microseconds' WHERE id = $1`, [ids[0]]);
    await ds.query(`UPDATE invoice SET sales_rep = 'null'::jsonb, is_active = false WHERE id = $1`, [ids[1]]);

    // Payments (completed, failed, with card details) and refunds; comments and lifecycle history.
    const paid = (await record(planned, t, ids[0], '1.000', { cardBrand: 'visa', cardLast4: '4242', referenceNumber: 'R "1"' })).data.recordPayment.payment;
    expect((await refund(planned, t, ids[0], paid.id, '0.250', { reason: 'partial\nrefund' })).errors).toBeUndefined();
    expect((await refund(planned, t, ids[0], paid.id, '0.125')).errors).toBeUndefined();
    const pending = (await record(planned, t, ids[0], '0.100', { status: 'PENDING', method: 'CARD' })).data.recordPayment.payment;
    expect((await fail(planned, t, ids[0], pending.id, 'card declined')).errors).toBeUndefined();
    const commented = await planned.gql(t.apiKey, 'mutation($id: ID!) { addInvoiceComment(invoiceId: $id, comment: "Looks \\"fine\\" 👍") { id } }', { id: ids[3] });
    expect(commented.errors).toBeUndefined();
    const activated = await planned.gql(t.apiKey, 'mutation($ids: [ID!]) { activateInvoices(input: {invoiceIds: $ids, invoiceComment: {comment: "go"}}) { succeededCount } }', { ids: [ids[3]] });
    expect(activated.data.activateInvoices.succeededCount).toBe(1);
    await planned.gql(t.apiKey, 'mutation($id: ID!, $f: JSONObject) { updateInvoice(id: $id, input: {customFields: $f}) { id } }', { id: ids[3], f: { a: { b: 2.0 } } });
    await insertInvoice(ds, other.tenantId, { customerId: other.customerId, status: InvoiceStatus.ACTIVE });
  });
  afterAll(async () => {
    await planned?.stop();
    await fallback?.stop();
  });

  it('answers every field of every read type, generated from the schema, on the planner', async () => {
    const schema = planned.schema;
    const type = (name: string) => schema.getType(name) as GraphQLObjectType;
    const invoice = everyField(schema, type('Invoice'), 3);
    const documents: Array<[string, Record<string, unknown>?]> = [
      ...ids.map((id): [string, Record<string, unknown>] => [`query($id: ID!) { invoiceById(id: $id) { ${invoice} } }`, { id }]),
      [`{ invoice(orderBy: [{field: invoiceNumber}], where: {isActive: {isNull: false}}) { ${invoice} } }`],
      [`{ customers { ${everyField(schema, type('Customer'), 3)} } }`],
      [`query($id: ID!) { customer(id: $id) { ${everyField(schema, type('Customer'), 2)} } }`, { id: t.customerId }],
      [`{ invoices(first: 2, orderBy: [{field: invoiceNumber}]) { ${everyField(schema, type('InvoiceConnection'), 3)} } }`],
    ];
    for (const [query, variables] of documents) {
      const { body, ran } = await both(query, variables);
      expect(body.errors).toBeUndefined();
      expect([query.slice(0, 40), ran]).toEqual([query.slice(0, 40), ['planner']]);
    }
    // Every field of the registry was selected (a new one is covered by the documents above).
    const registered = readTypes().flatMap((r) => Object.keys(r.fields).map((f) => `${r.name}.${f}`));
    expect(registered.filter((f) => !selected.has(f))).toEqual([]);
  });

  it('pages forward and backward with keyset cursors alike', async () => {
    const q = (args: string) => `{ invoices(${args}, orderBy: [{field: amount, direction: DESC}]) { totalCount edges { cursor node { id amount } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
    const first = await both(q('first: 1'));
    const cursor = first.body.data.invoices.pageInfo.endCursor;
    for (const args of [`first: 1, after: "${cursor}"`, `last: 1, before: "${cursor}"`, 'last: 2', `first: 5, after: "${cursor}"`]) {
      const { body, ran } = await both(q(args));
      expect(body.errors).toBeUndefined();
      expect(ran).toEqual(['planner']);
    }
    // An empty page still counts, with a statement of its own.
    const all = await both(q('first: 500'));
    const past = await both(`{ invoices(first: 5, after: "${all.body.data.invoices.pageInfo.endCursor}", orderBy: [{field: amount, direction: DESC}]) { totalCount nodes { id } } }`);
    expect(past.body).toEqual({ data: { invoices: { totalCount: 3, nodes: [] } } });
  });

  it("answers Nue's query, filters, orders, aliases, fragments, directives and several root fields alike", async () => {
    const where = { or: [{ notes: { eq: 'third' } }, { and: [{ not: { status: { eq: 'draft' } } }, { customer: { id: { eq: t.customerId } } }] }] };
    const documents: Array<[string, Record<string, unknown>?]> = [
      [`query W1($c: ID!) { invoice(where: {and: [{customer: {id: {eq: $c}}}, {status: {eq: "active"}}]}) {
        amount amountWithoutTax balance createdDate customerId dueDate endDate invoiceDate name invoicePdf paymentStatus startDate status taxAmount } }`, { c: t.customerId }],
      [`query($w: InvoiceWhereInput, $n: Int) { invoice(where: $w, limit: $n, offset: 1, orderBy: [{field: amount, direction: DESC}]) { id amount } }`,
        { w: { currencyIsoCode: { in: ['USD', 'KWD'] } }, n: 2 }],
      [`query($id: ID!) {
        first: invoiceById(id: $id) { ...Money lineItems { ... on InvoiceLineItem { lineNumber amount } amount } id id }
        all: invoice { total: amount  ... { status } }
        __typename
      }
      fragment Money on Invoice { amount balance currency: currencyIsoCode customer { name: companyName } }`, { id: ids[0] }],
      ['{ invoice(where: {notes: {contains: "\\""}}) { notes customer { billingAddress { street city country __typename } shippingAddress { city } } } }'],
      ['query($id: ID!) { invoiceById(id: $id) { id } customer(id: $id) { id } }', { id: '00000000-0000-4000-8000-000000000000' }],
      ['{ invoice(limit: 0) { id } customers(limit: 0) { id } }'],
      [`query Shapes($w: InvoiceWhereInput, $n: Int = 5, $full: Boolean!, $none: ID!) {
        picked: invoice(where: $w, limit: $n, orderBy: {field: invoiceNumber}) { ...Row lineItems @include(if: $full) { amount } }
        missing: invoiceById(id: $none) { id }
        page: invoices(first: 1) { nodes { ...Row payments @skip(if: $full) { id } } }
      }
      fragment Row on Invoice { notes status amount }`, { w: where, full: true, none: '00000000-0000-4000-8000-000000000000' }],
      [`query($full: Boolean!) { invoice { id lineItems @include(if: $full) { id } history @skip(if: $full) { action } } }`, { full: false }],
      [`query Nested($w: InvoiceWhereInput!, $ids: [ID!]) { invoice(where: {and: [$w, {id: {in: $ids}}]}, orderBy: {field: invoiceNumber}) { notes } }`,
        { w: { not: { notes: { eq: 'second' } } }, ids }],
      // A single value for a list variable is a one-item list.
      ['query($ids: [ID!]) { invoice(where: {id: {in: $ids}}) { id } }', { ids: ids[0] }],
      [`query($s: String!, $a: DecimalValue) { invoice(where: {notes: {startsWith: $s}, amount: {gte: $a}}) { notes } }`, { s: 'L', a: '1' }],
      ['query($c: ID) { invoice(where: {customerId: {eq: $c}}) { id } }', { c: null }],
      [`{ customers(filter: {companyNameContains: "bare"}) { companyName invoices(where: {isActive: {eq: false}}) { id isActive } } }`],
      [`query($c: [ID!]) { customers(filter: {ids: $c}) { id } }`, { c: [t.customerId] }],
      [`query($e: String) { customers(filter: {companyEmail: $e}) { id } }`, { e: 'NOBODY@EXAMPLE.COM' }],
      [`query($w: CustomerWhereInput, $f: CustomerSortField!) { customers(where: $w, orderBy: [{field: $f, direction: DESC}]) { id externalId version history { action } } }`,
        { w: { or: [{ companyName: { contains: 'BARE' } }, { id: { eq: t.customerId } }] }, f: 'createdDate' }],
      [`{ customers(where: {companyName: {startsWith: "b"}}, orderBy: {field: companyName}) { companyName contacts { createdDate version } } }`],
      [`{ invoice(where: {availableAction: RECORD_PAYMENT}) { id availableActions(allowed: true) { action nextStatus } } }`],
    ];
    for (const [query, variables] of documents) {
      const { body, ran } = await both(query, variables);
      expect(body.errors).toBeUndefined();
      expect([query.slice(0, 60), ran]).toEqual([query.slice(0, 60), ['planner']]);
    }
  });

  it("answers the benchmark's read workloads (w1-w3, as bench/ sends them) on the planner", async () => {
    const auth = { apiKey: t.apiKey, tenantId: t.tenantId };
    const sets: Array<[ReadWorkload, Params]> = [
      ['w1', { customerId: t.customerId }],
      ['w2', { from: '2000-01-01', to: '2100-12-31' }],
      ...ids.map((invoiceId): [ReadWorkload, Params] => ['w3', { invoiceId }]),
    ];
    for (const [workload, params] of sets) {
      const { query, variables } = JSON.parse(requestFor('ours', workload, params, auth).body);
      const { body, ran } = await both(query, variables);
      expect(body.errors).toBeUndefined();
      expect([workload, ran]).toEqual([workload, ['planner']]);
    }
  });

  it("never shows another tenant's rows", async () => {
    const { body, ran } = await both('query($id: ID!, $c: ID!) { mine: invoiceById(id: $id) { id } all: invoice { id } customer(id: $c) { id } customers { id } }', { id: ids[0], c: t.customerId }, other.apiKey);
    expect(ran).toEqual(['planner']);
    expect(body.data.mine).toBeNull();
    expect(body.data.customer).toBeNull();
    expect(body.data.all).toHaveLength(1);
    expect(body.data.customers).toHaveLength(1);
  });

  it('leaves refused requests to the fallback, which gives the same errors', async () => {
    const refused: Array<[string, Record<string, unknown>?, string?]> = [
      ['query($id: ID!) { invoiceById(id: $id) { id } }', { id: 'not-a-uuid' }],
      ['{ invoice(limit: 100000) { id } }'],
      ['query($n: Int) { invoice(limit: $n) { id } }', { n: -1 }],
      ['{ invoice(where: {dueDate: {gt: "yesterday"}}) { id } }'],
      ['query($d: DateValue) { invoice(where: {dueDate: {gt: $d}}) { id } }', { d: 'yesterday' }],
      ['query($w: InvoiceWhereInput) { invoice(where: $w) { id } }', { w: { and: [{ amount: { eq: 'ten' } }] } }],
      ['query($n: Int) { invoice(limit: $n) { id } }', { n: 'ten' }],
      ['{ invoices(first: 1, last: 1) { nodes { id } } }'],
      ['{ invoices(after: "bogus") { nodes { id } } }'],
      ['query($c: ID) { invoice(where: {customerId: {ne: $c}}) { id } }', {}],
      ['{ invoice { id } }', undefined, 'no key'],
    ];
    for (const [query, variables, noKey] of refused) {
      const { body, ran } = await both(query, variables, noKey ? null : t.apiKey);
      expect([query, body.errors?.length]).toEqual([query, 1]);
      expect([query, ran]).toEqual([query, ['fallback']]);
    }
  });

  it('runs mutations, introspection and other root fields on the fallback', async () => {
    for (const query of ['{ viewer { tenantId } invoice { id } }', '{ __schema { queryType { name } } }', '{ __type(name: "Invoice") { name } }']) {
      const { body, ran } = await both(query);
      expect(body.errors).toBeUndefined();
      expect(ran).toEqual(['fallback']);
    }
  });
});
