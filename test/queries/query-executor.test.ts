import { ApolloServer } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { getOperationAST, GraphQLObjectType, GraphQLSchema, GraphQLString, parse } from 'graphql';
import { compilable, queryExecutor } from '../../src/http/query-executor';
import { InvoiceStatus } from '../../src/invoices/invoice-status';
import { metricsFor } from '../../src/observability/metrics';
import { insertContact, insertInvoice } from '../fixtures/factories';
import { payTenant, PayTenant, record, refund } from '../payments/payment-support';
import { startTestService, TestService } from '../support/test-service';

/**
 * A query document's first use runs on graphql-js; from its second use it runs as the function
 * graphql-jit compiled for it (src/http/query-executor.ts). Each document here is sent twice
 * over HTTP, and both answers (data, errors, their codes and paths) must be byte-identical,
 * while the metric shows which engine ran.
 */
describe('compiled query execution', () => {
  let svc: TestService;
  let t: PayTenant;

  const executions = async (): Promise<Record<string, number>> => {
    const metric = await metricsFor(svc.deps).executions.get();
    return Object.fromEntries(metric.values.map((v) => [String(v.labels.executor), v.value]));
  };

  /** Sends the document twice; returns both bodies and the engines that ran them. */
  async function twice(query: string, variables?: Record<string, unknown>) {
    const before = await executions();
    const first = await svc.gql(t.apiKey, query, variables);
    const middle = await executions();
    const second = await svc.gql(t.apiKey, query, variables);
    const after = await executions();
    const engine = (from: Record<string, number>, to: Record<string, number>) =>
      Object.keys(to).find((k) => (to[k] ?? 0) - (from[k] ?? 0) === 1);
    return { first, second, engines: [engine(before, middle), engine(middle, after)] };
  }

  beforeAll(async () => {
    // The invoice queries here would otherwise be rendered by PostgreSQL (src/sql-rendering).
    svc = await startTestService({ compileQueryOnUse: 2, sqlRendering: false });
    t = await payTenant(svc, 'Compiled queries tenant');
    const ds = svc.dataSource;
    const contact = await insertContact(ds, t.tenantId, t.customerId, { firstName: 'Ada' });
    const paid = await insertInvoice(ds, t.tenantId, {
      customerId: t.customerId, billToContactId: contact, status: InvoiceStatus.ACTIVE, currency: 'KWD', notes: 'first',
      lines: [{ quantity: '1.5', unitPrice: '0.333' }, { quantity: '2', unitPrice: '10.125' }],
    });
    const payment = (await record(svc, t, paid, '1.000')).data.recordPayment.payment;
    expect((await refund(svc, t, paid, payment.id, '0.250', { reason: 'partial' })).errors).toBeUndefined();
    await insertInvoice(ds, t.tenantId, { customerId: t.customerId, notes: 'second', lines: [{ quantity: '3', unitPrice: '7.00' }] });
    await insertInvoice(ds, t.tenantId, { customerId: t.customerId, status: InvoiceStatus.CANCELED, notes: 'third', lines: [] });
  });
  afterAll(() => svc.stop());

  it('answers a nested list query with literal and variable filters the same, compiled on its second use', async () => {
    const { first, second, engines } = await twice(`query Nested($c: ID!) {
      invoice(where: {and: [{customer: {id: {eq: $c}}}, {status: {ne: canceled}}]}, orderBy: {field: invoiceNumber}) {
        id name status amount balance invoicePdf currencyIsoCode
        customer { id companyName contacts { firstName } } billToContact { firstName }
        lineItems { lineNumber quantity unitPrice amount } history { action toStatus }
        payments { amount netAmount refunds { amount reason } }
      }
      invoices(first: 2, orderBy: {field: invoiceNumber}) { totalCount nodes { id notes } }
    }`, { c: t.customerId });
    expect(engines).toEqual(['graphql-js', 'compiled']);
    expect(first.errors).toBeUndefined();
    expect(first.data.invoice).toHaveLength(2);
    expect(first.data.invoice[0].payments[0].refunds[0].reason).toBe('partial');
    expect(first.data.invoices.totalCount).toBe(3);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it('takes a recursive where input, defaults, fragments, aliases and directives from variables', async () => {
    const where = { or: [{ notes: { eq: 'third' } }, { and: [{ not: { status: { eq: 'draft' } } }, { customer: { id: { eq: t.customerId } } }] }] };
    const { first, second, engines } = await twice(`query Shapes($w: InvoiceWhereInput, $n: Int = 5, $full: Boolean!, $none: ID!) {
      picked: invoice(where: $w, limit: $n, orderBy: {field: invoiceNumber}) { ...Row lineItems @include(if: $full) { amount } }
      missing: invoiceById(id: $none) { id }
      page: invoices(first: 1) { nodes { ...Row payments @skip(if: $full) { id } } }
    }
    fragment Row on Invoice { notes status amount }`, { w: where, full: true, none: '00000000-0000-4000-8000-000000000000' });
    expect(engines).toEqual(['graphql-js', 'compiled']);
    expect(first.errors).toBeUndefined();
    expect(first.data.picked.map((i: { notes: string }) => i.notes)).toEqual(['first', 'third']);
    expect(first.data.picked[0].lineItems).toHaveLength(2);
    expect(first.data.missing).toBeNull();
    expect(first.data.page.nodes[0]).not.toHaveProperty('payments');
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it('takes variables nested in literals, non-null input objects and a single value for a list', async () => {
    const ids = (await svc.gql(t.apiKey, '{ invoice(orderBy: {field: invoiceNumber}) { id } }')).data.invoice.map((i: { id: string }) => i.id);
    const query = `query Nested($w: InvoiceWhereInput!, $ids: [ID!]) {
      invoice(where: {and: [$w, {id: {in: $ids}}]}, orderBy: {field: invoiceNumber}) { notes }
    }`;
    const both = await twice(query, { w: { not: { notes: { eq: 'second' } } }, ids });
    expect(both.engines).toEqual(['graphql-js', 'compiled']);
    expect(both.first.data.invoice.map((i: { notes: string }) => i.notes)).toEqual(['first', 'third']);
    expect(JSON.stringify(both.second)).toBe(JSON.stringify(both.first));

    // GraphQL coerces a single value given for a list variable into a one-item list; the document is compiled by now.
    const single = await twice(query, { w: { notes: { startsWith: 'f' } }, ids: ids[0] });
    expect(single.engines).toEqual(['compiled', 'compiled']);
    expect(single.first.errors).toBeUndefined();
    expect(single.first.data.invoice.map((i: { notes: string }) => i.notes)).toEqual(['first']);
    expect(JSON.stringify(single.second)).toBe(JSON.stringify(single.first));
  });

  it('reports resolver and variable errors with the same codes and paths', async () => {
    const badArgument = await twice('query Bad { invoice(limit: -1) { id } }');
    expect(badArgument.engines).toEqual(['graphql-js', 'compiled']);
    expect(badArgument.first.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', path: ['limit'] });
    expect(JSON.stringify(badArgument.second)).toBe(JSON.stringify(badArgument.first));

    const badVariable = await twice('query BadVar($w: InvoiceWhereInput) { invoice(where: $w) { id } }', { w: { and: [{ amount: { eq: 'ten' } }] } });
    expect(badVariable.first.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(badVariable.first.errors?.[0].extensions?.path).toEqual(['where', 'and', 0, 'amount', 'eq']);
    expect(JSON.stringify(badVariable.second)).toBe(JSON.stringify(badVariable.first));

    const uncoercible = await twice('query BadInt($n: Int) { invoice(limit: $n) { id } }', { n: 'ten' });
    expect(uncoercible.engines).toEqual(['graphql-js', 'compiled']);
    expect(uncoercible.first.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(uncoercible.first.data).toBeUndefined();
    expect(JSON.stringify(uncoercible.second)).toBe(JSON.stringify(uncoercible.first));
  });

  it('keeps mutations, introspection and documents carrying graphql-jit markers on graphql-js', async () => {
    const mutation = await twice(`mutation Note($id: ID!) { addInvoiceComment(invoiceId: $id, comment: "again") { id } }`, { id: (await svc.gql(t.apiKey, '{ invoice(limit: 1) { id } }')).data.invoice[0].id });
    expect(mutation.engines).toEqual(['graphql-js', 'graphql-js']);
    expect((await twice('{ __schema { queryType { name } } }')).engines).toEqual(['graphql-js', 'graphql-js']);

    // graphql-jit would paste this literal into generated code as `new Date(...)`.
    const marker = '__MAGIC_DATE__33a9e76d_02e0_4128_8e92_3530ad3da74d0),(globalThis.jitInjected = 1),(0';
    const query = `{ invoice(where: {notes: {eq: ${JSON.stringify(marker)}}}) { id } }`;
    expect(compilable(parse(query), getOperationAST(parse(query))!)).toBe(false);
    const injected = await twice(query);
    expect(injected.engines).toEqual(['graphql-js', 'graphql-js']);
    expect(injected.second).toEqual({ data: { invoice: [] } });
    expect((globalThis as { jitInjected?: number }).jitInjected).toBeUndefined();
  });

  it('hands Apollo located errors like graphql-js does, also for errors without extensions', async () => {
    // A plain Error (a database error is one) has no `extensions`; Apollo reads extensions.code.
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: { boom: { type: GraphQLString, resolve: () => { throw new Error('boom'); } } } }),
    });
    const engines: string[] = [];
    const apollo = new ApolloServer({
      gateway: queryExecutor(schema, { cacheSize: 4, onExecute: (engine) => engines.push(engine) }),
      formatError: (formatted, error) => ({ ...formatted, extensions: { ...formatted.extensions, thrown: (unwrapResolverError(error) as Error).message } }),
    });
    await apollo.start();
    try {
      const answers = [];
      for (let i = 0; i < 2; i++) {
        const res = await apollo.executeOperation({ query: 'query Boom { boom }' });
        answers.push(res.body.kind === 'single' ? res.body.singleResult : undefined);
      }
      expect(engines).toEqual(['graphql-js', 'compiled']);
      expect(answers[0]).toEqual({ data: { boom: null }, errors: [{ message: 'boom', locations: [{ line: 1, column: 14 }], path: ['boom'], extensions: { code: 'INTERNAL_SERVER_ERROR', thrown: 'boom' } }] });
      expect(JSON.stringify(answers[1])).toBe(JSON.stringify(answers[0]));
    } finally {
      await apollo.stop();
    }
  });
});
