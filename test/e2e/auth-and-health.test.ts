import { revokeApiKey } from '../../src/tenancy/api-key.service';
import { startTestService, TestService } from '../support/test-service';

describe('authentication and health', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService();
  });
  afterAll(() => svc.stop());

  it('answers /health with the database state', async () => {
    const res = await fetch(`${svc.baseUrl}/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.status).toBe('ok');
    expect(body.database.status).toBe('up');
    expect(body.database.serverVersion).toMatch(/^\d+/);
  });

  it('refuses a missing or unknown key with UNAUTHENTICATED', async () => {
    const missing = await svc.gql(undefined, '{ viewer { tenantId } }');
    expect(missing.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const wrong = await svc.gql('bk_not-a-key', '{ viewer { tenantId } }');
    expect(wrong.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('accepts x-api-key and Authorization: Bearer, and stores only a hash', async () => {
    const t = await svc.newTenant('Auth tenant');
    const viaHeader = await svc.gql(t.apiKey, '{ viewer { tenantId tenantName } }');
    expect(viaHeader.data?.viewer).toEqual({ tenantId: t.tenantId, tenantName: 'Auth tenant' });
    const viaBearer = await svc.gql(undefined, '{ viewer { tenantId } }', undefined, { authorization: `Bearer ${t.apiKey}` });
    expect(viaBearer.data?.viewer.tenantId).toBe(t.tenantId);
    const stored = await svc.dataSource.query('SELECT key_hash FROM api_key WHERE tenant_id = $1', [t.tenantId]);
    expect(stored).toHaveLength(1);
    expect(stored[0].key_hash).not.toContain(t.apiKey.slice(3));
    expect(stored[0].key_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('stops accepting a revoked key', async () => {
    const t = await svc.newTenant('Revoked tenant');
    expect((await svc.gql(t.apiKey, '{ viewer { tenantId } }')).data?.viewer.tenantId).toBe(t.tenantId);
    expect(await revokeApiKey(svc.dataSource, t.apiKeyId)).toBe(true);
    const after = await svc.gql(t.apiKey, '{ viewer { tenantId } }');
    expect(after.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
