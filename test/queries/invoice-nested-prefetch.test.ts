import { InvoiceStatus } from '../../src/invoices/invoice-status';
import { insertContact, insertInvoice } from '../fixtures/factories';
import { payTenant, PayTenant, record, refund } from '../payments/payment-support';
import { startTestService, TestService } from '../support/test-service';

/**
 * The root invoice queries fetch nested relations as JSON columns of their own statement
 * (src/invoices/invoice-nested-prefetch.ts); invoices reached through `Customer.invoices` load
 * them through the DataLoaders. Both must answer identically, field for field: exact decimals,
 * timestamps, JSON objects, nulls, empty lists and orders. Every leaf field of every nested type
 * is selected (read from the schema), so a column added later is compared too.
 */
describe('nested relations prefetched by the root statement answer exactly as the DataLoaders do', () => {
  let svc: TestService;
  let t: PayTenant;
  let selection = '';

  async function leafList(type: string): Promise<string[]> {
    return (await leaves(type)).split(' ');
  }

  async function leaves(type: string): Promise<string> {
    const res = await svc.gql(t.apiKey, `{ __type(name: "${type}") { fields { name args { name } type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }`);
    const named = (ty: any): any => (ty.ofType ? named(ty.ofType) : ty);
    return (res.data.__type.fields as any[])
      .filter((f) => f.args.length === 0 && ['SCALAR', 'ENUM'].includes(named(f.type).kind))
      .map((f) => f.name)
      .join(' ');
  }

  beforeAll(async () => {
    svc = await startTestService();
    t = await payTenant(svc, 'Prefetch tenant');
    const ds = svc.dataSource;
    const contact = await insertContact(ds, t.tenantId, t.customerId, { firstName: 'Zoë', lastName: 'Ångström' });
    const paid = await insertInvoice(ds, t.tenantId, {
      customerId: t.customerId, billToContactId: contact, status: InvoiceStatus.ACTIVE, currency: 'KWD',
      lines: [{ quantity: '1.2345', unitPrice: '0.333' }, { quantity: '3', unitPrice: '1234567.891', description: 'Ünïcödé "quoted" \\ line' }],
    });
    const first = (await record(svc, t, paid, '1.000')).data.recordPayment.payment;
    await record(svc, t, paid, '0.125');
    expect((await refund(svc, t, paid, first.id, '0.500', { reason: 'partial' })).errors).toBeUndefined();
    await refund(svc, t, paid, first.id, '0.250');
    const draft = await insertInvoice(ds, t.tenantId, { customerId: t.customerId, lines: [{ quantity: '2', unitPrice: '9.99' }] });
    const activated = await svc.gql(t.apiKey, `mutation($ids: [ID!]) { activateInvoices(input: {invoiceIds: $ids, invoiceComment: {comment: "go"}}) { succeededCount } }`, { ids: [draft] });
    expect(activated.errors).toBeUndefined();
    await svc.gql(t.apiKey, `mutation($id: ID!) { addInvoiceComment(invoiceId: $id, comment: "second") { id } }`, { id: draft });
    await insertInvoice(ds, t.tenantId, { customerId: t.customerId, lines: [] }); // no relations at all

    const [customer, address, contactFields, line, payment, refundFields, comment, history] = await Promise.all(
      ['Customer', 'Address', 'Contact', 'InvoiceLineItem', 'Payment', 'Refund', 'InvoiceComment', 'InvoiceHistory'].map(leaves),
    );
    selection = `id customer { ${customer} billingAddress { ${address} } shippingAddress { ${address} } }
      billToContact { ${contactFields} } lineItems { ${line} } payments { ${payment} refunds { ${refundFields} } }
      comments { ${comment} } history { ${history} }`;
  });
  afterAll(() => svc.stop());

  it('invoice, invoices and invoiceById equal Customer.invoices for every nested field', async () => {
    const where = `{customer: {id: {eq: "${t.customerId}"}}}`;
    const root = await svc.gql(t.apiKey, `{ invoice(where: ${where}, limit: 50) { ${selection} } }`);
    const page = await svc.gql(t.apiKey, `{ invoices(where: ${where}, first: 50, orderBy: [{field: createdDate, direction: DESC}]) { nodes { ${selection} } } }`);
    const viaLoaders = await svc.gql(t.apiKey, `{ customers(where: {id: {eq: "${t.customerId}"}}, limit: 1) { invoices(limit: 50) { ${selection} } } }`);
    for (const res of [root, page, viaLoaders]) expect(res.errors).toBeUndefined();

    const expected = viaLoaders.data.customers[0].invoices;
    expect(expected).toHaveLength(3);
    const byId = (list: any[]) => new Map(list.map((inv) => [inv.id, inv]));
    expect(byId(root.data.invoice)).toEqual(byId(expected));
    expect(byId(page.data.invoices.nodes)).toEqual(byId(expected));
    for (const inv of expected) {
      const one = await svc.gql(t.apiKey, `{ invoiceById(id: "${inv.id}") { ${selection} } }`);
      expect(one.data.invoiceById).toEqual(inv);
    }

    // The data really exercises every relation and value shape.
    const kwd = expected.find((inv: any) => inv.payments.length === 2);
    expect(kwd.billToContact.firstName).toBe('Zoë');
    expect(kwd.lineItems.map((l: any) => l.quantity)).toEqual(['1.2345', '3']);
    expect(kwd.payments.map((p: any) => p.amount)).toEqual(['1.000', '0.125']);
    expect(kwd.payments[0].refunds.map((r: any) => r.amount)).toEqual(['0.500', '0.250']);
    expect(kwd.payments[1].refunds).toEqual([]);
    expect(kwd.history.length).toBeGreaterThan(0);
    const activated = expected.find((inv: any) => inv.comments.length === 2);
    expect(activated.comments.map((c: any) => c.comment)).toEqual(['go', 'second']);
    expect(activated.history.map((h: any) => h.action)).toContain('ACTIVATE');
    const bare = expected.find((inv: any) => inv.lineItems.length === 0);
    expect(bare.billToContact).toBeNull();
    expect(bare.payments).toEqual([]);
  });

  it('each field alone answers as the loaders do (a relation carries only the columns its selection needs)', async () => {
    const wraps: Array<[string, (sel: string) => string]> = [
      ['Customer', (sel) => `customer { ${sel} }`],
      ['Contact', (sel) => `billToContact { ${sel} }`],
      ['InvoiceLineItem', (sel) => `lineItems { ${sel} }`],
      ['Payment', (sel) => `payments { ${sel} }`],
      ['Refund', (sel) => `payments { refunds { ${sel} } }`],
      ['InvoiceComment', (sel) => `comments { ${sel} }`],
      ['InvoiceHistory', (sel) => `history { ${sel} }`],
    ];
    const selections = ['customer { billingAddress { city } }', 'customer { contacts { id firstName } }', 'customer { invoices(limit: 2) { id } }',
      'payments { refunds { amount } netAmount }', 'payments { __typename }'];
    for (const [type, wrap] of wraps) for (const field of await leafList(type)) selections.push(wrap(field));
    expect(selections.length).toBeGreaterThan(50);
    const where = `{customer: {id: {eq: "${t.customerId}"}}}`;
    for (const sel of selections) {
      const [root, via] = await Promise.all([
        svc.gql(t.apiKey, `{ invoice(where: ${where}, limit: 50) { id ${sel} } }`),
        svc.gql(t.apiKey, `{ customers(where: {id: {eq: "${t.customerId}"}}, limit: 1) { invoices(limit: 50) { id ${sel} } } }`),
      ]);
      expect({ sel, errors: root.errors ?? via.errors }).toEqual({ sel, errors: undefined });
      const byId = (list: any[]) => new Map(list.map((inv) => [inv.id, inv]));
      expect({ sel, data: byId(root.data.invoice) }).toEqual({ sel, data: byId(via.data.customers[0].invoices) });
    }
  });

  it('timestamps keep the same instant and format as the loaders (milliseconds, UTC)', async () => {
    const res = await svc.gql(t.apiKey, `{ invoice(limit: 50) { comments { createTime } history { createdAt } payments { createdDate } } }`);
    const stamps: string[] = res.data.invoice.flatMap((inv: any) => [
      ...inv.comments.map((c: any) => c.createTime), ...inv.history.map((h: any) => h.createdAt), ...inv.payments.map((p: any) => p.createdDate),
    ]);
    expect(stamps.length).toBeGreaterThan(5);
    for (const s of stamps) expect(s).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });
});
