import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Principal } from '../schema/request-context';
import { ApiKeyCache } from './api-key-cache';

export interface IssuedKey {
  tenantId: string;
  apiKeyId: string;
  apiKey: string;
}

const KEY_PREFIX = 'bk_';

/** API keys are 256-bit random secrets; SHA-256 suffices to store them (no password stretching needed). */
export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey, 'utf8').digest('hex');
}

export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** Creates a tenant with its first key. The plain key is returned once and never stored. */
export async function createTenant(dataSource: DataSource, name: string): Promise<IssuedKey> {
  const tenantId = randomUUID();
  return dataSource.transaction(async (manager) => {
    await manager.query('INSERT INTO tenant (id, name) VALUES ($1, $2)', [tenantId, name]);
    await manager.query('INSERT INTO invoice_number_sequence (tenant_id, last_value) VALUES ($1, 0)', [tenantId]);
    const issued = await insertKey(manager.query.bind(manager), tenantId, 'initial');
    return issued;
  });
}

export async function createApiKey(dataSource: DataSource, tenantId: string, label?: string): Promise<IssuedKey> {
  return insertKey(dataSource.query.bind(dataSource), tenantId, label ?? null);
}

async function insertKey(query: (sql: string, params: unknown[]) => Promise<unknown>, tenantId: string, label: string | null): Promise<IssuedKey> {
  const apiKey = generateApiKey();
  const apiKeyId = randomUUID();
  await query('INSERT INTO api_key (tenant_id, id, key_hash, key_prefix, label) VALUES ($1, $2, $3, $4, $5)', [
    tenantId,
    apiKeyId,
    hashApiKey(apiKey),
    apiKey.slice(0, KEY_PREFIX.length + 6),
    label,
  ]);
  return { tenantId, apiKeyId, apiKey };
}

/** Revokes a key by id; returns whether a live key was revoked. */
export async function revokeApiKey(dataSource: DataSource, apiKeyId: string): Promise<boolean> {
  // Wrapped in a SELECT: TypeORM answers a bare UPDATE ... RETURNING with [rows, count].
  const rows: unknown[] = await dataSource.query(
    'WITH revoked AS (UPDATE api_key SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id) SELECT id FROM revoked',
    [apiKeyId],
  );
  // This process forgets every checked key at once; other processes within API_KEY_CACHE_MS.
  recentKeys(dataSource).clear();
  return rows.length > 0;
}

/**
 * Keys this process checked recently, by hash: a request with a known key skips the lookup (one
 * round trip of every request). Per DataSource, so services in one process stay apart.
 */
const caches = new WeakMap<DataSource, ApiKeyCache>();
const recentKeys = (dataSource: DataSource) => {
  let cache = caches.get(dataSource);
  if (!cache) caches.set(dataSource, (cache = new ApiKeyCache()));
  return cache;
};

/** Resolves a presented key to its tenant, or null for unknown and revoked keys; `cacheMs` 0 always asks the database. */
export async function authenticateApiKey(dataSource: DataSource, apiKey: string, cacheMs = 0): Promise<Principal | null> {
  if (!apiKey || apiKey.length > 200) return null;
  const hash = hashApiKey(apiKey);
  const cached = cacheMs > 0 ? recentKeys(dataSource).get(hash) : undefined;
  if (cached) return cached;
  const rows: Array<{ tenant_id: string; id: string }> = await dataSource.query(
    'SELECT tenant_id, id FROM api_key WHERE key_hash = $1 AND revoked_at IS NULL',
    [hash],
  );
  if (!rows.length) return null;
  const principal = { tenantId: rows[0].tenant_id, apiKeyId: rows[0].id };
  if (cacheMs > 0) recentKeys(dataSource).set(hash, principal, cacheMs);
  return principal;
}
