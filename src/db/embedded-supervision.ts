import type { AppConfig } from '../config';
import { loggerFor } from '../observability/logger';
import type { EmbeddedDatabase } from './embedded-postgres';

/**
 * A process that started the embedded PostgreSQL keeps it running: a server that died is started
 * again (EMBEDDED_PG_WATCH_MS), and the pool reconnects on the next request. When it cannot be
 * started (30 attempts, a second apart), the process exits with status 1 so that its supervisor
 * (systemd, a container runtime, `--workers`' primary) restarts the service, instead of serving
 * 503s until someone notices. Returns the function that stops watching.
 */
export function superviseEmbedded(embedded: EmbeddedDatabase, config: AppConfig): () => void {
  if (!(config.embeddedWatchMs > 0)) return () => undefined;
  const log = loggerFor(config);
  return embedded.supervise({
    intervalMs: config.embeddedWatchMs,
    log: (message) => log.warn(message),
    giveUp: (error) => {
      log.fatal({ error: String(error) }, 'embedded PostgreSQL cannot be started again: exiting so that a supervisor restarts the service');
      process.exit(1);
    },
  });
}
