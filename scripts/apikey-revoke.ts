import { revokeApiKey } from '../src/tenancy/api-key.service';
import { runCli, withCliDatabase } from './cli-database';

/** npm run apikey:revoke -- <apiKeyId>: the key stops working on its next request. */
runCli(async () => {
  const [apiKeyId] = process.argv.slice(2);
  if (!apiKeyId) throw new Error('Usage: npm run apikey:revoke -- <apiKeyId>');
  await withCliDatabase(async (db) => {
    const revoked = await revokeApiKey(db.dataSource, apiKeyId);
    if (!revoked) throw new Error(`No live API key ${apiKeyId}`);
    console.log(JSON.stringify({ apiKeyId, revoked: true }));
  });
});
