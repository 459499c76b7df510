import { startTestService, TestService } from '../support/test-service';

let service: TestService;
let apiKey: string;

beforeAll(async () => {
  service = await startTestService();
  apiKey = (await service.newTenant('Metrics tenant')).apiKey;
});
afterAll(() => service?.stop());

async function scrape(): Promise<string> {
  const res = await fetch(`${service.baseUrl}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
}

/** The value of one sample line, e.g. graphql_operations_total{operation="A",...}. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line ? Number(line.split(' ').pop()) : 0;
}

test('GET /metrics counts GraphQL operations and their durations per operation and outcome', async () => {
  const before = await scrape();
  for (let i = 0; i < 3; i++) await service.gql(apiKey, 'query MetricsProbe { viewer { tenantId } }');
  await service.gql(undefined, 'query MetricsProbe { viewer { tenantId } }');
  const after = await scrape();
  const ok = { operation: 'MetricsProbe', type: 'query', outcome: 'success' };
  const failed = { operation: 'MetricsProbe', type: 'query', outcome: 'error' };
  expect(sample(after, 'graphql_operations_total', ok) - sample(before, 'graphql_operations_total', ok)).toBe(3);
  expect(sample(after, 'graphql_operations_total', failed) - sample(before, 'graphql_operations_total', failed)).toBe(1);
  expect(sample(after, 'graphql_operation_duration_seconds_count', ok)).toBe(3);
  expect(sample(after, 'graphql_operation_duration_seconds_bucket', { ...ok, le: '+Inf' })).toBe(3);
  expect(sample(after, 'graphql_operation_duration_seconds_sum', ok)).toBeGreaterThan(0);
  expect(sample(after, 'http_requests_total', { route: '/graphql', method: 'POST', status: '200' })).toBeGreaterThanOrEqual(3);
  // The request without a key is UNAUTHENTICATED, HTTP 401.
  expect(sample(after, 'http_requests_total', { route: '/graphql', method: 'POST', status: '401' })
    - sample(before, 'http_requests_total', { route: '/graphql', method: 'POST', status: '401' })).toBe(1);
});

test('database pool usage is exported', async () => {
  await service.gql(apiKey, '{ viewer { tenantId } }');
  const text = await scrape();
  const total = sample(text, 'db_pool_connections', {}) || Number(/^db_pool_connections (\d+)/m.exec(text)?.[1]);
  expect(total).toBeGreaterThan(0);
  expect(text).toMatch(/^db_pool_idle_connections \d+/m);
  expect(text).toMatch(/^db_pool_waiting_clients 0/m);
  expect(text).toMatch(/^db_pool_max_connections 10/m);
  expect(text).toMatch(/^process_cpu_user_seconds_total /m);
});

test('operation labels stay bounded: ids and odd names do not create series', async () => {
  await service.gql(apiKey, '{ viewer { tenantId } }');
  const text = await scrape();
  expect(sample(text, 'graphql_operations_total', { operation: 'anonymous', outcome: 'success' })).toBeGreaterThanOrEqual(1);
  await fetch(`${service.baseUrl}/invoices/5622f52c-c234-4981-8ea3-aa58dc578604/pdf?token=x`);
  const after = await scrape();
  expect(after).toContain('route="/invoices/:id/pdf"');
  expect(after).not.toContain('5622f52c');
});
