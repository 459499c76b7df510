import { AppError } from '../../common/errors';
import type { LimitsConfig } from '../../config';

/**
 * The refusal for a JSON array batch that is too long, or undefined when the body is fine.
 * With MAX_BATCH=1 (the default) batching is off and every array body is refused with this
 * clear error instead of Apollo's generic one.
 */
export function batchRefusal(body: unknown, limits: LimitsConfig): { errors: Array<{ message: string; extensions: Record<string, unknown> }> } | undefined {
  if (!Array.isArray(body)) return undefined;
  if (limits.maxBatch > 1 && body.length <= limits.maxBatch) return undefined;
  const message = limits.maxBatch <= 1
    ? 'Batched requests are disabled on this server: send one operation per request'
    : `A batch may hold at most ${limits.maxBatch} operations; this one holds ${body.length}`;
  const error = new AppError('TOO_MANY_OPERATIONS', message, { limit: limits.maxBatch, actual: body.length });
  return { errors: [{ message: error.message, extensions: error.extensions }] };
}
