import { QueryRunner } from 'typeorm';
import { ERROR_CATALOGUE, ErrorCode } from '../../src/common/errors';
import { graphqlStatus, MEDIA_TYPES } from '../../src/http/response-status';
import { InvoiceStatus } from '../../src/invoices/invoice-status';
import { insertCustomer, insertInvoice } from '../fixtures/factories';
import { blockerPid, waitUntilBlockedBy } from '../idempotency/lock-waits';
import { startTcpProxy } from '../support/tcp-proxy';
import { startTestService, TestService } from '../support/test-service';

/**
 * The HTTP status of every code of the catalogue (src/common/errors.ts, the README's table), each
 * provoked for real: a response without data takes its first error's catalogue status with
 * `Accept: application/graphql-response+json`; with `application/json` it is 200, except the
 * transport codes (the request itself refused), which keep their status with either media type.
 * A code added to the catalogue fails this test until it is provoked here (or listed, with the
 * reason, among the few that cannot be provoked).
 */
const GRAPHQL_RESPONSE = 'application/graphql-response+json';
const NIL = '00000000-0000-4000-8000-000000000000';

interface Answer { status: number; contentType: string | null; retryAfter: string | null; body: any }

/** Codes no request can provoke on purpose; their rule is checked on a response of that shape. */
const NOT_PROVOKED: Partial<Record<ErrorCode, string>> = {
  INTERNAL_SERVER_ERROR: 'an unexpected failure: there is no known request that causes one',
  NOT_MATCHED: 'a per-invoice result of the bulk actions (results[].error.code), never a top-level error',
  INVOICE_HAS_PENDING_PAYMENTS: 'refused per invoice by the bulk void/cancel actions and the import (results[].error.code), never a top-level error',
  INVOICE_NUMBER_CONFLICT: 'a per-input result of createInvoices (results[].error.code) beside the other inputs\' results, never a top-level error',
};

