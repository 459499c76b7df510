import http from 'node:http';
import { getIntrospectionQuery } from 'graphql';
import { LimitsConfig, loadConfig } from '../../src/config';

const loadLimitsConfig = () => loadConfig().limits;
import { startTestService, TestService } from '../support/test-service';

/**
 * Raw POST so a test can see the status, the headers and any body shape (arrays, huge bodies).
 * It accepts application/graphql-response+json, where a refused request gets its code's status;
 * with application/json it would get 200 (src/http/response-status.ts).
 */
async function post(svc: TestService, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(svc.server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

const limits = (override: Partial<LimitsConfig>): LimitsConfig => ({ ...loadLimitsConfig(), rateLimitPerSecond: 0, ...override });

describe('abuse limits over HTTP', () => {
  let svc: TestService;
  let apiKey: string;
  beforeAll(async () => {
    svc = await startTestService({ limits: limits({ maxDepth: 1, maxAliases: 2, maxCost: 4, maxBatch: 3 }) });
    apiKey = (await svc.newTenant('Limits tenant')).apiKey;
  });
  afterAll(() => svc.stop());

  it('refuses a too deep operation with 400 and QUERY_TOO_DEEP {limit, actual}', async () => {
    const res = await post(svc, { query: '{ viewer { tenantId } }' }, { 'x-api-key': apiKey });
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].message).toMatch(/2 levels deep; the limit is 1/);
    expect(res.body.errors[0].extensions).toEqual({ code: 'QUERY_TOO_DEEP', limit: 1, actual: 2 });
    // The legacy media type: the same refusal in a 200, as GraphQL over HTTP asks for application/json.
    const legacy = await post(svc, { query: '{ viewer { tenantId } }' }, { 'x-api-key': apiKey, accept: 'application/json' });
    expect(legacy.status).toBe(200);
    expect(legacy.body.errors[0].extensions.code).toBe('QUERY_TOO_DEEP');
  });

  it('refuses too many aliases with 400 and TOO_MANY_ALIASES {limit, actual}', async () => {
    const res = await post(svc, { query: '{ a: __typename b: __typename c: __typename }' }, { 'x-api-key': apiKey });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions).toEqual({ code: 'TOO_MANY_ALIASES', limit: 2, actual: 3 });
    const ok = await post(svc, { query: '{ a: __typename b: __typename }' }, { 'x-api-key': apiKey });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ data: { a: 'Query', b: 'Query' } });
  });

  it('refuses batches longer than MAX_BATCH with TOO_MANY_OPERATIONS, and runs shorter ones', async () => {
    const op = { query: '{ __typename }' };
    const ok = await post(svc, [op, op], { 'x-api-key': apiKey });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual([{ data: { __typename: 'Query' } }, { data: { __typename: 'Query' } }]);
    const refused = await post(svc, [op, op, op, op], { 'x-api-key': apiKey });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].extensions).toEqual({ code: 'TOO_MANY_OPERATIONS', limit: 3, actual: 4 });
  });

  it('refuses a body over the size limit with 413 PAYLOAD_TOO_LARGE, declared or streamed', async () => {
    const big = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(1_100_000) } });
    const declared = await post(svc, big, { 'x-api-key': apiKey });
    expect(declared.status).toBe(413);
    expect(declared.body.errors[0].extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE', limit: 1_000_000 });

    // Chunked, without content-length: the server stops reading at the limit.
    const url = new URL(svc.server.url);
    const streamed = await new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey } }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      });
      req.on('error', reject);
      for (let i = 0; i < 12; i++) req.write(big.slice(i * 100_000, (i + 1) * 100_000));
      req.end();
    });
    expect(streamed.status).toBe(413);
    expect(streamed.body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('survives absurdly deep nesting with a 400, not a crash', async () => {
    const nested = (depth: number) => '{' + 'viewer{'.repeat(depth) + 'tenantId' + '}'.repeat(depth) + '}';
    const deep = await post(svc, { query: nested(500) }, { 'x-api-key': apiKey });
    expect(deep.status).toBe(400);
    expect(deep.body.errors.map((e: any) => e.extensions.code)).toContain('QUERY_TOO_DEEP');
    // ~800 KB of nesting, just under the body limit: refused on its tokens, before the parser could run out of stack.
    const absurd = await post(svc, { query: nested(100_000) }, { 'x-api-key': apiKey });
    expect(absurd.status).toBe(400);
    expect(absurd.body.errors[0].extensions.code).toBe('QUERY_TOO_DEEP');
    expect((await post(svc, { query: '{ __typename }' })).status).toBe(200);
  });
});

