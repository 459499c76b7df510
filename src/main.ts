import './runtime-mode';
import 'reflect-metadata';
import cluster from 'node:cluster';
import { startService } from './app';
import { runPrimary } from './cluster/cluster-primary';
import { onShutdownSignal } from './cluster/shutdown-signals';
import { loadConfig, workersOption } from './config';

async function main(): Promise<void> {
  const config = loadConfig();
  // --workers N: the primary sets up the database once and forks N workers (src/cluster/).
  const workers = workersOption(process.argv.slice(2), config.workers);
  if (workers > 1 && cluster.isPrimary) return runPrimary(config, workers);
  const service = await startService(config, { migrate: !cluster.isWorker });
  const where = config.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL (data in ${config.dataDir}, port ${service.database.embedded?.port})`;
  if (!cluster.isWorker) console.log(`Billing GraphQL service ready at ${service.server.url} using ${where}`);

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    console.log(`${signal} received: closing the server, the pool and the database`);
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    try {
      await service.stop();
      process.exit(0);
    } catch (error) {
      console.error('Shutdown failed', error);
      process.exit(1);
    }
  };
  onShutdownSignal((signal) => void shutdown(signal));
  // A worker whose primary is gone stops too: no stray processes.
  if (cluster.isWorker) process.on('disconnect', () => void shutdown('disconnect'));
}

main().catch((error) => {
  console.error('Failed to start:', error);
  process.exit(1);
});
