import fs from 'node:fs';
import path from 'node:path';
import { serverAudits } from 'graphql-http';
import { startTestService, TestService } from '../support/test-service';

/**
 * The GraphQL over HTTP spec's server audits (the `graphql-http` package) against the real
 * server: every MUST and every SHOULD passes; MAY results are recorded in test/artifacts and
 * listed in docs/graphql-over-http.md.
 */
let service: TestService;
let apiKey: string;
const results: Array<{ id: string; name: string; status: string; reason?: string }> = [];

/** The audits send no credentials; every request carries a valid key, as a real client's would. */
const fetchWithKey = (input: Parameters<typeof fetch>[0], init: RequestInit = {}) => {
  const headers = new Headers(init.headers);
  headers.set('x-api-key', apiKey);
  return fetch(input, { ...init, headers });
};

const audits = serverAudits({ url: () => service.server.url, fetchFn: fetchWithKey });

beforeAll(async () => {
  service = await startTestService();
  apiKey = (await service.newTenant('Conformance')).apiKey;
});

afterAll(async () => {
  await service?.stop();
  const dir = path.resolve(__dirname, '..', 'artifacts');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'graphql-over-http.json'), JSON.stringify(results, null, 2));
});

test('the audit suite is not empty', () => {
  expect(audits.filter((a) => a.name.startsWith('MUST')).length).toBeGreaterThanOrEqual(10);
  expect(audits.filter((a) => a.name.startsWith('SHOULD')).length).toBeGreaterThanOrEqual(20);
});

for (const audit of audits) {
  test(audit.name, async () => {
    const result = await audit.fn();
    const reason = result.status === 'ok' ? undefined : (result as { reason?: string }).reason;
    results.push({ id: audit.id, name: audit.name, status: result.status, reason });
    if (audit.name.startsWith('MUST') || audit.name.startsWith('SHOULD')) {
      expect({ status: result.status, reason }).toEqual({ status: 'ok', reason: undefined });
    }
  });
}

test('GET queries need a non-simple header (CSRF prevention): the key header counts as one', async () => {
  const url = `${service.server.url}?query=${encodeURIComponent('{ viewer { tenantName } }')}`;
  const bare = await fetch(url);
  expect(bare.status).toBe(400);
  const withKey = await fetch(url, { headers: { 'x-api-key': apiKey } });
  expect(await withKey.json()).toEqual({ data: { viewer: { tenantName: 'Conformance' } } });
  const bearer = await fetch(url, { headers: { authorization: `Bearer ${apiKey}` } });
  expect(bearer.status).toBe(200);
  const mutation = await fetch(`${service.server.url}?query=${encodeURIComponent('mutation { __typename }')}`, { headers: { 'x-api-key': apiKey } });
  expect(mutation.status).toBe(405);
});
