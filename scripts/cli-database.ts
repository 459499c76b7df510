import 'reflect-metadata';
import { loadConfig } from '../src/config';
import { Database, openDatabase } from '../src/db/database';

/**
 * Opens the same database `npm start` uses (DATABASE_URL, or the embedded one under .data/,
 * shared with a running service), migrated, for command-line tools.
 */
export async function openCliDatabase(poolSize = 4): Promise<Database> {
  const config = loadConfig();
  return openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize, applicationName: 'billing-cli' });
}

/** Runs a CLI body with the database, closing it (and any embedded server it started) at the end. */
export async function withCliDatabase(body: (db: Database) => Promise<void>, poolSize?: number): Promise<void> {
  const db = await openCliDatabase(poolSize);
  try {
    await body(db);
  } finally {
    await db.close();
  }
}

export function runCli(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
