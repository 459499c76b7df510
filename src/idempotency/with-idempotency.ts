import { DataSource, EntityManager } from 'typeorm';
import { environmentConfig } from '../config';
import { AppError, badInput } from '../common/errors';
import { decodeResponse, encodeResponse } from './response-codec';

/**
 * Idempotent mutations.
 *
 * The key row and the mutation's effect share ONE transaction:
 *   1. INSERT the (tenant_id, key) row as IN_PROGRESS first. The primary key makes a concurrent
 *      call with the same key block on that insert until the first transaction ends (PostgreSQL
 *      waits on the uncommitted index entry), so the two can never both run.
 *   2. Run the mutation with the same EntityManager.
 *   3. UPDATE the row to DONE with the response JSON, and commit: effect and record become
 *      visible together, so a crash can never leave an effect without its record, nor a record
 *      without its effect.
 * If the mutation fails (or the process dies), the transaction rolls back and the key row goes
 * with it: the key is released and a retry runs afresh. A waiting retry then either finds the
 * committed DONE row (and replays it) or takes the key itself. It waits at most
 * IDEMPOTENCY_WAIT_MS (lock_timeout on that one INSERT), then gets the retryable
 * IDEMPOTENCY_KEY_IN_PROGRESS. Rows live IDEMPOTENCY_KEY_TTL_HOURS (at least 24); expired rows
 * are ignored, overwritten on reuse and deleted by the cleanup job.
 */
export interface IdempotencyRequest {
  tenantId: string;
  /** No key: the mutation just runs in its transaction. */
  key?: string | null;
  /** The mutation's name: a key used for another operation counts as reused. */
  operation: string;
  /** `requestHash(normalized arguments)`. */
  requestHash: string;
}

export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;


/** Why `key` (trimmed) is not an idempotency key, or undefined: 1 to 255 printable characters. */
export function idempotencyKeyProblem(key: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX_LENGTH || /[\u0000-\u001f\u007f]/.test(key)) {
    return `An idempotency key is 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} printable characters${key.length === 0 ? '; this one is empty' : ''}`;
  }
  return undefined;
}

/**
 * The key from the argument or the `Idempotency-Key` header; both given must agree. A key that is
 * given is valid or refused, never ignored (an empty one included).
 */
export function resolveIdempotencyKey(argument: string | null | undefined, header: string | null | undefined): string | undefined {
  const arg = argument == null ? undefined : argument.trim();
  const head = header == null ? undefined : header.trim();
  const argProblem = arg === undefined ? undefined : idempotencyKeyProblem(arg);
  if (argProblem) throw badInput(argProblem, ['idempotencyKey']);
  const headProblem = head === undefined ? undefined : idempotencyKeyProblem(head);
  if (headProblem) throw badInput(`Idempotency-Key header: ${headProblem}`, undefined, { header: 'Idempotency-Key' });
  if (arg !== undefined && head !== undefined && arg !== head) {
    throw badInput('The idempotencyKey argument and the Idempotency-Key header differ', ['idempotencyKey']);
  }
  return arg ?? head;
}

interface StoredKey {
  operation: string;
  request_hash: string;
  state: 'IN_PROGRESS' | 'DONE';
  response: unknown;
}

function replayOrRefuse<T>(req: IdempotencyRequest, row: StoredKey): T {
  if (row.operation !== req.operation || row.request_hash !== req.requestHash) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED', `The idempotency key "${req.key}" was already used with a different input (operation ${row.operation})`, {
      path: ['idempotencyKey'],
    });
  }
  if (row.state !== 'DONE') {
    // Not reachable with the single-transaction protocol (IN_PROGRESS is never committed); kept as a safe answer.
    throw new AppError('IDEMPOTENCY_KEY_IN_PROGRESS', `A request with the idempotency key "${req.key}" is still running; retry shortly`);
  }
  return decodeResponse<T>(row.response);
}

const SELECT_LIVE = `SELECT operation, request_hash, state, response FROM idempotency_key
  WHERE tenant_id = $1 AND key = $2 AND expires_at > now()`;

/**
 * Runs `fn` in one transaction, at most once per (tenant, key): a repeat with the same input
 * returns the first response unchanged; with another input it is refused.
 */
export async function withIdempotency<T>(dataSource: DataSource, req: IdempotencyRequest, fn: (manager: EntityManager) => Promise<T>): Promise<T> {
  if (!req.key) return dataSource.transaction(fn);

  // Fast path for replays: no transaction, no lock.
  const [existing] = (await dataSource.query(SELECT_LIVE, [req.tenantId, req.key])) as StoredKey[];
  if (existing) return replayOrRefuse<T>(req, existing);

  let claimedKey = false;
  let replay: StoredKey | undefined;
  let result: T | undefined;
  try {
    await dataSource.transaction(async (manager) => {
      const [{ previous }] = await manager.query(
        `SELECT current_setting('lock_timeout') AS previous, set_config('lock_timeout', $1, true) AS applied`,
        [`${environmentConfig().idempotency.waitMs}ms`],
      );
      const claimed = await manager.query(
        `INSERT INTO idempotency_key (tenant_id, key, operation, request_hash, state, response, created_at, expires_at)
         VALUES ($1, $2, $3, $4, 'IN_PROGRESS', NULL, now(), now() + make_interval(hours => $5))
         ON CONFLICT (tenant_id, key) DO UPDATE
           SET operation = EXCLUDED.operation, request_hash = EXCLUDED.request_hash, state = 'IN_PROGRESS',
               response = NULL, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
           WHERE idempotency_key.expires_at <= now()
         RETURNING key`,
        [req.tenantId, req.key, req.operation, req.requestHash, environmentConfig().idempotency.keyTtlHours],
      );
      // Back to the session's setting: the mutation's own row locks (e.g. a busy invoice) wait normally.
      await manager.query(`SELECT set_config('lock_timeout', $1, true)`, [previous]);
      if (claimed.length === 0) {
        // Another call with this key committed while we waited: answer from its record.
        [replay] = (await manager.query(SELECT_LIVE, [req.tenantId, req.key])) as StoredKey[];
        return;
      }
      claimedKey = true;
      result = await fn(manager);
      await manager.query(`UPDATE idempotency_key SET state = 'DONE', response = $3::jsonb WHERE tenant_id = $1 AND key = $2`, [
        req.tenantId,
        req.key,
        encodeResponse(result),
      ]);
    });
  } catch (error) {
    const e = error as { code?: string; driverError?: { code?: string } };
    if ((e.code ?? e.driverError?.code) === '55P03' && !claimedKey) {
      throw new AppError('IDEMPOTENCY_KEY_IN_PROGRESS', `A request with the idempotency key "${req.key}" is still running; retry shortly`);
    }
    throw error;
  }
  if (claimedKey) return result as T;
  if (replay) return replayOrRefuse<T>(req, replay);
  // The other call's row expired in the instant between the two statements: let the client retry.
  throw new AppError('IDEMPOTENCY_KEY_IN_PROGRESS', `A request with the idempotency key "${req.key}" is still running; retry shortly`);
}
