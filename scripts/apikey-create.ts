import { createApiKey } from '../src/tenancy/api-key.service';
import { runCli, withCliDatabase } from './cli-database';

/** npm run apikey:create -- <tenantId> [label]: a new key for an existing tenant (key rotation). */
runCli(async () => {
  const [tenantId, ...label] = process.argv.slice(2);
  if (!tenantId) throw new Error('Usage: npm run apikey:create -- <tenantId> [label]');
  await withCliDatabase(async (db) => {
    const [tenant] = await db.dataSource.query('SELECT id FROM tenant WHERE id::text = $1', [tenantId]);
    if (!tenant) throw new Error(`No tenant ${tenantId}`);
    const issued = await createApiKey(db.dataSource, tenantId, label.join(' ') || undefined);
    console.log(JSON.stringify({ tenantId, apiKeyId: issued.apiKeyId, apiKey: issued.apiKey }));
  });
});
