import { DataSource } from 'typeorm';
import type { AppDeps, BackgroundJob } from '../app-deps';

const BATCH = 5_000;

/** Deletes expired keys in small batches (short transactions); returns how many went. */
export async function deleteExpiredIdempotencyKeys(dataSource: DataSource): Promise<number> {
  let total = 0;
  for (;;) {
    // SKIP LOCKED: several processes may run this at once without waiting on each other.
    // DELETE through TypeORM answers [rows, rowCount].
    const [, count] = (await dataSource.query(
      `DELETE FROM idempotency_key WHERE (tenant_id, key) IN (
         SELECT tenant_id, key FROM idempotency_key WHERE expires_at <= now() LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
       RETURNING 1`,
    )) as [unknown[], number];
    total += count;
    if (count < BATCH) return total;
  }
}

/** Hourly (IDEMPOTENCY_CLEANUP_INTERVAL_MS) removal of expired idempotency keys. */
export const idempotencyCleanupJob: BackgroundJob = {
  name: 'idempotency-key-cleanup',
  start(deps: AppDeps) {
    let running: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      running = deleteExpiredIdempotencyKeys(deps.dataSource).catch(() => undefined);
    }, deps.config.idempotency.cleanupIntervalMs);
    timer.unref();
    return {
      async stop() {
        clearInterval(timer);
        await running;
      },
    };
  },
};
