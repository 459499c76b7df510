import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { ownDatabase } from '../support/own-database';

/**
 * Fault tests (table locks, terminated backends, planner statistics, jobs over every tenant) run
 * on a database of their own, so that the suite passes on every clone whatever runs beside them.
 */
const connect = async (url: string) => {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
};

describe('ownDatabase', () => {
  it('is a migrated copy whose locks and terminations never reach the shared database', async () => {
    const db = await ownDatabase('isolation-check');
    const shared = await connect(process.env.TEST_DATABASE_URL!);
    const locker = await connect(db.url);
    const victim = await connect(db.url);
    victim.on('error', () => undefined); // it is the one terminated
    try {
      const migrations = async (c: Client) => (await c.query('SELECT name FROM migrations ORDER BY id')).rows.map((r) => r.name);
      expect(await migrations(locker)).toEqual(await migrations(shared));
      expect((await locker.query('SELECT count(*)::int AS n FROM invoice')).rows[0].n).toBe(0);

      await locker.query('BEGIN');
      await locker.query('LOCK TABLE invoice_history IN ACCESS EXCLUSIVE MODE');
      // The same table of the shared database is not locked: a read there answers at once.
      await shared.query("SET statement_timeout = '5s'");
      await expect(shared.query('SELECT count(*) FROM invoice_history')).resolves.toBeDefined();
      // Terminating every backend waiting on a lock in the own database leaves the shared one's alone.
      const waiting = victim.query('SELECT count(*) FROM invoice_history').catch((e: Error) => e);
      let terminated = 0;
      for (let i = 0; i < 100 && !terminated; i++) {
        await new Promise((r) => setTimeout(r, 20));
        terminated = (await locker.query(
          `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
           WHERE wait_event_type = 'Lock' AND datname = current_database() AND pid <> pg_backend_pid()`)).rows[0].n;
      }
      expect(terminated).toBe(1);
      expect(await waiting).toBeInstanceOf(Error);
      expect((await shared.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
      await locker.query('ROLLBACK');
    } finally {
      await Promise.all([locker.end(), shared.end(), victim.end().catch(() => undefined)]);
      await db.drop();
    }
    const check = await connect(process.env.TEST_DATABASE_URL!);
    try {
      const name = new URL(db.url).pathname.slice(1);
      expect((await check.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rows).toHaveLength(0);
    } finally {
      await check.end();
    }
  });
});

/**
 * Every test file that does something to the database beyond its own tenants' rows uses a
 * database of its own (ownDatabase) or a PostgreSQL of its own (OwnPostgres, or a service process
 * that starts its own embedded one).
 */
describe('fault tests are isolated', () => {
  const FAULTS: Array<[string, RegExp]> = [
    ['terminates backends', /pg_terminate_backend/i],
    ['cancels backends', /pg_cancel_backend/i],
    ['locks a table', /LOCK TABLE/i],
    ['changes a table', /ALTER TABLE/i],
    ['changes server settings', /ALTER SYSTEM|pg_reload_conf/i],
    ['changes planner statistics', /['"`]\s*(ANALYZE|VACUUM)\b/i],
    ['runs a background job over every tenant', /Job\.start\(|dist\/src\/main\.js|['"]main\.js['"]/],
  ];
  // A service process started without DATABASE_URL starts an embedded PostgreSQL of its own (in its own DATA_DIR).
  const ISOLATED = /ownDatabase\(|new OwnPostgres\(|delete env\.DATABASE_URL/;
  const ROOT = path.resolve(__dirname, '..');
  const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'stress' || e.name === 'artifacts' ? [] : files(full);
    return e.name.endsWith('.test.ts') && full !== __filename ? [full] : [];
  });

  it.each(files(ROOT).map((f) => [path.relative(ROOT, f)]))('%s', (file) => {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const faults = FAULTS.filter(([, pattern]) => pattern.test(text)).map(([what]) => what);
    if (faults.length) expect([file, faults, ISOLATED.test(text)]).toEqual([file, faults, true]);
  });
});
