import { Pool } from 'pg';
import { poolOf } from '../../src/common/pools';
import { createDataSource } from '../../src/db/data-source';

/**
 * The read side, the health check and the pool metrics use the pg pool TypeORM opens: it is
 * captured through TypeORM's `driver` option (src/db/data-source.ts). This fails when TypeORM
 * stops opening its pool through the given module's Pool, or opens another one.
 */
describe('the data source pool', () => {
  it('is the pool TypeORM runs its queries on', async () => {
    const ds = createDataSource({ url: process.env.TEST_DATABASE_URL!, poolSize: 1, applicationName: 'pool-capture-test' });
    expect(() => poolOf(ds)).toThrow(/not initialized/);
    await ds.initialize();
    try {
      const pool = poolOf(ds);
      expect(pool).toBeInstanceOf(Pool);
      expect(pool.options.max).toBe(1);
      const [{ pid }] = await ds.query('SELECT pg_backend_pid() AS pid');
      expect(pool.totalCount).toBe(1);
      // One connection: the pool's is the one TypeORM queried on.
      const { rows } = await pool.query("SELECT pg_backend_pid() AS pid, current_setting('application_name') AS name");
      expect(rows[0]).toEqual({ pid, name: 'pool-capture-test' });
    } finally {
      await ds.destroy();
    }
    expect(poolOf(ds).ended).toBe(true);
  });
});
