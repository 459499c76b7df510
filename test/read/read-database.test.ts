import { Pool } from 'pg';
import { ReadDatabase } from '../../src/read/read-database';
import { startTcpProxy } from '../support/tcp-proxy';

/**
 * The read side runs every statement prepared under a name derived from its text, a bounded
 * number per connection. One connection (max: 1) makes the statements observable in
 * pg_prepared_statements, which lists those of the session that asks.
 */
describe('the read database', () => {
  let pool: Pool;
  let db: ReadDatabase;
  beforeAll(() => {
    pool = new Pool({ connectionString: process.env.TEST_DATABASE_URL, max: 1 });
    pool.on('error', () => undefined); // idle clients' errors, as TypeORM's pool handles them
    db = ReadDatabase.of(pool);
  });
  afterAll(() => pool.end());

  const prepared = async () => Number((await db.raw({ text: 'SELECT count(*) FROM pg_prepared_statements', values: [] }))[0][0]);
  const backend = async () => (await db.raw({ text: 'SELECT pg_backend_pid()::text', values: [] }))[0][0];

  it('prepares a text once per connection and answers raw text rows or parsed objects', async () => {
    const text = 'SELECT $1::int + 1 AS n, true AS b, 1.50::numeric AS d';
    expect(await db.raw({ text, values: [1] })).toEqual([['2', 't', '1.50']]);
    const before = await prepared();
    expect(await db.rows({ text, values: [41] })).toEqual([{ n: 42, b: true, d: '1.50' }]);
    expect(await prepared()).toBe(before);
  });

  it(`replaces a connection once it has prepared ${ReadDatabase.MAX_PER_CONNECTION} statements`, async () => {
    const first = await backend();
    for (let k = 0; k < ReadDatabase.MAX_PER_CONNECTION; k++) {
      expect(await db.raw({ text: `SELECT $1::int * ${k}`, values: [2] })).toEqual([[String(2 * k)]]);
    }
    // The statement past the bound still answered; its connection was closed after it.
    const replaced = await backend();
    expect(replaced).not.toBe(first);
    expect(await prepared()).toBeLessThan(5);
    // A text seen before is prepared again on the new connection.
    expect(await db.raw({ text: 'SELECT $1::int * 0', values: [7] })).toEqual([['0']]);
  });

  it('an SQL error reaches the caller and leaves the connection usable', async () => {
    const pid = await backend();
    await expect(db.raw({ text: 'SELECT 1 / $1::int', values: [0] })).rejects.toMatchObject({ code: '22012' });
    await expect(db.raw({ text: 'SELECT nope FROM nowhere', values: [] })).rejects.toMatchObject({ code: '42P01' });
    expect(await db.raw({ text: 'SELECT 1 / $1::int', values: [1] })).toEqual([['1']]);
    expect(await backend()).toBe(pid);
  });

  it('a connection that dies during a read fails the read, not the process, and the pool replaces it', async () => {
    // A proxy of the test's own between a pool and PostgreSQL: cutting it mid-query ends the connection
    // without a word from the server, as when the server is killed. The client then emits 'error' while
    // checked out, when pg-pool listens for nothing: without a listener of its own that would crash the process.
    const proxy = await startTcpProxy(process.env.TEST_DATABASE_URL!);
    const proxied = new Pool({ connectionString: proxy.url, max: 1 });
    proxied.on('error', () => undefined);
    const through = ReadDatabase.of(proxied);
    const unhandled: unknown[] = [];
    const onError = (error: unknown) => unhandled.push(error);
    process.on('uncaughtException', onError);
    try {
      expect(await through.raw({ text: 'SELECT $1::int', values: [1] })).toEqual([['1']]);
      const read = through.raw({ text: 'SELECT pg_sleep(2), $1::int', values: [2] });
      await new Promise((r) => setTimeout(r, 200));
      proxy.cutConnections();
      await expect(read).rejects.toThrow(/Connection terminated/);
      await new Promise((r) => setTimeout(r, 100));
      expect(unhandled).toEqual([]);
      expect(await through.raw({ text: 'SELECT $1::int', values: [3] })).toEqual([['3']]);
    } finally {
      process.off('uncaughtException', onError);
      await proxied.end();
      proxy.close();
    }
  });
});
