import { DataSource, EntityManager } from 'typeorm';

const RETRYABLE = new Set(['40P01', '40001']); // deadlock_detected, serialization_failure

/**
 * Runs `attempt` (one whole transaction) again, a few times, when PostgreSQL aborted it as a
 * deadlock victim or a serialization failure: nothing of the aborted attempt was committed, so
 * a retry is safe.
 */
export async function retryAborted<T>(attempt: () => Promise<T>, attempts = 4): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const code = (error as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (error as { code?: string }).code;
      if (n >= attempts || !code || !RETRYABLE.has(code)) throw error;
      await new Promise((r) => setTimeout(r, 5 * n + Math.random() * 20));
    }
  }
}

/** One transaction, retried when aborted (see retryAborted). */
export function inTransaction<T>(ds: DataSource, work: (m: EntityManager) => Promise<T>, attempts = 4): Promise<T> {
  return retryAborted(() => ds.transaction(work), attempts);
}
