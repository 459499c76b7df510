import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { OwnPostgres } from '../stress/support/fault-env';

/**
 * A database of the test's own, for fault tests: anything that locks tables, terminates or
 * cancels backends, changes planner statistics, or runs the service's background jobs (which work
 * over every tenant) does it there, so no other test file's connections, rows or plans are
 * touched. The suite shares one PostgreSQL; files run side by side on it.
 *
 * The database is a copy of the migrated template that test/global-setup.ts prepares
 * (CREATE DATABASE ... TEMPLATE: a file copy, no migrations to run). When the server in
 * TEST_DATABASE_URL does not allow CREATE DATABASE, the test gets a PostgreSQL of its own
 * (embedded, migrated) instead. `drop()` removes it, whatever still holds connections to it.
 *
 *   const db = await ownDatabase('direct-answers');
 *   const svc = await startTestService({ databaseUrl: db.url });
 *   ...
 *   await svc.stop(); await db.drop();
 */
export interface OwnDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Set by test/global-setup.ts: the migrated template database, when the server allows creating databases. */
export const TEMPLATE_ENV = 'TEST_TEMPLATE_DATABASE';

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function admin<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, application_name: 'billing-test-admin' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function ownDatabase(label: string): Promise<OwnDatabase> {
  const shared = process.env.TEST_DATABASE_URL;
  if (!shared) throw new Error('TEST_DATABASE_URL is not set: run the tests through jest (global-setup starts PostgreSQL)');
  const template = process.env[TEMPLATE_ENV];
  if (!template) return ownPostgres();
  const name = `billing_own_${label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  // Two files copying the template at once: PostgreSQL refuses a copy while another session is
  // connected to the source, and CREATE DATABASE itself briefly connects; retry that refusal.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin(shared, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`));
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error; // object_in_use
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  return {
    url: withDatabase(shared, name),
    drop: () => admin(shared, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`)).then(() => undefined),
  };
}

async function ownPostgres(): Promise<OwnDatabase> {
  const pg = new OwnPostgres();
  await pg.start();
  await pg.migrate();
  return { url: pg.url, drop: () => pg.dispose() };
}
