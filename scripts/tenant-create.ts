import { createTenant } from '../src/tenancy/api-key.service';
import { runCli, withCliDatabase } from './cli-database';

/** npm run tenant:create -- <name>: prints {"tenantId","apiKey"} as the last line. */
runCli(async () => {
  const name = process.argv.slice(2).join(' ').trim();
  if (!name) throw new Error('Usage: npm run tenant:create -- <tenant name>');
  await withCliDatabase(async (db) => {
    const issued = await createTenant(db.dataSource, name);
    console.error(`Created tenant "${name}". Keep the API key: it is stored hashed and cannot be shown again.`);
    console.log(JSON.stringify({ tenantId: issued.tenantId, apiKey: issued.apiKey }));
  });
});
