import { Client, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import type { AppDeps } from '../app-deps';
import type { BackgroundJob } from '../app-deps';
import { loggerFor } from '../observability/logger';
import { markDatabaseDown, markDatabaseUp } from './database-health';
import { poolOf } from '../common/pools';

/**
 * When PostgreSQL stops answering, requests already waiting on it must fail within a bounded time
 * (DATABASE_UNAVAILABLE, retryable) instead of waiting for TCP to give up, which on a frozen server
 * or a lost network takes minutes: a query sent on a connection the server no longer serves never
 * returns, and every request queued behind it waits too.
 *
 * A killed server is seen at once (its connections close, new ones are refused). For the rest,
 * the watchdog sends `SELECT 1` on a connection of its own every `intervalMs`; when one gets no
 * answer within `timeoutMs` (or the connection fails), it ends every connection of the pool: a
 * client with a query in flight has its socket destroyed by pg (`Client.end()`), so the query fails
 * now; until a probe is answered again, new connections to the server are refused at once
 * (database-health.ts), so requests queued behind one another fail together instead of one
 * connect timeout after another. A tick that itself ran late (the event loop
 * was busy) restarts the probe's clock instead of judging it.
 */
export interface WatchdogOptions {
  /** The server to probe; the DataSource's own by default. */
  url?: string;
  intervalMs: number;
  timeoutMs: number;
  onChange?: (state: 'down' | 'up', detail: string) => void;
}

export interface DatabaseWatchdog {
  /** False from a failed probe until one succeeds again. */
  readonly healthy: boolean;
  stop(): Promise<void>;
}

export function watchDatabase(dataSource: DataSource, options: WatchdogOptions): DatabaseWatchdog {
  const pool = poolOf(dataSource);
  const url = options.url ?? (dataSource.options as { url?: string }).url;
  // The pool's clients (public events): those that connect or are handed out from now on.
  const clients = new Set<PoolClient>();
  const track = (client: PoolClient) => {
    if (clients.has(client)) return;
    clients.add(client);
    client.once('end', () => clients.delete(client));
  };
  pool.on('connect', track);
  pool.on('acquire', track);

  let healthy = true;
  let stopped = false;
  let probe: Client | undefined;
  let probeStarted = 0;
  let inFlight: Promise<unknown> | undefined;
  let lastTick = Date.now();

  const endAll = (detail: string) => {
    if (healthy) options.onChange?.('down', detail);
    healthy = false;
    if (url) markDatabaseDown(url, detail);
    const dead = probe;
    probe = undefined;
    inFlight = undefined;
    dead?.end().catch(() => undefined);
    for (const client of clients) (client as unknown as Client).end().catch(() => undefined);
    clients.clear();
  };

  const send = () => {
    const started = Date.now();
    probeStarted = started;
    const run = async () => {
      if (!probe) {
        const fresh = new Client({ connectionString: url, connectionTimeoutMillis: options.timeoutMs, application_name: 'billing-watchdog' });
        fresh.on('error', () => undefined); // a dying connection is judged by the probe's outcome
        probe = fresh;
        await fresh.connect();
      }
      await probe.query('SELECT 1');
    };
    const attempt = run().then(
      () => {
        if (inFlight !== attempt) return;
        inFlight = undefined;
        if (!healthy) options.onChange?.('up', `answered after ${Date.now() - started} ms`);
        healthy = true;
        if (url) markDatabaseUp(url);
      },
      (error: Error) => {
        if (inFlight !== attempt) return;
        endAll(`the probe failed: ${error.message}`);
      },
    );
    inFlight = attempt;
  };

  const timer = setInterval(() => {
    if (stopped) return;
    const now = Date.now();
    const late = now - lastTick > options.intervalMs + options.timeoutMs / 2;
    lastTick = now;
    if (!inFlight) return send();
    if (late) probeStarted = now; // our own delay, not the server's
    else if (now - probeStarted > options.timeoutMs) endAll(`no answer to SELECT 1 within ${options.timeoutMs} ms`);
  }, options.intervalMs);
  timer.unref();

  return {
    get healthy() {
      return healthy;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      pool.off('connect', track);
      pool.off('acquire', track);
      if (url) markDatabaseUp(url);
      const last = probe;
      probe = undefined;
      await last?.end().catch(() => undefined);
    },
  };
}

/** The watchdog as a job of the service (DB_WATCHDOG_INTERVAL_MS, DB_WATCHDOG_TIMEOUT_MS; interval 0: off). */
export const databaseWatchdogJob: BackgroundJob = {
  name: 'database-watchdog',
  start(deps: AppDeps) {
    const { intervalMs, timeoutMs } = deps.config.databaseWatchdog;
    if (!(intervalMs > 0)) return { stop: async () => undefined };
    const log = loggerFor(deps.config);
    const watchdog = watchDatabase(deps.dataSource, {
      intervalMs,
      timeoutMs,
      onChange: (state, detail) =>
        state === 'down'
          ? log.error({ detail }, 'PostgreSQL does not answer: ending the pool\'s connections, requests get DATABASE_UNAVAILABLE')
          : log.warn({ detail }, 'PostgreSQL answers again'),
    });
    return { stop: () => watchdog.stop() };
  },
};
