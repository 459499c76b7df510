import { execute, GraphQLObjectType, GraphQLSchema, parse } from 'graphql';
import { InvoiceStatus } from '../../src/invoices/invoice-status';
import { Invoice } from '../../src/invoices/invoice.entity';
import { buildAppSchema } from '../../src/schema/build-schema';
import { callFieldResolversDirectly } from '../../src/schema/direct-field-resolvers';
import { authenticateApiKey } from '../../src/tenancy/api-key.service';
import { insertContact, insertInvoice } from '../fixtures/factories';
import { payTenant, PayTenant, record, refund } from '../payments/payment-support';
import { startTestService, TestService } from '../support/test-service';

/**
 * Field resolvers that take only the parent, the context and the info are called directly
 * (src/schema/direct-field-resolvers.ts) instead of through type-graphql's generic pipeline.
 * Both paths must answer the same, and a field with arguments must keep the generic path
 * (which converts and validates them).
 */
describe('field resolvers called directly', () => {
  let svc: TestService;
  let t: PayTenant;
  let direct: GraphQLSchema;
  let generic: GraphQLSchema;

  const field = (schema: GraphQLSchema, type: string, name: string) => (schema.getType(type) as GraphQLObjectType).getFields()[name];

  beforeAll(async () => {
    svc = await startTestService();
    t = await payTenant(svc, 'Direct resolvers tenant');
    direct = await buildAppSchema(svc.deps);
    generic = await buildAppSchema(svc.deps, { directFieldResolvers: false });
    const ds = svc.dataSource;
    const contact = await insertContact(ds, t.tenantId, t.customerId, { firstName: 'Ada' });
    const paid = await insertInvoice(ds, t.tenantId, {
      customerId: t.customerId, billToContactId: contact, status: InvoiceStatus.ACTIVE, currency: 'KWD',
      lines: [{ quantity: '1.5', unitPrice: '0.333' }, { quantity: '2', unitPrice: '10.125' }],
    });
    const first = (await record(svc, t, paid, '1.000')).data.recordPayment.payment;
    expect((await refund(svc, t, paid, first.id, '0.250', { reason: 'partial' })).errors).toBeUndefined();
    await svc.gql(t.apiKey, `mutation($id: ID!) { addInvoiceComment(invoiceId: $id, comment: "checked") { id } }`, { id: paid });
    await insertInvoice(ds, t.tenantId, { customerId: t.customerId, lines: [] });
  });
  afterAll(() => svc.stop());

  it('takes only resolvers without arguments, and leaves those with arguments to type-graphql', async () => {
    const names = callFieldResolversDirectly(await buildAppSchema(svc.deps, { directFieldResolvers: false }), () => ({}));
    expect(names).toEqual(expect.arrayContaining(['Invoice.name', 'Invoice.customer', 'Invoice.lineItems', 'Invoice.payments', 'Invoice.invoicePdf', 'Payment.refunds']));
    expect(names).not.toContain('Invoice.availableActions');
    expect(names).not.toContain('Customer.invoices');
    for (const name of names) {
      const [type, fieldName] = name.split('.');
      expect({ name, args: field(generic, type, fieldName).args.length }).toEqual({ name, args: 0 });
    }
  });

  it('answers every directly called field exactly as the generic path does', async () => {
    const principal = await authenticateApiKey(svc.dataSource, t.apiKey);
    const nested = `name invoicePdf status customer { id companyName contacts { id firstName } } billToContact { id firstName }
      lineItems { id amount } history { action toStatus } comments { comment } payments { id amount netAmount refunds { id amount reason } }`;
    const document = parse(`query($c: ID!) {
      invoice(where: {customer: {id: {eq: $c}}}, orderBy: {field: invoiceNumber}) { ${nested} }
      invoices(first: 5, orderBy: {field: invoiceNumber}) { totalCount nodes { name } }
      customer(id: $c) { invoices { ${nested} } }
    }`);
    const run = (schema: GraphQLSchema) =>
      execute({ schema, document, variableValues: { c: t.customerId }, contextValue: { requestId: 't', principal, deps: svc.deps, loaders: new Map() } });
    const [viaDirect, viaGeneric] = [await run(direct), await run(generic)];
    expect(viaDirect.errors).toBeUndefined();
    expect(viaGeneric.errors).toBeUndefined();
    const invoices = (viaDirect.data as any).invoice;
    expect(invoices).toHaveLength(2);
    expect(invoices[0].payments[0].refunds[0].reason).toBe('partial');
    expect(JSON.stringify(viaDirect.data)).toBe(JSON.stringify(viaGeneric.data));
  });

  it('hands a parent that is not an instance of its class to type-graphql, which converts it', async () => {
    const resolve = field(direct, 'Invoice', 'name').resolve!;
    const info = {} as never;
    const instance = Object.assign(new Invoice(), { invoiceNumber: 'INV-1' });
    expect(resolve(instance, {}, {}, info)).toBe('INV-1');
    expect(resolve({ invoiceNumber: 'INV-2' }, {}, {}, info)).toBe('INV-2');
  });
});
