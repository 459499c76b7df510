import type { DataSource } from 'typeorm';
import { createApiKey, createTenant, IssuedKey } from '../tenancy/api-key.service';

/** The tenant named `name` (the oldest one, if several) with a fresh API key; created when missing. */
export async function tenantWithFreshKey(dataSource: DataSource, name: string): Promise<IssuedKey & { created: boolean }> {
  const rows: Array<{ id: string }> = await dataSource.query(
    'SELECT id FROM tenant WHERE name = $1 ORDER BY created_at, id LIMIT 1',
    [name],
  );
  if (rows.length === 0) return { ...(await createTenant(dataSource, name)), created: true };
  return { ...(await createApiKey(dataSource, rows[0].id, 'seed')), created: false };
}
