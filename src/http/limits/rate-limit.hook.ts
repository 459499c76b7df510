import { createHash } from 'node:crypto';
import type { AppDeps } from '../../app-deps';
import { AppError } from '../../common/errors';
import { apiKeyFromHeaders } from '../api-key-header';
import type { RequestHook } from '../routes';
import { sendGraphQLErrors } from '../response-status';
import { TokenBucketLimiter } from './token-bucket';

/** Probes that orchestrators call often and that must keep answering under load. */
const EXEMPT_PATHS = new Set(['/health', '/metrics']);

const limiters = new WeakMap<AppDeps, TokenBucketLimiter>();

function limiterFor(deps: AppDeps): TokenBucketLimiter | undefined {
  const { rateLimitPerSecond, rateLimitBurst } = deps.config.limits;
  if (!(rateLimitPerSecond > 0)) return undefined;
  let limiter = limiters.get(deps);
  if (!limiter) {
    limiter = new TokenBucketLimiter(rateLimitPerSecond, Math.max(1, rateLimitBurst));
    limiters.set(deps, limiter);
  }
  return limiter;
}

/**
 * Rate limit per API key (a hash of it: no secret is kept in memory), before authentication so
 * that guessing keys is throttled too; requests without a key share a bucket per client address.
 * Over the limit: 429 with `Retry-After` and a GraphQL-shaped RATE_LIMITED error.
 */
export const rateLimitHook: RequestHook = {
  name: 'rate-limit',
  onRequest(req, res, info) {
    if (EXEMPT_PATHS.has(info.url.pathname)) return true;
    const limiter = limiterFor(info.deps);
    if (!limiter) return true;
    const apiKey = apiKeyFromHeaders(req.headers);
    const key = apiKey ? 'key:' + createHash('sha256').update(apiKey).digest('base64url') : 'addr:' + (req.socket.remoteAddress ?? 'unknown');
    const result = limiter.take(key);
    const limitHeader = String(limiter.ratePerSecond);
    if (result.allowed) {
      res.setHeader('ratelimit-limit', limitHeader);
      res.setHeader('ratelimit-remaining', String(result.remaining));
      return true;
    }
    const error = new AppError('RATE_LIMITED', `Too many requests for this API key: at most ${limiter.ratePerSecond} per second (bursts of ${limiter.burst}); retry after ${result.retryAfterSeconds} s`, {
      limit: limiter.ratePerSecond,
      burst: limiter.burst,
      retryAfterSeconds: result.retryAfterSeconds,
    });
    req.resume(); // drain the unread body so the connection can be reused
    sendGraphQLErrors(req, res, [{ message: error.message, extensions: error.extensions }], {
      'retry-after': String(result.retryAfterSeconds),
      'ratelimit-limit': limitHeader,
      'ratelimit-remaining': '0',
      'x-request-id': info.requestId,
    });
    return false;
  },
};
