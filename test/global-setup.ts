import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import 'reflect-metadata';
import { Client } from 'pg';
import { createDataSource } from '../src/db/data-source';
import { runMigrations } from '../src/db/database';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { TEMPLATE_ENV, withDatabase } from './support/own-database';

async function migrate(url: string): Promise<void> {
  const dataSource = createDataSource({ url, poolSize: 2 });
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Starts one real PostgreSQL for the whole run (unless TEST_DATABASE_URL is given) and migrates
 * it; test files share it, each in its own tenants. It also prepares a migrated template
 * database that fault tests copy into a database of their own (test/support/own-database.ts).
 */
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
  await migrate(url);

  const template = `billing_test_template_${process.pid}_${Date.now().toString(36)}`;
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${template}"`);
  } catch (error) {
    // No CREATEDB privilege on the given server: fault tests start a PostgreSQL of their own.
    if ((error as { code?: string }).code !== '42501') throw error;
    return;
  } finally {
    await client.end();
  }
  await migrate(withDatabase(url, template));
  process.env[TEMPLATE_ENV] = template;
  (globalThis as Record<string, unknown>).__TEST_TEMPLATE__ = { url, template };
}
