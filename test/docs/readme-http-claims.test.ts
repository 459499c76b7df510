import { startTestService, TestService } from '../support/test-service';

/**
 * What the README says about HTTP, beyond the GraphQL examples: the /health answer, which
 * refusals get their own HTTP status and which come in a 200 response, and that /health and
 * /metrics need no key.
 */
describe('README HTTP claims', () => {
  let svc: TestService;
  let apiKey: string;

  beforeAll(async () => {
    svc = await startTestService();
    ({ apiKey } = await svc.newTenant('README HTTP claims'));
  });
  afterAll(() => svc?.stop());

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const json = (res: Response): Promise<any> => res.json();
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(svc.server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('GET /health answers 200 with the database state, without a key', async () => {
    const res = await fetch(`${svc.baseUrl}/health`);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({
      status: 'ok',
      database: { status: 'up', serverVersion: expect.any(String), connections: expect.any(Number), latencyMs: expect.any(Number) },
      uptimeSeconds: expect.any(Number),
    });
    // The README and the embedded server: PostgreSQL 18 or newer (casefold, pg_unicode_fast).
    expect(Number.parseInt(body.database.serverVersion, 10)).toBeGreaterThanOrEqual(18);
  });

  it('GET /metrics answers without a key', async () => {
    const res = await fetch(`${svc.baseUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('graphql_operations_total');
  });

  const GRAPHQL_RESPONSE = { accept: 'application/graphql-response+json' };
  const MISSING_INVOICE = { query: 'mutation($id: ID!) { addInvoiceComment(invoiceId: $id, comment: "x") { id } }', variables: { id: '00000000-0000-4000-8000-000000000000' } };
  const REQUEST_ERRORS: Array<[string, unknown, Record<string, unknown>]> = [
    ['GRAPHQL_PARSE_FAILED', { query: '{ viewer { ' }, {}],
    ['GRAPHQL_VALIDATION_FAILED', { query: '{ invoice(where: {status: {like: "x"}}) { id } }' }, {}],
    ['BAD_USER_INPUT', { query: 'mutation($id: ID!, $a: Decimal!) { recordPayment(invoiceId: $id, input: {method: WIRE, amount: $a}) { payment { id } } }',
      variables: { id: '00000000-0000-4000-8000-000000000000', a: '1e3' } }, { path: ['a'] }],
  ];

  it('with application/json, a well-formed request is answered 200 whatever its GraphQL errors, except a missing key (401)', async () => {
    const noKey = await post({ query: '{ viewer { tenantId } }' });
    expect(noKey.status).toBe(401);
    expect((await json(noKey)).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const missing = await post(MISSING_INVOICE, { 'x-api-key': apiKey });
    expect(missing.status).toBe(200);
    expect((await json(missing)).errors[0].extensions.code).toBe('INVOICE_NOT_FOUND');
    for (const [code, body, extensions] of REQUEST_ERRORS) {
      const res = await post(body, { 'x-api-key': apiKey });
      expect({ code, status: res.status }).toEqual({ code, status: 200 });
      expect((await json(res)).errors[0].extensions).toMatchObject({ code, ...extensions });
    }
  });

  it('with application/graphql-response+json, a response without data takes its code\'s status: 400 for parse, validation, coercion; 404 not found', async () => {
    const noKey = await post({ query: '{ viewer { tenantId } }' }, GRAPHQL_RESPONSE);
    expect(noKey.status).toBe(401);
    expect(noKey.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    const missing = await post(MISSING_INVOICE, { 'x-api-key': apiKey, ...GRAPHQL_RESPONSE });
    expect(missing.status).toBe(404);
    expect((await json(missing)).errors[0].extensions.code).toBe('INVOICE_NOT_FOUND');
    for (const [code, body, extensions] of REQUEST_ERRORS) {
      const res = await post(body, { 'x-api-key': apiKey, ...GRAPHQL_RESPONSE });
      expect({ code, status: res.status }).toEqual({ code, status: 400 });
      expect((await json(res)).errors[0].extensions).toMatchObject({ code, ...extensions });
    }
  });

  it('a body that is not JSON is BAD_REQUEST (400)', async () => {
    const res = await fetch(svc.server.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body: '{"query":' });
    expect(res.status).toBe(400);
    expect((await json(res)).errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});
