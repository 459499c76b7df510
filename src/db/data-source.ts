import './pg-types';
import path from 'node:path';
import { DataSource } from 'typeorm';
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

/** Never `synchronize`: the schema is exactly what migrations/ says. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
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
}
