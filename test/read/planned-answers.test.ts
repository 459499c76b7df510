import { InvoiceStatus } from '../../src/invoices/invoice-status';
import { metricsFor } from '../../src/observability/metrics';
import { insertInvoice } from '../fixtures/factories';
import { payTenant, PayTenant, record } from '../payments/payment-support';
import { ownDatabase, OwnDatabase } from '../support/own-database';
import { startTestService, TestService } from '../support/test-service';

/**
 * A document Apollo has had the planner answer is answered by src/http/planned-answers.ts the
 * next times, without Apollo's pipeline. Both paths must give the same status, headers and
 * bytes; requests Apollo would treat differently must still reach Apollo. `answered` counts
 * what that path answered; `apollo` is a service with the planner off, for the answers the
 * fallback resolvers give. The file runs on a database of its own: one test locks a table and
 * terminates the backend waiting on it.
 */
describe('planned answers without Apollo for known documents', () => {
  let db: OwnDatabase;
  let svc: TestService;
  let apollo: TestService;
  let t: PayTenant;
  const ids: string[] = [];

  interface Sent { status: number; contentType: string | null; length: string | null; body: string }
  async function send(service: TestService, init: { body: string; headers?: Record<string, string>; apiKey?: string | null; method?: string; path?: string }): Promise<Sent> {
    const res = await fetch(`${service.server.url}${init.path ?? ''}`, {
      method: init.method ?? 'POST',
      headers: { 'content-type': 'application/json', ...(init.apiKey === null ? {} : { 'x-api-key': init.apiKey ?? t.apiKey }), ...init.headers },
      body: init.method === 'GET' ? undefined : init.body,
    });
    return { status: res.status, contentType: res.headers.get('content-type'), length: res.headers.get('content-length'), body: await res.text() };
  }
  const post = (service: TestService, query: string, variables?: unknown, extra: Record<string, unknown> = {}) =>
    send(service, { body: JSON.stringify({ query, variables, ...extra }) });
  const answered = () => svc.server.planned!.answeredCount;
  const plannerExecutions = async () => (await metricsFor(svc.deps).executions.get()).values.find((v) => v.labels.executor === 'planner')?.value ?? 0;

  beforeAll(async () => {
    db = await ownDatabase('planned-answers');
    svc = await startTestService({ databaseUrl: db.url });
    apollo = await startTestService({ databaseUrl: db.url, readPlanner: false });
    svc.deps.config.publicUrl = apollo.deps.config.publicUrl = 'http://billing.test';
    t = await payTenant(svc, 'Planned answers tenant');
    for (const status of [InvoiceStatus.ACTIVE, InvoiceStatus.ACTIVE, InvoiceStatus.DRAFT]) {
      ids.push(await insertInvoice(svc.dataSource, t.tenantId, { customerId: t.customerId, status, notes: 'Zoë "quoted" 😀', lines: [{ quantity: '2', unitPrice: '1.25' }] }));
    }
    expect((await record(svc, t, ids[0], '1.00')).errors).toBeUndefined();
  });
  afterAll(async () => {
    await svc?.stop();
    await apollo?.stop();
    await db?.drop();
  });

  it('answers a known document with the bytes and headers Apollo sends', async () => {
    const documents: Array<[string, Record<string, unknown>[], string?]> = [
      [`query W1($c: ID!) { invoice(where: {and: [{customer: {id: {eq: $c}}}, {status: {eq: "active"}}]}) {
        amount balance createdDate customerId dueDate invoiceDate name invoicePdf paymentStatus status } }`, [{ c: t.customerId }], 'W1'],
      ['query($id: ID!) { invoiceById(id: $id) { id notes customer { companyName } lineItems { amount } payments { amount refunds { amount } } history { action } } }',
        ids.map((id) => ({ id }))],
      ['query($n: Int) { a: invoice(limit: $n) { id } b: invoice(orderBy: [{field: amount}]) { ...F } } fragment F on Invoice { amount status }', [{ n: 1 }, { n: 2 }, {}]],
      ['{ invoiceById(id: "00000000-0000-4000-8000-000000000000") { id } }', [{}]],
    ];
    for (const [query, variableSets, operationName] of documents) {
      const extra = operationName ? { operationName } : {};
      const first = await post(svc, query, variableSets[0], extra); // Apollo has the planner answer it
      for (const variables of variableSets) {
        const before = answered();
        const plannedBefore = await plannerExecutions();
        const answer = await post(svc, query, variables, extra);
        expect([query.slice(0, 40), answered() - before]).toEqual([query.slice(0, 40), 1]);
        expect(await plannerExecutions()).toBe(plannedBefore + 1);
        const resolvers = await post(apollo, query, variables, extra);
        expect(answer).toEqual(resolvers);
        expect(answer.status).toBe(200);
        expect(JSON.parse(answer.body).errors).toBeUndefined();
      }
      expect(first).toEqual(await post(apollo, query, variableSets[0], extra));
    }
  });

  it('records the operation for the request log and metrics as Apollo does', async () => {
    const query = 'query PlannedFacts($id: ID!) { invoiceById(id: $id) { id } }';
    const outcomes = async () => (await metricsFor(svc.deps).operations.get()).values.find((v) => v.labels.operation === 'PlannedFacts' && v.labels.outcome === 'success')?.value ?? 0;
    await post(svc, query, { id: ids[0] });
    const before = await outcomes();
    const answeredBefore = answered();
    await post(svc, query, { id: ids[1] });
    expect(answered()).toBe(answeredBefore + 1);
    expect(await outcomes()).toBe(before + 1);
  });

  it('leaves to Apollo the requests it would treat differently, which answer as before', async () => {
    const query = 'query Known($id: ID!, $n: Int) { invoiceById(id: $id) { id } invoice(limit: $n) { id } }';
    const good = { id: ids[0], n: 1 };
    await post(svc, query, good);
    expect(answered()).toBeGreaterThan(0);
    const body = (extra: Record<string, unknown>) => JSON.stringify({ query, variables: good, ...extra });
    const cases: Array<[string, Parameters<typeof send>[1]]> = [
      ['graphql-response+json accepted', { body: body({}), headers: { accept: 'application/graphql-response+json' } }],
      ['no key', { body: body({}), apiKey: null }],
      ['a bad id', { body: JSON.stringify({ query, variables: { ...good, id: 'not-a-uuid' } }) }],
      ['a variable of the wrong type', { body: JSON.stringify({ query, variables: { ...good, n: 'many' } }) }],
      ['too costly a page', { body: JSON.stringify({ query, variables: { ...good, n: 1_000_000 } }) }],
      ['variables as a string', { body: JSON.stringify({ query, variables: JSON.stringify(good) }) }],
      ['extensions', { body: body({ extensions: {} }) }],
      ['another operation name', { body: body({ operationName: 'Other' }) }],
      ['a text/plain body', { body: body({}), headers: { 'content-type': 'text/plain' } }],
    ];
    for (const [what, init] of cases) {
      const before = answered();
      const ours = await send(svc, init);
      expect([what, answered()]).toEqual([what, before]);
      expect([what, ours]).toEqual([what, await send(apollo, init)]);
    }
  });

  it('hands an answer that failed in PostgreSQL to Apollo to format, without running it twice', async () => {
    // The alias names this test's statement: only its backend is terminated, never another test file's.
    const query = 'query($id: ID!) { invoiceById(id: $id) { id history { handedOverAction: action } } }';
    expect(JSON.parse((await post(svc, query, { id: ids[0] })).body).errors).toBeUndefined();
    // The history table locked: the statement waits, and its backend is terminated meanwhile.
    const locker = svc.dataSource.createQueryRunner();
    await locker.connect();
    await locker.startTransaction();
    try {
      await locker.query('LOCK TABLE invoice_history IN ACCESS EXCLUSIVE MODE');
      const before = await plannerExecutions();
      const answeredBefore = answered();
      const pending = post(svc, query, { id: ids[1] });
      let terminated = 0;
      for (let tries = 0; tries < 100 && !terminated; tries++) {
        await new Promise((r) => setTimeout(r, 20));
        const rows = await svc.dataSource.query(
          `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity
           WHERE wait_event_type = 'Lock' AND query LIKE '%handedOverAction%' AND pid <> pg_backend_pid() AND datname = current_database()`);
        terminated = rows.filter((r: { done: boolean }) => r.done).length;
      }
      expect(terminated).toBe(1);
      const res = await pending;
      const parsed = JSON.parse(res.body);
      expect(parsed.data).toEqual({ invoiceById: null });
      expect(parsed.errors).toHaveLength(1);
      expect(parsed.errors[0].path).toEqual(['invoiceById']);
      expect(typeof parsed.errors[0].extensions.code).toBe('string'); // formatted by Apollo's formatError
      expect(answered()).toBe(answeredBefore); // not answered without Apollo
      expect(await plannerExecutions()).toBe(before + 1); // and the statement ran once
    } finally {
      await locker.rollbackTransaction();
      await locker.release();
    }
  });
});
