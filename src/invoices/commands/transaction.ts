import { DataSource, EntityManager } from 'typeorm';

const RETRYABLE = new Set(['40P01', '40001']); // deadlock_detected, serialization_failure

/**
 * One transaction, retried a few times when PostgreSQL aborts it as a deadlock victim or a
 * serialization failure: nothing of the aborted attempt was committed, so a retry is safe.
 */
export async function inTransaction<T>(ds: DataSource, work: (m: EntityManager) => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ds.transaction(work);
    } catch (error) {
      const code = (error as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (error as { code?: string }).code;
      if (attempt >= attempts || !code || !RETRYABLE.has(code)) throw error;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
    }
  }
}
