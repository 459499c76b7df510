import './pg-types';
import path from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';

export interface DataSourceOptions {
  url: string;
  poolSize?: number;
  applicationName?: string;
}

/** The migrations folder, found from both `src/` (ts-jest) and `dist/src/` (compiled). */
export function migrationsGlob(): string {
  const ext = __filename.endsWith('.ts') ? 'ts' : 'js';
  const root = path.resolve(__dirname, '..', '..');
  return path.join(root, 'migrations', `*.${ext}`);
}

const pools = new WeakMap<DataSource, () => pg.Pool | undefined>();

/**
 * Never `synchronize`: the schema is exactly what migrations/ says. TypeORM opens its pg pool
 * through the `driver` option (its documented way to pass the pg module); the module given here
 * is pg with a Pool class that remembers the pool it becomes, so that the read side, the health
 * check and the pool metrics share TypeORM's connections (`poolOf`) without reaching into it.
 */
export function createDataSource(options: DataSourceOptions): DataSource {
  let opened: pg.Pool | undefined;
  const driver = {
    ...pg,
    Pool: class extends pg.Pool {
      constructor(config?: pg.PoolConfig) {
        super(config);
        opened = this;
      }
    },
  };
  const dataSource = new DataSource({
    type: 'postgres',
    driver,
    url: options.url,
    entities: ENTITIES,
    migrations: [migrationsGlob()],
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: {
      max: options.poolSize ?? 10,
      application_name: options.applicationName ?? 'billing',
      // Fail fast instead of queueing forever when PostgreSQL is gone.
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
    },
  });
  pools.set(dataSource, () => opened);
  return dataSource;
}

/** The pg pool of an initialized data source made by createDataSource. */
export function poolOf(dataSource: DataSource): pg.Pool {
  const pool = pools.get(dataSource)?.();
  if (!pool) throw new Error('poolOf: the data source was not made by createDataSource, or is not initialized');
  return pool;
}
