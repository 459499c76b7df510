import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import 'reflect-metadata';
import { createDataSource } from '../src/db/data-source';
import { runMigrations } from '../src/db/database';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';

/** Starts one real PostgreSQL for the whole run (unless TEST_DATABASE_URL is given) and migrates it. */
export default async function globalSetup(): Promise<void> {
  let url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'billing-test-pg-'));
    // PostgreSQL runs as its own user when we are root: it must be able to enter the directory.
    fs.chmodSync(dataDir, 0o755);
    const embedded = await startEmbeddedPostgres({ dataDir, persistent: false });
    (globalThis as Record<string, unknown>).__EMBEDDED_PG__ = { embedded, dataDir };
    url = embedded.url;
    process.env.TEST_DATABASE_URL = url;
  }
  const dataSource = createDataSource({ url, poolSize: 2 });
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
