import 'reflect-metadata';
import { AppDeps } from './app-deps';
import { BACKGROUND_JOBS } from './background-jobs';
import { AppConfig } from './config';
import { Database, openDatabase } from './db/database';
import { RunningServer, startServer } from './http/server';
import { buildAppSchema } from './schema/build-schema';
import { superviseEmbedded } from './db/embedded-supervision';

export interface Service {
  deps: AppDeps;
  database: Database;
  server: RunningServer;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Skip migrations (a worker process whose primary already ran them). */
  migrate?: boolean;
  /** Skip background jobs (tests that drive them by hand). */
  jobs?: boolean;
  log?: (message: string) => void;
}

/** Opens the database (embedded or DATABASE_URL), migrates, and serves GraphQL. */
export async function startService(config: AppConfig, options: StartOptions = {}): Promise<Service> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
    migrate: options.migrate,
  });
  try {
    const deps: AppDeps = { dataSource: database.dataSource, config };
    const schema = await buildAppSchema(deps);
    const server = await startServer(deps, schema, { port: config.port, host: config.host });
    const jobs = options.jobs === false ? [] : BACKGROUND_JOBS.map((job) => job.start(deps));
    const unwatch = database.embedded ? superviseEmbedded(database.embedded, config) : () => undefined;
    let stopping: Promise<void> | undefined;
    return {
      deps,
      database,
      server,
      stop() {
        stopping ??= (async () => {
          unwatch();
          await Promise.all(jobs.map((j) => j.stop()));
          await server.close();
          await database.close();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
