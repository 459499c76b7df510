import type { AppDeps } from '../../app-deps';
import { AppError } from '../../common/errors';
import type { RequestContext } from '../../schema/request-context';
import { ConcurrencyLimiter } from './concurrency-limit';

const limiters = new WeakMap<AppDeps, ConcurrencyLimiter>();

/** The process's limiter for this service (one per AppDeps, as the rate limiter). */
export function limiterFor(deps: AppDeps): ConcurrencyLimiter {
  let limiter = limiters.get(deps);
  if (!limiter) {
    limiter = new ConcurrencyLimiter(deps.config.concurrency);
    limiters.set(deps, limiter);
  }
  return limiter;
}

/**
 * A slot for the request's key and tenant (its release function), undefined when the request
 * needs none, or the refusal. A request without a valid key holds no slot: it is answered
 * UNAUTHENTICATED without work. When the key lookup itself fails (the database is down) the
 * request goes on, to be answered with that error.
 */
export async function concurrencySlot(limiter: ConcurrencyLimiter, context: () => Promise<RequestContext>): Promise<(() => void) | AppError | undefined> {
  if (!limiter.enabled) return undefined;
  let ctx: RequestContext;
  try {
    ctx = await context();
  } catch {
    return undefined;
  }
  if (!ctx.principal) return undefined;
  try {
    return await limiter.acquire(ctx.principal.tenantId, ctx.principal.apiKeyId);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}
