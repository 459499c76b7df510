import { getNamedType, GraphQLObjectType, isObjectType } from 'graphql';
import { DiscountType, InvoiceStatus } from '../../src/invoices/invoice-status';
import { metricsFor } from '../../src/observability/metrics';
import { fieldRenderer } from '../../src/sql-rendering/field-renderers';
import '../../src/sql-rendering/rendered-fields';
import { insertContact, insertCustomer, insertInvoice } from '../fixtures/factories';
import { fail, payTenant, PayTenant, record, refund } from '../payments/payment-support';
import { startTestService, TestService } from '../support/test-service';

/**
 * Queries PostgreSQL renders whole (src/sql-rendering) must answer byte for byte what the
 * resolvers answer. Two services share one database: `rendered` (the default) and `resolvers`
 * (SQL_RENDERING off). Every document below goes to both; the bodies must be identical, and
 * the executions metric says which engine answered on the rendered service.
 */
describe('SQL-rendered queries', () => {
  let rendered: TestService;
  let resolvers: TestService;
  let t: PayTenant;
  let other: PayTenant;
  const ids: string[] = [];

  const engines = async (): Promise<Record<string, number>> => {
    const metric = await metricsFor(rendered.deps).executions.get();
    return Object.fromEntries(metric.values.map((v) => [String(v.labels.executor), v.value]));
  };

  /** Sends the document to both services; returns the body and the engine the rendered service used. */
  async function both(query: string, variables?: Record<string, unknown>, apiKey: string | null = t.apiKey) {
    const post = (svc: TestService) =>
      fetch(svc.server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(apiKey ? { 'x-api-key': apiKey } : {}) },
        body: JSON.stringify({ query, variables }),
      }).then(async (res) => `${res.status} ${await res.text()}`);
    const before = await engines();
    const fromRendered = await post(rendered);
    const after = await engines();
    const fromResolvers = await post(resolvers);
    expect(fromRendered).toBe(fromResolvers);
    const engine = Object.keys(after).find((k) => (after[k] ?? 0) - (before[k] ?? 0) === 1);
    return { body: JSON.parse(fromRendered.slice(4)), engine };
  }

  /**
   * Every field the renderers can answer, nested through the relations, built from the schema
   * so that a field given a renderer later is covered without editing this test.
   */
  function everyRenderedField(type: GraphQLObjectType, depth: number, seen: string[] = []): string {
    const parts: string[] = ['__typename'];
    for (const field of Object.values(type.getFields())) {
      if (!fieldRenderer(type, field.name)) continue;
      const named = getNamedType(field.type);
      if (isObjectType(named)) {
        if (depth === 0 || seen.includes(named.name)) continue;
        parts.push(`${field.name} { ${everyRenderedField(named, depth - 1, [...seen, type.name])} }`);
      } else parts.push(field.name);
    }
    return parts.join(' ');
  }

  beforeAll(async () => {
    rendered = await startTestService();
    resolvers = await startTestService({ sqlRendering: false });
    // Same links on both (the PDF link carries the public URL).
    rendered.deps.config.publicUrl = resolvers.deps.config.publicUrl = 'http://billing.test';
    t = await payTenant(rendered, 'Rendered queries tenant');
    other = await payTenant(rendered, 'Rendered queries, other tenant');
    const ds = rendered.dataSource;
    await ds.query(`UPDATE customer SET customer_number = 'C-1', company_email = 'a@b.c', shipping_address = 'null'::jsonb,
      billing_address = '{"street": "1 \\"Quoted\\" Rd\\n\\tBack\\\\slash", "city": "Zürich 日本 😀", "country": 7}'::jsonb WHERE id = $1`, [t.customerId]);
    const bare = await insertCustomer(ds, t.tenantId, { companyName: 'Bare \u0001 Co\u2028' });
    await ds.query(`UPDATE customer SET billing_address = NULL WHERE id = $1`, [bare]);
    const contact = await insertContact(ds, t.tenantId, t.customerId, { firstName: 'Zoë', email: 'zoe@example.com' });

    ids.push(await insertInvoice(ds, t.tenantId, {
      customerId: t.customerId, billToContactId: contact, status: InvoiceStatus.ACTIVE, currency: 'KWD',
      notes: 'Line "one"\nline\ttwo \\ \u0007 é 😀', poNumber: 'PO-1', externalId: 'ext-1', customFields: { b: 1, 10: 'x' },
      discount: { type: DiscountType.PERCENTAGE, value: '12.5', code: 'SAVE', description: 'Twelve and a half' },
      lines: [{ quantity: '1.5', unitPrice: '0.333', description: 'Widget "A"' }, { quantity: '2', unitPrice: '10.125' }],
      taxAmount: '1.234', shippingAndHandling: '0.500',
    }));
    ids.push(await insertInvoice(ds, t.tenantId, {
      customerId: bare, currency: 'JPY', invoiceDate: null, dueDate: null, startDate: null, endDate: null, paymentTerms: null,
      lines: [{ quantity: '3', unitPrice: '700' }], createdDate: new Date('2001-02-03T04:05:06.789Z'),
    }));
    ids.push(await insertInvoice(ds, t.tenantId, { customerId: t.customerId, status: InvoiceStatus.CANCELED, lines: [] }));
    ids.push(await insertInvoice(ds, t.tenantId, { customerId: t.customerId, lines: [{ quantity: '1', unitPrice: '250.00' }] }));
    await ds.query(`UPDATE invoice SET sales_rep = '{"repNumber": "R-9", "fullName": "Rita \\"Rep\\"", "email": null}'::jsonb,
      created_date = created_date + interval '123457 microseconds' WHERE id = $1`, [ids[0]]);
    await ds.query(`UPDATE invoice SET sales_rep = 'null'::jsonb WHERE id = $1`, [ids[1]]);

    // Payments (completed, failed, with card details) and a refund; a comment and lifecycle history.
    const paid = (await record(rendered, t, ids[0], '1.000', { cardBrand: 'visa', cardLast4: '4242', referenceNumber: 'R "1"' })).data.recordPayment.payment;
    expect((await refund(rendered, t, ids[0], paid.id, '0.250', { reason: 'partial\nrefund' })).errors).toBeUndefined();
    const pending = (await record(rendered, t, ids[0], '0.100', { status: 'PENDING', method: 'CARD' })).data.recordPayment.payment;
    expect((await fail(rendered, t, ids[0], pending.id, 'card declined')).errors).toBeUndefined();
    const commented = await rendered.gql(t.apiKey, 'mutation($id: ID!) { addInvoiceComment(invoiceId: $id, comment: "Looks \\"fine\\" 👍") { id } }', { id: ids[3] });
    expect(commented.errors).toBeUndefined();
    const activated = await rendered.gql(t.apiKey, 'mutation($ids: [ID!]) { activateInvoices(input: {invoiceIds: $ids}) { succeededCount } }', { ids: [ids[3]] });
    expect(activated.data.activateInvoices.succeededCount).toBe(1);
    await insertInvoice(ds, other.tenantId, { customerId: other.customerId, status: InvoiceStatus.ACTIVE });
  });
  afterAll(async () => {
    await rendered?.stop();
    await resolvers?.stop();
  });

  it('renders every field it has a renderer for, for every invoice, exactly as the resolvers do', async () => {
    const selection = everyRenderedField(rendered.schema.getType('Invoice') as GraphQLObjectType, 3);
    // The nested relations and the computed and embedded fields are all in it.
    for (const field of ['customer {', 'billingAddress {', 'billToContact {', 'lineItems {', 'payments {', 'refunds {', 'comments {', 'history {', 'salesRep {', 'invoicePdf', 'name', 'createdDate', 'discountValue']) {
      expect(selection).toContain(field);
    }
    for (const id of ids) {
      const { body, engine } = await both(`query($id: ID!) { invoiceById(id: $id) { ${selection} } }`, { id });
      expect(body.errors).toBeUndefined();
      expect(body.data.invoiceById.id).toBe(id);
      expect(engine).toBe('sql');
    }
    const { body, engine } = await both(`{ invoice(orderBy: [{field: invoiceNumber}]) { ${selection} } }`);
    expect(engine).toBe('sql');
    expect(body.data.invoice).toHaveLength(ids.length);
  });

  it("answers Nue's seed query, pages, orders, aliases, fragments and several root fields alike", async () => {
    const documents: Array<[string, Record<string, unknown>?]> = [
      [`query W1($c: ID!) { invoice(where: {and: [{customer: {id: {eq: $c}}}, {status: {eq: "active"}}]}) {
        amount amountWithoutTax balance createdDate customerId dueDate endDate invoiceDate name invoicePdf paymentStatus startDate status taxAmount } }`, { c: t.customerId }],
      [`query($w: InvoiceWhereInput, $n: Int) { invoice(where: $w, limit: $n, offset: 1, orderBy: [{field: amount, direction: DESC}]) { id amount } }`,
        { w: { currencyIsoCode: { in: ['USD', 'JPY'] } }, n: 2 }],
      [`query($id: ID!) {
        first: invoiceById(id: $id) { ...Money lineItems { ... on InvoiceLineItem { lineNumber amount } amount } id id }
        all: invoice { total: amount  ... { status } }
      }
      fragment Money on Invoice { amount balance currency: currencyIsoCode customer { name: companyName } }`, { id: ids[0] }],
      ['{ invoice(where: {notes: {contains: "\\""}}) { notes customer { billingAddress { street city country __typename } shippingAddress { city } } } }'],
      ['query($id: ID!) { invoiceById(id: $id) { id } }', { id: '00000000-0000-4000-8000-000000000000' }],
      ['{ invoice(limit: 0) { id } }'],
    ];
    for (const [query, variables] of documents) {
      const { body, engine } = await both(query, variables);
      expect(body.errors).toBeUndefined();
      expect([query.slice(0, 60), engine]).toEqual([query.slice(0, 60), 'sql']);
    }
  });

  it("never shows another tenant's invoices", async () => {
    const { body, engine } = await both('query($id: ID!) { mine: invoiceById(id: $id) { id } all: invoice { id } }', { id: ids[0] }, other.apiKey);
    expect(engine).toBe('sql');
    expect(body.data.mine).toBeNull();
    expect(body.data.all).toHaveLength(1);
  });

  it('leaves refused requests to the resolvers, with the same errors', async () => {
    const refused: Array<[string, Record<string, unknown>?, string?]> = [
      ['query($id: ID!) { invoiceById(id: $id) { id } }', { id: 'not-a-uuid' }],
      ['{ invoice(limit: 100000) { id } }'],
      ['{ invoice(where: {dueDate: {gt: "yesterday"}}) { id } }'],
      ['{ invoice { id } }', undefined, 'no key'],
    ];
    for (const [query, variables, noKey] of refused) {
      const { body, engine } = await both(query, variables, noKey ? null : t.apiKey);
      expect([query, body.errors?.length]).toEqual([query, 1]);
      expect(engine).not.toBe('sql');
    }
  });

  it('runs documents with fields it cannot render on the resolvers, answering the same', async () => {
    const documents = [
      '{ invoice { id availableActions { action allowed } } }',
      '{ invoice { payments { netAmount } } }',
      '{ invoice { customFields customer { invoices(limit: 1) { id } contacts { id } } } }',
      'query($full: Boolean!) { invoice { id lineItems @include(if: $full) { id } } }',
      '{ invoices(first: 2) { totalCount nodes { id } } }',
    ];
    for (const query of documents) {
      const { body, engine } = await both(query, { full: true });
      expect(body.errors).toBeUndefined();
      expect(engine).not.toBe('sql');
    }
  });
});
