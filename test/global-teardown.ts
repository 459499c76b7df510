import fs from 'node:fs';
import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  const handle = (globalThis as Record<string, unknown>).__EMBEDDED_PG__ as
    | { embedded: { stop(): Promise<void> }; dataDir: string }
    | undefined;
  if (handle) {
    await handle.embedded.stop();
    fs.rmSync(handle.dataDir, { recursive: true, force: true });
    return;
  }
  // A server of the caller's (TEST_DATABASE_URL): drop the template this run made.
  const template = (globalThis as Record<string, unknown>).__TEST_TEMPLATE__ as { url: string; template: string } | undefined;
  if (!template) return;
  const client = new Client({ connectionString: template.url });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${template.template}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
