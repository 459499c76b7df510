import { DataSource } from 'typeorm';
import { distributeOnCitus } from './citus-distribution';
import { createDataSource } from './data-source';
import { EmbeddedDatabase, startEmbeddedPostgres } from './embedded-postgres';

export interface Database {
  dataSource: DataSource;
  url: string;
  /** Set when this process started the embedded PostgreSQL and must stop it. */
  embedded?: EmbeddedDatabase;
  close(): Promise<void>;
}

/** Serializes migrations when several processes start against one database. */
const MIGRATION_LOCK_ID = 7_240_001;

/** `contains`/`startsWith` filters fold case with casefold() and the pg_unicode_fast collation (src/filters), new in PostgreSQL 18. */
export const MIN_POSTGRES_VERSION = 180000;

async function requireSupportedPostgres(dataSource: DataSource): Promise<void> {
  const [{ version, text }] = await dataSource.query("SELECT current_setting('server_version_num')::int AS version, current_setting('server_version') AS text");
  if (version < MIN_POSTGRES_VERSION) {
    throw new Error(`PostgreSQL ${text} is too old: the service needs PostgreSQL 18 or newer (Unicode case folding in filters) (unset DATABASE_URL to use the embedded one)`);
  }
}

export async function runMigrations(dataSource: DataSource): Promise<void> {
  await requireSupportedPostgres(dataSource);
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await dataSource.runMigrations({ transaction: 'each' });
    // Where Citus is installed, distribute by tenant what is not yet (src/db/citus-layout.ts); elsewhere a no-op.
    await distributeOnCitus(runner);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await runner.release();
  }
}

export interface OpenDatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
  poolSize: number;
  migrate?: boolean;
  applicationName?: string;
  onLog?: (message: string) => void;
}

/**
 * DATABASE_URL when given; otherwise the embedded PostgreSQL under dataDir, started here.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  let embedded: EmbeddedDatabase | undefined;
  let url = options.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: options.dataDir, onLog: options.onLog });
    url = embedded.url;
  }
  const dataSource = createDataSource({ url, poolSize: options.poolSize, applicationName: options.applicationName });
  try {
    await dataSource.initialize();
    if (options.migrate !== false) await runMigrations(dataSource);
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw error;
  }
  return {
    dataSource,
    url,
    embedded,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