describe('HTTP status of every catalogue code', () => {
  let svc: TestService;
  let limited: TestService;
  let narrow: TestService;
  let detached: TestService;
  let lock: QueryRunner | undefined;
  let narrowLock: QueryRunner | undefined;
  let narrowHeld: Promise<unknown> | undefined;
  let cut: () => void = () => undefined;
  const ids: Record<string, string> = {};
  let key = '';
  let limitedKey = '';
  let narrowKey = '';
  let detachedKey = '';
  let tenantId = '';

  beforeAll(async () => {
    svc = await startTestService();
    const t = await svc.newTenant('Status catalogue');
    key = t.apiKey;
    tenantId = t.tenantId;
    const ds = svc.dataSource;
    ids.customer = await insertCustomer(ds, tenantId);
    ids.draft = await insertInvoice(ds, tenantId, { customerId: ids.customer, invoiceNumber: 'STATUS-DRAFT-1' });
    ids.active = await insertInvoice(ds, tenantId, { customerId: ids.customer, status: InvoiceStatus.ACTIVE, lines: [{ quantity: '1', unitPrice: '100.00' }] });
    ids.paid = await insertInvoice(ds, tenantId, { customerId: ids.customer, status: InvoiceStatus.ACTIVE, lines: [{ quantity: '1', unitPrice: '100.00' }] });
    const paid = await svc.gql(key, 'mutation($id: ID!) { recordPayment(invoiceId: $id, input: {method: CASH, amount: "10.00"}) { payment { id } } }', { id: ids.paid });
    ids.completedPayment = paid.data.recordPayment.payment.id;
    const pending = await svc.gql(key, 'mutation($id: ID!) { recordPayment(invoiceId: $id, input: {method: CARD, amount: "5.00", status: PENDING}) { payment { id } } }', { id: ids.active });
    ids.pendingPayment = pending.data.recordPayment.payment.id;
    await svc.gql(key, 'mutation($id: ID!) { addInvoiceComment(invoiceId: $id, comment: "first", idempotencyKey: "status-reused") { id } }', { id: ids.draft });
    const imported = await svc.gql(key, 'mutation($c: ID!) { createInvoice(input: {customerId: $c, importedInvoiceTotal: "50.00", lineItems: [{description: "x", quantity: "1", unitPrice: "40.00"}]}) { id } }', { c: ids.customer });
    ids.importedTotal = imported.data.createInvoice.id;
    await svc.gql(key, 'mutation { createCustomer(input: {companyName: "Taken", externalId: "STATUS-EXT-1"}) { id } }');

    limited = await startTestService({ limits: { ...svc.deps.config.limits, rateLimitPerSecond: 0.001, rateLimitBurst: 1 } });
    limitedKey = (await limited.newTenant('Status rate limited')).apiKey;
    narrow = await startTestService({ concurrency: { perKey: 1, perTenant: 1, queueSize: 0, queueTimeoutMs: 0 } });
    const n = await narrow.newTenant('Status concurrency');
    narrowKey = n.apiKey;
    ids.narrowInvoice = await insertInvoice(narrow.dataSource, n.tenantId, { customerId: await insertCustomer(narrow.dataSource, n.tenantId) });
    ids.narrowTenant = n.tenantId;

    // A service whose database connection runs through a proxy of the test's own: cutting the proxy is an
    // outage for that service alone (the shared database and other files' connections are untouched).
    const proxy = await startTcpProxy(process.env.TEST_DATABASE_URL!);
    detached = await startTestService({ databaseUrl: proxy.url, apiKeyCacheMs: 0 });
    detachedKey = (await svc.newTenant('Status outage')).apiKey;
    cut = () => proxy.close();
  }, 120_000);

  afterAll(async () => {
    if (narrowLock?.isTransactionActive) await narrowLock.rollbackTransaction().catch(() => undefined);
    await narrowHeld?.catch(() => undefined);
    await narrowLock?.release().catch(() => undefined);
    if (lock?.isTransactionActive) await lock.rollbackTransaction().catch(() => undefined);
    await lock?.release().catch(() => undefined);
    cut();
    for (const s of [detached, narrow, limited, svc]) await s?.stop().catch(() => undefined);
    delete process.env.IDEMPOTENCY_WAIT_MS;
  });

  const send = async (service: TestService, accept: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
    const res = await fetch(service.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, contentType: res.headers.get('content-type'), retryAfter: res.headers.get('retry-after'), body: await res.json() };
  };
  const op = (query: string, variables: Record<string, unknown> = {}) => ({ query, variables });
  const withKey = (k = key) => ({ 'x-api-key': k });

  /** How to provoke each code: the service, the body and the headers of one request. */
  const PROVOKE: Partial<Record<ErrorCode, () => [TestService, unknown, Record<string, string>] | Promise<[TestService, unknown, Record<string, string>]>>> = {
    UNAUTHENTICATED: () => [svc, op('{ invoice(limit: 1) { id } }'), {}],
    BAD_USER_INPUT: () => [svc, op('{ invoice(limit: 501) { id } }'), withKey()],
    VALIDATION_FAILED: () => [svc, op('mutation($id: ID!) { updateInvoice(id: $id, input: {shippingAndHandling: "1.234"}) { id } }', { id: ids.draft }), withKey()],
    INVOICE_NOT_FOUND: () => [svc, op('mutation($id: ID!) { addInvoiceComment(invoiceId: $id, comment: "x") { id } }', { id: NIL }), withKey()],
    CUSTOMER_NOT_FOUND: () => [svc, op(`mutation { createInvoice(input: {customerId: "${NIL}", lineItems: [{description: "x", quantity: "1", unitPrice: "1.00"}]}) { id } }`), withKey()],
    CONTACT_NOT_FOUND: () => [svc, op('mutation($id: ID!, $c: ID!) { updateInvoice(id: $id, input: {billToContactId: $c}) { id } }', { id: ids.draft, c: NIL }), withKey()],
    PAYMENT_NOT_FOUND: () => [svc, op('mutation($id: ID!, $p: ID!) { completePayment(invoiceId: $id, paymentId: $p) { payment { id } } }', { id: ids.active, p: NIL }), withKey()],
    INVALID_TRANSITION: () => [svc, op('mutation($id: ID!) { recordPayment(invoiceId: $id, input: {method: CASH, amount: "1.00"}) { payment { id } } }', { id: ids.draft }), withKey()],
    INVOICE_HAS_PAYMENTS: () => [svc, op('mutation($id: ID!) { applyDiscount(invoiceId: $id, discount: {type: PERCENTAGE, value: "5"}) { id } }', { id: ids.paid }), withKey()],
    FIELD_NOT_EDITABLE: () => [svc, op('mutation($id: ID!) { updateInvoice(id: $id, input: {shippingAndHandling: "1.00"}) { id } }', { id: ids.active }), withKey()],
    VERSION_CONFLICT: () => [svc, op('mutation($id: ID!) { updateInvoice(id: $id, version: 999, input: {poNumber: "x"}) { id } }', { id: ids.draft }), withKey()],
    BULK_SELECTION_REQUIRED: () => [svc, op('mutation { activateInvoices(input: {}) { selectedCount } }'), withKey()],
    DUPLICATE_INVOICE_NUMBER: () => [svc, op('mutation($c: ID!) { createInvoice(input: {customerId: $c, invoiceNumber: "STATUS-DRAFT-1", lineItems: [{description: "x", quantity: "1", unitPrice: "1.00"}]}) { id } }', { c: ids.customer }), withKey()],
    INVOICE_TOTAL_IMPORTED: () => [svc, op('mutation($id: ID!) { applyDiscount(invoiceId: $id, discount: {type: PERCENTAGE, value: "5"}) { id } }', { id: ids.importedTotal }), withKey()],
    DUPLICATE_CUSTOMER: () => [svc, op('mutation { createCustomer(input: {companyName: "Again", externalId: "STATUS-EXT-1"}) { id } }'), withKey()],
    OVERPAYMENT: () => [svc, op('mutation($id: ID!) { recordPayment(invoiceId: $id, input: {method: CASH, amount: "100000.00"}) { payment { id } } }', { id: ids.active }), withKey()],
    REFUND_EXCEEDS_PAYMENT: () => [svc, op('mutation($id: ID!, $p: ID!) { refundPayment(invoiceId: $id, paymentId: $p, input: {amount: "50.00"}) { refund { id } } }', { id: ids.paid, p: ids.completedPayment }), withKey()],
    CURRENCY_MISMATCH: () => [svc, op('mutation($id: ID!) { recordPayment(invoiceId: $id, input: {method: CASH, amount: "1.00", currency: "EUR"}) { payment { id } } }', { id: ids.active }), withKey()],
    PAYMENT_NOT_PENDING: () => [svc, op('mutation($id: ID!, $p: ID!) { failPayment(invoiceId: $id, paymentId: $p) { payment { id } } }', { id: ids.paid, p: ids.completedPayment }), withKey()],
    PAYMENT_NOT_REFUNDABLE: () => [svc, op('mutation($id: ID!, $p: ID!) { refundPayment(invoiceId: $id, paymentId: $p, input: {amount: "1.00"}) { refund { id } } }', { id: ids.active, p: ids.pendingPayment }), withKey()],
    IDEMPOTENCY_KEY_REUSED: () => [svc, op('mutation($id: ID!) { addInvoiceComment(invoiceId: $id, comment: "other", idempotencyKey: "status-reused") { id } }', { id: ids.draft }), withKey()],
    IDEMPOTENCY_KEY_IN_PROGRESS: async () => {
      // The key's row is held by a transaction of the test (as by a first call still running); the retry gives up after IDEMPOTENCY_WAIT_MS.
      if (!lock) {
        lock = svc.dataSource.createQueryRunner();
        await lock.connect();
        await lock.startTransaction();
        await lock.query(`INSERT INTO idempotency_key (tenant_id, key, operation, request_hash, state, expires_at) VALUES ($1, 'status-held', 'addInvoiceComment', 'x', 'IN_PROGRESS', now() + interval '1 day')`, [tenantId]);
      }
      process.env.IDEMPOTENCY_WAIT_MS = '200';
      return [svc, op('mutation($id: ID!) { addInvoiceComment(invoiceId: $id, comment: "held", idempotencyKey: "status-held") { id } }', { id: ids.draft }), withKey()];
    },
    RATE_LIMITED: async () => {
      await send(limited, 'application/json', op('{ __typename }'), withKey(limitedKey)); // the burst of one
      return [limited, op('{ viewer { tenantId } }'), withKey(limitedKey)];
    },
    TOO_MANY_CONCURRENT_REQUESTS: async () => {
      if (!narrowHeld) {
        // One request of the tenant held in flight (waiting on a row lock the test holds on its own invoice).
        narrowLock = narrow.dataSource.createQueryRunner();
        await narrowLock.connect();
        await narrowLock.startTransaction();
        await narrowLock.query('SELECT id FROM invoice WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [ids.narrowTenant, ids.narrowInvoice]);
        narrowHeld = narrow.gql(narrowKey, 'mutation($id: ID!) { updateInvoice(id: $id, input: {notes: "held"}) { id } }', { id: ids.narrowInvoice });
        await waitUntilBlockedBy(narrow.dataSource, await blockerPid(narrowLock), 1);
      }
      return [narrow, op('{ viewer { tenantId } }'), withKey(narrowKey)];
    },
    QUERY_TOO_DEEP: () => [svc, op(`{ invoice(limit: 1) { ${'customer { invoices(limit: 1) { '.repeat(7)}id${' } }'.repeat(7)} } }`), withKey()],
    QUERY_TOO_COMPLEX: () => [svc, op('{ invoice(limit: 500) { customer { invoices(limit: 500) { lineItems { id } payments { refunds { id } } } } } }'), withKey()],
    TOO_MANY_ALIASES: () => [svc, op(`{ ${Array.from({ length: 31 }, (_, i) => `a${i}: __typename`).join(' ')} }`), withKey()],
    TOO_MANY_OPERATIONS: () => [svc, [op('{ __typename }')], withKey()],
    DATABASE_UNAVAILABLE: () => {
      cut();
      return [detached, op('{ viewer { tenantId } }'), withKey(detachedKey)];
    },
    BAD_REQUEST: () => [svc, '{"query": ', withKey()],
    PAYLOAD_TOO_LARGE: () => [svc, JSON.stringify({ query: `{ __typename } #${'x'.repeat(1_100_000)}` }), withKey()],
  };

  it('covers the whole catalogue', () => {
    const missing = Object.keys(ERROR_CATALOGUE).filter((code) => !PROVOKE[code as ErrorCode] && !NOT_PROVOKED[code as ErrorCode]);
    expect(missing).toEqual([]);
  });

  it.each(Object.keys(ERROR_CATALOGUE).filter((c) => !NOT_PROVOKED[c as ErrorCode]))('%s', async (code) => {
    const entry = ERROR_CATALOGUE[code as ErrorCode] as { http: number; transport?: boolean };
    const results: Array<{ accept: string; status: number; code: unknown; data: unknown }> = [];
    for (const accept of [GRAPHQL_RESPONSE, 'application/json']) {
      const [service, body, headers] = await PROVOKE[code as ErrorCode]!();
      const answer = await send(service, accept, body, headers);
      const first = Array.isArray(answer.body) ? undefined : answer.body.errors?.[0];
      results.push({ accept, status: answer.status, code: first?.extensions?.code, data: answer.body.data ?? null });
      expect(answer.contentType).toMatch(accept === GRAPHQL_RESPONSE ? /^application\/graphql-response\+json/ : /^application\/json/);
      if (entry.http === 429) expect(answer.retryAfter).toMatch(/^\d+$/);
    }
    const expected = [
      { accept: GRAPHQL_RESPONSE, status: entry.http, code, data: null },
      { accept: 'application/json', status: entry.transport ? entry.http : 200, code, data: null },
    ];
    expect(results).toEqual(expected);
  });

  it.each(Object.keys(NOT_PROVOKED))('%s (not provokable: the rule on a response of its shape)', (code) => {
    const entry = ERROR_CATALOGUE[code as ErrorCode] as { http: number; transport?: boolean };
    const body = { errors: [{ extensions: { code } }], data: null };
    expect(graphqlStatus(MEDIA_TYPES.graphqlResponse, 200, body)).toBe(entry.http);
    expect(graphqlStatus(MEDIA_TYPES.json, 200, body)).toBe(entry.transport ? entry.http : 200);
  });

  it('a partial success (data next to an error) is 200, also with graphql-response+json', async () => {
    // customer(id) is nullable: its refusal leaves the other root fields' data.
    const partial = await send(svc, GRAPHQL_RESPONSE, op('query($id: ID!) { viewer { tenantName } invoiceById(id: $id) { id invoicePdf } customer(id: "not-a-uuid") { id } }', { id: ids.draft }), withKey());
    expect(partial.body.data?.viewer?.tenantName).toBe('Status catalogue');
    expect(partial.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(partial.status).toBe(200);
  });
});
