import { randomUUID } from 'node:crypto';
import { createApiKey, revokeApiKey } from '../../src/tenancy/api-key.service';
import { startTestService, TestService } from '../support/test-service';

describe('API key revocation and rotation', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService();
  });
  afterAll(() => svc.stop());

  const viewer = (key: string) => svc.gql(key, '{ viewer { tenantId apiKeyId } }');

  it('a rotated key works, the revoked one answers UNAUTHENTICATED on every root field', async () => {
    const t = await svc.newTenant('Rotation tenant');
    const other = await svc.newTenant('Bystander tenant');
    // Rotation: issue the new key first, switch clients over, then revoke the old one.
    const rotated = await createApiKey(svc.dataSource, t.tenantId, 'rotated');
    expect((await viewer(t.apiKey)).data?.viewer).toEqual({ tenantId: t.tenantId, apiKeyId: t.apiKeyId });
    expect((await viewer(rotated.apiKey)).data?.viewer).toEqual({ tenantId: t.tenantId, apiKeyId: rotated.apiKeyId });

    expect(await revokeApiKey(svc.dataSource, t.apiKeyId)).toBe(true);

    const refused = await viewer(t.apiKey);
    expect(refused.data).toBeNull();
    expect(refused.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const viaBearer = await svc.gql(undefined, '{ viewer { tenantId } }', undefined, { authorization: `Bearer ${t.apiKey}` });
    expect(viaBearer.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    // Mutations are refused too (any mutation: the key check runs before the resolver).
    const mutationNames = await svc.gql(rotated.apiKey, '{ __type(name: "Mutation") { fields { name } } }');
    const someMutation = mutationNames.data?.__type?.fields?.[0]?.name as string | undefined;
    if (someMutation) {
      const res = await svc.gql(t.apiKey, `mutation { ${someMutation} }`);
      // Either refused as unauthenticated or as an invalid selection: never executed.
      expect(res.data?.[someMutation] ?? null).toBeNull();
    }

    expect((await viewer(rotated.apiKey)).data?.viewer.tenantId).toBe(t.tenantId);
    expect((await viewer(other.apiKey)).data?.viewer.tenantId).toBe(other.tenantId);
  });

  it('revoking reports whether a live key was revoked (npm run apikey:revoke fails on an unknown or revoked id)', async () => {
    const t = await svc.newTenant('Revoke twice');
    expect(await revokeApiKey(svc.dataSource, t.apiKeyId)).toBe(true);
    expect(await revokeApiKey(svc.dataSource, t.apiKeyId)).toBe(false); // already revoked
    expect(await revokeApiKey(svc.dataSource, randomUUID())).toBe(false); // no such key
  });

  it('refuses keys that are malformed, too long or from the wrong header', async () => {
    const t = await svc.newTenant('Malformed keys');
    for (const key of ['', ' ', 'bk_', t.apiKey + 'x', t.apiKey.slice(0, -1), 'x'.repeat(10_000), `${t.apiKey}' OR '1'='1`]) {
      const res = await svc.gql(undefined, '{ viewer { tenantId } }', undefined, { 'x-api-key': key });
      expect({ key: key.slice(0, 20), code: res.errors?.[0].extensions?.code }).toEqual({ key: key.slice(0, 20), code: 'UNAUTHENTICATED' });
    }
    const wrongHeader = await svc.gql(undefined, '{ viewer { tenantId } }', undefined, { 'x-api-token': t.apiKey });
    expect(wrongHeader.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
