import 'reflect-metadata';
import { startService } from './app';
import { loadConfig } from './config';

async function main(): Promise<void> {
  const config = loadConfig();
  const service = await startService(config);
  const where = config.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL (data in ${config.dataDir}, port ${service.database.embedded?.port})`;
  console.log(`Billing GraphQL service ready at ${service.server.url} using ${where}`);

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
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  console.error('Failed to start:', error);
  process.exit(1);
});
