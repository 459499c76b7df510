import { Pool } from 'pg';
import { MAX_PER_CONNECTION, preparedRead } from '../../src/db/prepared-reads';
import { startTcpProxy } from '../support/tcp-proxy';

/**
 * Generated read SQL runs as named prepared statements, a bounded number per connection.
 * One connection (max: 1) makes the bound observable in pg_prepared_statements, which lists
 * the statements of the session that asks.
 */
describe('prepared reads', () => {
  let pool: Pool;
  beforeAll(() => {
    pool = new Pool({ connectionString: process.env.TEST_DATABASE_URL, max: 1 });
    pool.on('error', () => undefined); // idle clients' errors, as TypeORM's pool handles them
  });
  afterAll(() => pool.end());

  const preparedCount = async () => (await preparedRead(pool, { text: 'SELECT count(*)::int AS n FROM pg_prepared_statements', values: [] })).rows[0].n as number;

  it('prepares a text once per connection and answers with the given values', async () => {
    const text = 'SELECT $1::int + 1 AS n';
    expect((await preparedRead(pool, { text, values: [1] })).rows[0].n).toBe(2);
    const before = await preparedCount();
    expect((await preparedRead(pool, { text, values: [41] })).rows[0].n).toBe(42);
    expect(await preparedCount()).toBe(before);
    expect((await preparedRead(pool, { text, values: [5], rowMode: 'array' })).rows[0]).toEqual([6]);
  });

  it(`keeps at most ${MAX_PER_CONNECTION} statements on a connection, evicting the least recently used`, async () => {
    for (let k = 0; k < MAX_PER_CONNECTION * 2; k++) {
      const res = await preparedRead(pool, { text: `SELECT $1::int * ${k} AS n`, values: [2] });
      expect(res.rows[0].n).toBe(2 * k);
    }
    expect(await preparedCount()).toBe(MAX_PER_CONNECTION);
    // An evicted text is prepared again when it comes back.
    expect((await preparedRead(pool, { text: 'SELECT $1::int * 0 AS n', values: [7] })).rows[0].n).toBe(0);
    expect(await preparedCount()).toBe(MAX_PER_CONNECTION);
  });

  it('an SQL error reaches the caller and leaves the connection usable', async () => {
    await expect(preparedRead(pool, { text: 'SELECT 1 / $1::int AS n', values: [0] })).rejects.toMatchObject({ code: '22012' });
    await expect(preparedRead(pool, { text: 'SELECT nope FROM nowhere', values: [] })).rejects.toMatchObject({ code: '42P01' });
    expect((await preparedRead(pool, { text: 'SELECT 1 / $1::int AS n', values: [1] })).rows[0].n).toBe(1);
    expect(pool.totalCount).toBe(1);
  });

  it('a connection that dies during a read fails the read, not the process, and the pool replaces it', async () => {
    // A proxy of the test's own between a pool and PostgreSQL: cutting it mid-query ends the connection
    // without a word from the server, as when the server is killed. The client then emits 'error' while
    // checked out, when pg-pool listens for nothing: without a listener of its own that would crash the process.
    const proxy = await startTcpProxy(process.env.TEST_DATABASE_URL!);
    const proxied = new Pool({ connectionString: proxy.url, max: 1 });
    proxied.on('error', () => undefined); // idle clients' errors, as TypeORM's pool handles them
    const unhandled: unknown[] = [];
    const onError = (error: unknown) => unhandled.push(error);
    process.on('uncaughtException', onError);
    try {
      expect((await preparedRead(proxied, { text: 'SELECT $1::int AS n', values: [1] })).rows[0].n).toBe(1);
      const read = preparedRead(proxied, { text: 'SELECT pg_sleep(2), $1::int AS n', values: [2] });
      await new Promise((r) => setTimeout(r, 200));
      proxy.cutConnections();
      await expect(read).rejects.toThrow(/Connection terminated/);
      await new Promise((r) => setTimeout(r, 100));
      expect(unhandled).toEqual([]);
      expect((await preparedRead(proxied, { text: 'SELECT $1::int AS n', values: [3] })).rows[0].n).toBe(3);
    } finally {
      process.off('uncaughtException', onError);
      await proxied.end();
      proxy.close();
    }
  });
});
