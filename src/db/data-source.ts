import './pg-types';
import path from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { rememberPool } from '../common/pools';
import { WatchedClient } from './database-health';
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

/**
 * Never `synchronize`: the schema is exactly what migrations/ says. TypeORM opens its pg pool
 * through the `driver` option (its documented way to pass the pg module); the module given here
 * is pg with a Pool class that remembers the pool it becomes, so that the read side, the health
 * check and the pool metrics share TypeORM's connections (`poolOf`, src/common/pools.ts) without
 * reaching into it.
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
      // TCP keepalive, so that the kernel drops connections to a host that is gone; a server that
      // stops answering is noticed sooner by the watchdog (src/db/database-watchdog.ts).
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      // Refuses new connections at once while the watchdog finds the server not answering.
      Client: WatchedClient,
    },
  });
  rememberPool(dataSource, () => opened);
  return dataSource;
}