describe('cost limit over HTTP', () => {
  let svc: TestService;
  let apiKey: string;
  beforeAll(async () => {
    svc = await startTestService({ limits: limits({ maxCost: 2 }) });
    apiKey = (await svc.newTenant('Cost tenant')).apiKey;
  });
  afterAll(() => svc.stop());

  it('refuses an operation costing more than MAX_COST with 400 and QUERY_TOO_COMPLEX {limit, actual}', async () => {
    const ok = await post(svc, { query: '{ a: viewer { tenantId } b: viewer { tenantId } }' }, { 'x-api-key': apiKey });
    expect(ok.status).toBe(200);
    expect(ok.body.data.a.tenantId).toBeDefined();
    const res = await post(svc, { query: '{ a: viewer { tenantId } b: viewer { tenantId } c: viewer { tenantId } }' }, { 'x-api-key': apiKey });
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors[0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 2, actual: 3 });
  });

  it('costs one document per value of the variables it depends on (page sizes, @include), however often it is cached', async () => {
    const query = 'query($n: Int, $more: Boolean!, $c: ID!) { invoice(limit: $n, where: {customer: {id: {eq: $c}}}) { id } v: viewer @include(if: $more) { tenantId } }';
    const c = '00000000-0000-4000-8000-000000000000';
    const run = async (n: number, more: boolean) => {
      const res = await post(svc, { query, variables: { n, more, c } }, { 'x-api-key': apiKey });
      return res.status === 200 ? 'ok' : res.body.errors[0].extensions.actual;
    };
    expect(await run(1, false)).toBe('ok');
    expect(await run(3, false)).toBe(3);
    expect(await run(1, false)).toBe('ok');
    expect(await run(1, true)).toBe('ok');
    expect(await run(2, true)).toBe(3);
    expect(await run(2, false)).toBe('ok');
    expect(await run(3, false)).toBe(3);
  });
});

describe('default limits', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({ limits: limits({}) });
  });
  afterAll(() => svc.stop());

  it('let the explorer introspect the whole schema', async () => {
    const res = await post(svc, { query: getIntrospectionQuery() });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.__schema.queryType.name).toBe('Query');
  });

  it('refuse a JSON array batch by default (MAX_BATCH=1) without running any of it', async () => {
    const t = await svc.newTenant('Batch tenant');
    const res = await post(svc, [{ query: '{ viewer { tenantId } }' }], { 'x-api-key': t.apiKey });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions).toEqual({ code: 'TOO_MANY_OPERATIONS', limit: 1, actual: 1 });
    expect(res.body.errors[0].message).toMatch(/Batched requests are disabled/);
  });
});

describe('introspection turned off (GRAPHQL_INTROSPECTION=false)', () => {
  let svc: TestService;
  let apiKey: string;
  beforeAll(async () => {
    svc = await startTestService({ introspection: false, limits: limits({}) });
    apiKey = (await svc.newTenant('No introspection')).apiKey;
  });
  afterAll(() => svc.stop());

  it('refuses __schema and __type queries, with or without a key, and still serves normal queries', async () => {
    for (const query of [getIntrospectionQuery(), '{ __schema { types { name } } }', '{ __type(name: "Query") { fields { name } } }']) {
      for (const headers of [{}, { 'x-api-key': apiKey }] as Array<Record<string, string>>) {
        const res = await post(svc, { query }, headers);
        expect(res.status).toBe(400);
        expect(res.body.data).toBeUndefined();
        expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
        expect(res.body.errors[0].message).toMatch(/introspection/i);
      }
    }
    const normal = await post(svc, { query: '{ __typename viewer { tenantName } }' }, { 'x-api-key': apiKey });
    expect(normal.body).toEqual({ data: { __typename: 'Query', viewer: { tenantName: 'No introspection' } } });
  });
});

describe('rate limit per API key', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({ limits: limits({ rateLimitPerSecond: 2, rateLimitBurst: 3 }) });
  });
  afterAll(() => svc.stop());

  it('answers 429 with Retry-After and RATE_LIMITED past the burst, per key, then recovers', async () => {
    const a = await svc.newTenant('Rate A');
    const b = await svc.newTenant('Rate B');
    const query = { query: '{ viewer { tenantId } }' };
    const first = await Promise.all([1, 2, 3].map(() => post(svc, query, { 'x-api-key': a.apiKey })));
    expect(first.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(first.every((r) => r.body.data.viewer.tenantId === a.tenantId)).toBe(true);
    expect(first.map((r) => r.headers.get('ratelimit-remaining')).sort()).toEqual(['0', '1', '2']);
    expect(first[0].headers.get('ratelimit-limit')).toBe('2');

    const limited = await post(svc, query, { 'x-api-key': a.apiKey });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.body.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', limit: 2, burst: 3, retryAfterSeconds: 1, retryable: true });
    // The same key through the Bearer header shares the bucket.
    expect((await post(svc, query, { authorization: `Bearer ${a.apiKey}` })).status).toBe(429);

    // Another key has its own bucket; health checks are never limited.
    expect((await post(svc, query, { 'x-api-key': b.apiKey })).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await fetch(`${svc.baseUrl}/health`)).status).toBe(200);

    await new Promise((r) => setTimeout(r, 1000 * Number(limited.headers.get('retry-after'))));
    const recovered = await post(svc, query, { 'x-api-key': a.apiKey });
    expect(recovered.status).toBe(200);
    expect(recovered.body.data.viewer.tenantId).toBe(a.tenantId);
  });

  it('limits unknown keys too, so guessing keys is throttled', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await post(svc, { query: '{ viewer { tenantId } }' }, { 'x-api-key': 'bk_guess' })).status);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]); // UNAUTHENTICATED
    expect(statuses.slice(3)).toEqual([429, 429]);
  });
});
