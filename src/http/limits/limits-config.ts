/**
 * Abuse limits, read from the environment (documented in docs/configuration.md). Each limit is
 * reported to the client in `extensions.limit` when a request is refused.
 */
export interface LimitsConfig {
  /** Deepest field nesting an operation may have (`{ a { b } }` is 2); introspection fields are not counted. */
  maxDepth: number;
  /** Highest estimated cost of an operation (lists count by their page size). */
  maxCost: number;
  /** Most aliased fields in one operation. */
  maxAliases: number;
  /** Most operations in one JSON array batch; 1 means batches are refused. */
  maxBatch: number;
  /** Requests per second refilled into each API key's bucket; 0 turns rate limiting off. */
  rateLimitPerSecond: number;
  /** Bucket size: how many requests a key may send at once after a quiet spell. */
  rateLimitBurst: number;
}

/** Page size assumed for a list whose size the request does not give (the read side's default page). */
export const DEFAULT_LIST_SIZE = 25;

/** Rows assumed for a nested list that has no page size argument (line items, payments, refunds, history). */
export const NESTED_LIST_SIZE = 10;

function positiveNumber(name: string, fallback: number, allowZero = false): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new Error(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got "${raw}"`);
  }
  return value;
}

export function loadLimitsConfig(): LimitsConfig {
  // Under the test runner the suite fires thousands of requests from one key: rate limiting is
  // off there unless a test (or the environment) turns it on explicitly.
  const rateDefault = process.env.NODE_ENV === 'test' ? 0 : 50;
  return {
    maxDepth: Math.floor(positiveNumber('MAX_DEPTH', 12)),
    maxCost: positiveNumber('MAX_COST', 100_000),
    maxAliases: Math.floor(positiveNumber('MAX_ALIASES', 30, true)),
    maxBatch: Math.floor(positiveNumber('MAX_BATCH', 1)),
    rateLimitPerSecond: positiveNumber('RATE_LIMIT_PER_SECOND', rateDefault, true),
    rateLimitBurst: positiveNumber('RATE_LIMIT_BURST', 100),
  };
}
