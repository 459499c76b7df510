import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * The pg pool behind each data source made by createDataSource (src/db/data-source.ts), which
 * records it here: the read side, the health check, the watchdog and the pool metrics share
 * TypeORM's connections through `poolOf`.
 */
const pools = new WeakMap<DataSource, () => Pool | undefined>();

export function rememberPool(dataSource: DataSource, pool: () => Pool | undefined): void {
  pools.set(dataSource, pool);
}

/** The pg pool of an initialized data source made by createDataSource. */
export function poolOf(dataSource: DataSource): Pool {
  const pool = pools.get(dataSource)?.();
  if (!pool) throw new Error('poolOf: the data source was not made by createDataSource, or is not initialized');
  return pool;
}
