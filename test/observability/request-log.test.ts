import { Writable } from 'node:stream';
import { createLogger, useLogger } from '../../src/observability/logger';
import { startTestService, TestService } from '../support/test-service';

/** Captures the service's JSON log lines. */
class Lines extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  get records(): Array<Record<string, any>> {
    return this.lines.map((l) => JSON.parse(l));
  }
}

let service: TestService;
let tenant: { tenantId: string; apiKey: string };
const sink = new Lines();

beforeAll(async () => {
  service = await startTestService({ logLevel: 'info' });
  useLogger(service.deps.config, createLogger('info', sink));
  tenant = await service.newTenant('Logged tenant');
});
afterAll(() => service?.stop());

/** The log line of one request, found by the request id we sent. */
async function lineFor(requestId: string): Promise<Record<string, any>> {
  for (let i = 0; i < 50; i++) {
    const found = sink.records.find((r) => r.requestId === requestId);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no log line for ${requestId}`);
}

test('a GraphQL request is one JSON line with request id, operation, tenant, duration and outcome', async () => {
  const res = await service.gql(tenant.apiKey, 'query WhoAmI { viewer { tenantId } }', undefined, { 'x-request-id': 'log-test-1' });
  expect(res.data.viewer.tenantId).toBe(tenant.tenantId);
  const line = await lineFor('log-test-1');
  expect(line).toMatchObject({
    level: 'info',
    requestId: 'log-test-1',
    method: 'POST',
    path: '/graphql',
    status: 200,
    operationName: 'WhoAmI',
    operationType: 'query',
    tenantId: tenant.tenantId,
    outcome: 'success',
    service: 'billing',
    pid: process.pid,
  });
  expect(typeof line.durationMs).toBe('number');
  expect(line.durationMs).toBeGreaterThan(0);
  expect(typeof line.time).toBe('string');
});

test('errors are logged with their codes and an unauthenticated call has no tenant', async () => {
  await service.gql(undefined, 'query NoKey { viewer { tenantId } }', undefined, { 'x-request-id': 'log-test-2' });
  expect(await lineFor('log-test-2')).toMatchObject({ operationName: 'NoKey', tenantId: null, outcome: 'error', errorCodes: ['UNAUTHENTICATED'] });
  await service.gql(tenant.apiKey, 'query Broken { nope }', undefined, { 'x-request-id': 'log-test-3' });
  expect(await lineFor('log-test-3')).toMatchObject({ outcome: 'rejected', errorCodes: ['GRAPHQL_VALIDATION_FAILED'] });
});

test('the API key, the query text and the variables never reach the logs', async () => {
  const secretCard = '4242424242424242';
  await service.gql(
    tenant.apiKey,
    'query WithVars($card: String, $note: String) { viewer { tenantId } }',
    { card: secretCard, note: 'payment-details-cvv-123' },
    { 'x-request-id': 'log-test-4', authorization: `Bearer ${tenant.apiKey}` },
  );
  await lineFor('log-test-4');
  const all = sink.lines.join('\n');
  expect(all).not.toContain(tenant.apiKey);
  expect(all).not.toContain(secretCard);
  expect(all).not.toContain('payment-details-cvv-123');
  expect(all).not.toContain('query WithVars');
});

test('non-GraphQL routes are logged too, and redaction censors secrets passed by mistake', async () => {
  const res = await fetch(`${service.baseUrl}/health`, { headers: { 'x-request-id': 'log-test-5' } });
  expect(res.status).toBe(200);
  expect(await lineFor('log-test-5')).toMatchObject({ method: 'GET', path: '/health', status: 200, outcome: 'success' });

  const own = new Lines();
  createLogger('info', own).info({ apiKey: 'k-123', variables: { card: '4111' }, req: { headers: { 'x-api-key': 'k-456' } } }, 'oops');
  expect(own.lines.join('')).not.toMatch(/k-123|4111|k-456/);
});

test('LOG_LEVEL filters: at warn, successful requests are not logged', async () => {
  const quiet = new Lines();
  useLogger(service.deps.config, createLogger('warn', quiet));
  await service.gql(tenant.apiKey, '{ viewer { tenantId } }', undefined, { 'x-request-id': 'log-test-6' });
  await new Promise((r) => setTimeout(r, 50));
  expect(quiet.lines).toEqual([]);
  useLogger(service.deps.config, createLogger('info', sink));
});
