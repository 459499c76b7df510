import { parse, validate } from 'graphql';
import { EXPLORER_TABS } from '../../src/explorer/explorer-examples';
import { buildAppSchema } from '../../src/schema/build-schema';
import { startTestService, TestService } from '../support/test-service';

let service: TestService | undefined;
afterEach(async () => {
  await service?.stop();
  service = undefined;
});

const html = (path = '/graphql') => fetch(`${service!.baseUrl}${path}`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });

test('browsers get the explorer at /graphql, with every asset served locally', async () => {
  service = await startTestService();
  const res = await html();
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  const page = await res.text();
  const assets = [...page.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1]);
  expect(assets).toEqual(expect.arrayContaining(['/explorer/assets/graphiql.min.js', '/explorer/assets/graphiql.min.css', '/explorer/assets/react.production.min.js', '/explorer/assets/react-dom.production.min.js']));
  expect(page).not.toMatch(/(src|href)="https?:/); // no CDN
  for (const asset of assets) {
    const a = await fetch(`${service!.baseUrl}${asset}`);
    expect([asset, a.status]).toEqual([asset, 200]);
    expect((await a.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  }
  // The seeds' operations are preloaded, and the headers panel starts with the key header.
  expect(page).toContain('ActiveInvoicesOfCustomer');
  expect(page).toContain('activateInvoices');
  expect(page).toContain('recordPayment');
  expect(page).toContain('\\"x-api-key\\": \\"\\"');
  expect((await fetch(`${service!.baseUrl}/explorer/assets/..%2Fpackage.json`)).status).toBe(404);
  expect((await fetch(`${service!.baseUrl}/explorer/assets/secret.js`)).status).toBe(404);
});

test('POST /graphql and GET ?query= stay the API', async () => {
  service = await startTestService();
  const { apiKey } = await service.newTenant('Explorer API');
  const post = await service.gql(apiKey, '{ viewer { tenantName } }');
  expect(post.data.viewer.tenantName).toBe('Explorer API');
  const get = await fetch(`${service!.baseUrl}/graphql?query=${encodeURIComponent('{ viewer { tenantName } }')}`, {
    headers: { accept: 'text/html,application/json', 'x-api-key': apiKey },
  });
  expect(get.headers.get('content-type')).toContain('application/json');
  expect(await get.json()).toEqual({ data: { viewer: { tenantName: 'Explorer API' } } });
});

test('GRAPHQL_EXPLORER=false disables the page and its assets', async () => {
  service = await startTestService({ explorer: false });
  const res = await html();
  expect(res.status).toBe(404);
  expect(await res.text()).toContain('GRAPHQL_EXPLORER=false');
  expect((await fetch(`${service!.baseUrl}/explorer/assets/graphiql.min.js`)).status).toBe(404);
});

test('every preloaded example operation is valid against the schema', async () => {
  const schema = await buildAppSchema();
  for (const tab of EXPLORER_TABS) {
    const errors = validate(schema, parse(tab.query)).map((e) => e.message);
    expect({ query: tab.query.split('\n').find((l) => /^(query|mutation)/.test(l)), errors }).toEqual({ query: expect.any(String), errors: [] });
  }
});
