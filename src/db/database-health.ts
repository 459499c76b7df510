import { Client, ClientConfig } from 'pg';

/**
 * What the database watchdog (database-watchdog.ts) knows, per server: while a server does not
 * answer, new connections to it are refused at once instead of each waiting for the connect
 * timeout. Requests queued behind one another (payments lined up on one invoice, requests waiting
 * for a pooled connection or a concurrency slot) then all fail within the watchdog's bound, not
 * one connect timeout after another.
 */
const down = new Map<string, string>();

export function markDatabaseDown(url: string, reason: string): void {
  down.set(url, reason);
}

export function markDatabaseUp(url: string): void {
  down.delete(url);
}

export function databaseDownReason(url: string | undefined): string | undefined {
  return url === undefined ? undefined : down.get(url);
}

/** The pool's client class (pg-pool's `Client` option): refuses to connect to a server known to be down. */
export class WatchedClient extends Client {
  private readonly watchedUrl: string | undefined;

  constructor(config?: string | ClientConfig) {
    super(config);
    this.watchedUrl = typeof config === 'string' ? config : config?.connectionString;
  }

  // pg-pool calls connect(callback); others await connect().
  override connect(): Promise<Client>;
  override connect(callback: (err: Error) => void): void;
  override connect(callback?: (err: Error) => void): Promise<Client> | void {
    const reason = databaseDownReason(this.watchedUrl);
    if (!reason) return callback ? super.connect(callback) : super.connect();
    const error = Object.assign(new Error(`Connection refused: PostgreSQL is not answering (${reason})`), { code: 'ECONNREFUSED' });
    if (!callback) return Promise.reject(error);
    process.nextTick(() => callback(error));
  }
}
