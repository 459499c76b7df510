import cluster, { Worker } from 'node:cluster';
import type { AppConfig } from '../config';
import { createDataSource } from '../db/data-source';
import { runMigrations } from '../db/database';
import { EmbeddedDatabase, startEmbeddedPostgres } from '../db/embedded-postgres';
import { superviseEmbedded } from '../db/embedded-supervision';
import { serveClusterMetrics } from './cluster-metrics';
import { onShutdownSignal } from './shutdown-signals';

/** Set in the environment of every forked worker. */
export const WORKER_ENV = 'BILLING_CLUSTER_WORKER';

const SHUTDOWN_GRACE_MS = 25_000;
const RESTART_DELAY_MS = 1_000;

/**
 * The primary of `--workers N`: it owns the database setup (starts the embedded PostgreSQL once,
 * or uses DATABASE_URL, and runs the migrations once), then forks N workers that share the HTTP
 * port (node:cluster hands connections round-robin). It serves no requests itself. A worker
 * that dies is replaced; SIGTERM/SIGINT stops every worker gracefully, then PostgreSQL.
 */
export async function runPrimary(config: AppConfig, workers: number, log: (message: string) => void = console.log): Promise<void> {
  let embedded: EmbeddedDatabase | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir });
    url = embedded.url;
  }
  // Two connections: runMigrations holds one for its advisory lock while TypeORM migrates on another.
  const ds = createDataSource({ url, poolSize: 2, applicationName: 'billing-primary' });
  try {
    await ds.initialize();
    await runMigrations(ds);
  } catch (error) {
    if (ds.isInitialized) await ds.destroy();
    await embedded?.stop();
    throw error;
  } finally {
    if (ds.isInitialized) await ds.destroy();
  }

  serveClusterMetrics();
  // The primary owns the embedded server: it starts it again if it dies (stop() ends the watch).
  if (embedded) superviseEmbedded(embedded, config);
  let stopping = false;
  const fork = (): Worker => cluster.fork({ ...process.env, DATABASE_URL: url, [WORKER_ENV]: '1' });
  for (let i = 0; i < workers; i++) fork();

  let ready = 0;
  cluster.on('listening', () => {
    ready++;
    if (ready === workers) {
      const where = embedded ? `embedded PostgreSQL (data in ${config.dataDir}, port ${embedded.port})` : 'DATABASE_URL';
      log(`Billing GraphQL service ready at http://localhost:${config.port}/graphql with ${workers} workers (primary pid ${process.pid}) using ${where}`);
    }
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    if (ready === 0) {
      // A worker that cannot even start (bad config, port taken) would only fail again: stop.
      log(`worker ${worker.process.pid} failed to start (${signal ?? code}); stopping`);
      void shutdown('startup failure', 1);
      return;
    }
    log(`worker ${worker.process.pid} exited (${signal ?? code}); starting a new one`);
    setTimeout(() => {
      if (!stopping) fork();
    }, RESTART_DELAY_MS).unref();
  });

  const shutdown = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received: stopping ${Object.keys(cluster.workers ?? {}).length} workers, then the database`);
    const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
    const exited = Promise.all(alive.map((w) => new Promise<void>((resolve) => (w.isDead() ? resolve() : w.once('exit', () => resolve())))));
    for (const w of alive) w.process.kill('SIGTERM');
    const force = setTimeout(() => {
      for (const w of alive) if (!w.isDead()) w.process.kill('SIGKILL');
    }, SHUTDOWN_GRACE_MS);
    await exited;
    clearTimeout(force);
    try {
      await embedded?.stop();
      process.exit(exitCode);
    } catch (error) {
      console.error('Stopping the database failed', error);
      process.exit(1);
    }
  };
  onShutdownSignal((signal) => void shutdown(signal));
}
