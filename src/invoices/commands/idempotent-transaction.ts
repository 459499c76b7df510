import { DataSource, EntityManager } from 'typeorm';
import { requestHash } from '../../idempotency/request-hash';
import { withIdempotency } from '../../idempotency/with-idempotency';
import { retryAborted } from './transaction';

export interface IdempotentCall {
  tenantId: string;
  /** Already resolved from the argument / header (resolveIdempotencyKey); none: just one transaction. */
  idempotencyKey?: string;
  /** The mutation's name: the same key on another mutation is IDEMPOTENCY_KEY_REUSED. */
  operation: string;
  /** The parsed, normalized arguments: what "the same input" means for a retry. */
  args: unknown;
}

/**
 * A creating mutation's one transaction, run at most once per (tenant, key): the key row is
 * written in this same transaction as the created rows (see withIdempotency). A deadlock victim
 * is retried whole: its rollback took the key row too, so the retry cannot run twice.
 */
export function idempotentTransaction<T>(ds: DataSource, call: IdempotentCall, work: (m: EntityManager) => Promise<T>): Promise<T> {
  const { tenantId, idempotencyKey: key, operation, args } = call;
  // Hashing a 1,000-invoice import costs more than its SQL: only a keyed call needs the hash.
  const hash = key ? requestHash(args) : '';
  return retryAborted(() => withIdempotency(ds, { tenantId, key, operation, requestHash: hash }, work));
}
