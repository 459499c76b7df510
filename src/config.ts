import os from 'node:os';
import path from 'node:path';

/**
 * Runtime configuration: every environment variable the service reads is read here, and listed
 * in VARIABLES, from which the README's configuration table is generated (`npm run docs`).
 */
export interface AppConfig {
  port: number;
  host: string;
  /** When set, the service uses this PostgreSQL and starts no embedded one. */
  databaseUrl?: string;
  /** Where the embedded PostgreSQL keeps its files (survives restarts). */
  dataDir: string;
  dbPoolSize: number;
  workers: number;
  logLevel: string;
  /** Base URL used for links the service hands out (invoice PDFs). */
  publicUrl: string;
  /** Secret for signed PDF links; when not given, one is generated once and stored in the database (service_setting). */
  pdfSigningSecret?: string;
  pdfLinkTtlSeconds: number;
  introspection: boolean;
  explorer: boolean;
  schedulerIntervalMs: number;
  /** How long a process trusts a key it has checked (revocation reaches other processes within this time). */
  apiKeyCacheMs: number;
  /** Transactions one bulk action runs side by side (disjoint parts of its selection). */
  bulkParallelism: number;
  /** Depth, cost, alias, batch and rate limits (docs/configuration.md). */
  limits: LimitsConfig;
  /** Queries the read planner plans are answered by it (src/read); off, everything runs on the fallback resolvers (for comparisons). */
  readPlanner: boolean;
  /** Largest request body accepted. */
  bodyLimitBytes: number;
  idempotency: { keyTtlHours: number; waitMs: number; cleanupIntervalMs: number };
  /** Seeding prints each step's time. */
  seedProfile: boolean;
  /** Deepest nesting of a variable, JSON value or document literal (src/http/input-guard.ts). */
  maxInputDepth: number;
  /** Bytes of an over-limit body read and discarded so that the client reads its 413 (src/http/read-body.ts). */
  bodyDiscardLimitBytes: number;
  /** In-flight GraphQL requests per API key and per tenant, per process (src/http/limits/concurrency-limit.ts). */
  concurrency: ConcurrencyLimits;
  /** How often PostgreSQL is probed and how long an answer may take before the pool's connections are ended (src/db/database-watchdog.ts). */
  databaseWatchdog: { intervalMs: number; timeoutMs: number };
  /** When this process started the embedded PostgreSQL: how often it checks that it still runs (0: never), and restarts it. */
  embeddedWatchMs: number;
}

/** Concurrent GraphQL requests allowed per process (src/http/limits/concurrency-limit.ts). */
export interface ConcurrencyLimits {
  /** In-flight requests per API key; 0 turns the limiter off. */
  perKey: number;
  /** In-flight requests per tenant (all its keys). */
  perTenant: number;
  /** Requests of one tenant waiting for a slot; more are refused at once. */
  queueSize: number;
  /** Longest wait for a slot. */
  queueTimeoutMs: number;
}

/** Abuse limits; each is reported to the client in `extensions.limit` when a request is refused. */
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

/** Every variable, its default and meaning: the README's configuration table. */
export const VARIABLES: ReadonlyArray<readonly [name: string, fallback: string, meaning: string]> = [
  ['PORT', '`4000`', 'HTTP port.'],
  ['HOST', '`0.0.0.0`', 'Interface to listen on.'],
  ['DATABASE_URL', 'unset', 'Use this PostgreSQL (18 or newer, [see above](#using-your-own-postgresql-database_url)); when unset an embedded one is started.'],
  ['DATA_DIR', '`.data`', 'Where the embedded PostgreSQL keeps its files.'],
  ['DB_POOL_SIZE', '`10`', 'Connections per service process.'],
  ['WORKERS', '`1`', 'Service processes on one port (`auto`: one per CPU); `npm start -- --workers N` (or `--workers auto`) overrides it.'],
  ['NODE_ENV', '`production` under `npm start`', 'graphql-js skips its development-time checks in `production` (markedly less CPU per request); `npm start` sets it when it is unset (src/runtime-mode.ts). jest sets `test`, which turns the default rate limit off.'],
  ['LOG_LEVEL', '`info` (`silent` under jest)', 'pino level (`warn`: only server errors; `silent`: nothing).'],
  ['PUBLIC_URL', '`http://localhost:$PORT`', 'Base of the links handed out (invoice PDFs); set it to the address users reach.'],
  ['PDF_SIGNING_SECRET', 'generated once, stored in the database', 'Key signing PDF links; shared by every process on the database. Changing it invalidates earlier links.'],
  ['PDF_LINK_TTL_SECONDS', '`604800` (7 days)', 'Lifetime of a PDF link.'],
  ['GRAPHQL_INTROSPECTION', '`true`', '`false` (or `0`, `no`, `off`) refuses `__schema` / `__type`; `__typename` still works.'],
  ['GRAPHQL_EXPLORER', '`true`', '`false` stops serving the explorer page and its assets.'],
  ['SCHEDULER_INTERVAL_MS', '`30000`', 'How often scheduled (PENDING_ACTIVATION) invoices are checked.'],
  ['BULK_PARALLELISM', '`2`', 'Transactions one bulk action runs side by side, each over a disjoint part of its selection (index upkeep makes bulk actions CPU-bound in PostgreSQL).'],
  ['API_KEY_CACHE_MS', '`5000`', 'How long a process trusts an API key it has checked, sparing a lookup per request. A revocation takes effect at once in the process that revokes and within this time in the others; `0` checks every request.'],
  ['READ_PLANNER', '`true`', 'Queries answered by the read planner ([Architecture](#architecture)); `0` runs every operation on the fallback resolvers, which answer the same bytes (for comparisons and tests).'],
  ['MAX_DEPTH', '`12`', 'Field nesting of one operation (`{ viewer { tenantId } }` is 2); introspection fields are not counted, so the explorer always works. Refused: `QUERY_TOO_DEEP` `{limit, actual}`.'],
  ['MAX_COST', '`100000`', 'Estimated rows an operation may load ([docs/configuration.md](docs/configuration.md#cost)). Refused: `QUERY_TOO_COMPLEX` `{limit, actual}`.'],
  ['MAX_ALIASES', '`30`', 'Aliased fields in one operation, fragments counted each time they are spread. Refused: `TOO_MANY_ALIASES` `{limit, actual}`.'],
  ['MAX_BATCH', '`1`', 'Operations in one JSON array request; `1` turns batching off: every array body is refused. Refused: `TOO_MANY_OPERATIONS` `{limit, actual}`.'],
  ['MAX_INPUT_DEPTH', '`100`', 'Nesting of any value a request carries: each variable, JSON values at any depth, the document\'s literals (counted on its tokens, so the parser never recurses that deep). Refused: `BAD_USER_INPUT` `{path, limit}`; a document whose selections nest deeper gets `QUERY_TOO_DEEP`.'],
  ['RATE_LIMIT_PER_SECOND', '`50` (`0` under `NODE_ENV=test`)', 'Requests per second per API key (token bucket refill rate), per process; `0` turns rate limiting off. Refused: HTTP 429 + `Retry-After`, `RATE_LIMITED` `{limit, burst, retryAfterSeconds, retryable: true}`.'],
  ['RATE_LIMIT_BURST', '`100`', 'Bucket size: requests a key may send at once after a quiet spell.'],
  ['CONCURRENCY_PER_TENANT', '`DB_POOL_SIZE` - 2 (at least 1)', 'GraphQL requests of one tenant running at once, per process; `0` turns the concurrency limit off. Past it a request waits in the tenant\'s queue, then gets HTTP 429 + `Retry-After`, `TOO_MANY_CONCURRENT_REQUESTS` `{perKey, perTenant, retryAfterSeconds, retryable: true}`.'],
  ['CONCURRENCY_PER_KEY', '`CONCURRENCY_PER_TENANT` - 2 (at least 1)', 'GraphQL requests of one API key running at once, per process.'],
  ['CONCURRENCY_QUEUE', '`200`', 'Requests of one tenant waiting for a slot (first come, first served; a request held back by its own key\'s bound lets the others of its tenant pass); more get `TOO_MANY_CONCURRENT_REQUESTS` at once.'],
  ['CONCURRENCY_QUEUE_TIMEOUT_MS', '`30000`', 'Longest wait for a slot before `TOO_MANY_CONCURRENT_REQUESTS`.'],
  ['BODY_LIMIT_BYTES', '`1000000`', 'Request body size (checked on `Content-Length` and while streaming). Refused: HTTP 413, `PAYLOAD_TOO_LARGE` `{limit}`.'],
  ['BODY_DISCARD_LIMIT_BYTES', '`67108864` (64 MB)', 'Bytes of a body over `BODY_LIMIT_BYTES` read and discarded before the 413, so that a client still sending reads it; past this the connection is closed after the answer.'],
  ['DB_WATCHDOG_INTERVAL_MS', '`1000`', 'How often the service probes PostgreSQL (`SELECT 1` on a connection of its own); `0` turns the watchdog off.'],
  ['DB_WATCHDOG_TIMEOUT_MS', '`3000`', 'A probe unanswered this long ends the pool\'s connections: requests waiting on a server that stopped answering get `DATABASE_UNAVAILABLE` within interval + timeout, and new connections are refused at once until a probe is answered again.'],
  ['EMBEDDED_PG_WATCH_MS', '`1000`', 'How often a process that started the embedded PostgreSQL checks that it still runs, and starts it again (`0`: never).'],
  ['IDEMPOTENCY_KEY_TTL_HOURS', '`24` (minimum 24)', 'How long idempotency keys are kept.'],
  ['IDEMPOTENCY_WAIT_MS', '`10000`', 'How long a concurrent retry waits for the first call.'],
  ['IDEMPOTENCY_CLEANUP_INTERVAL_MS', '`3600000`', 'How often expired keys are deleted.'],
  ['SEED_PROFILE', 'unset', '`npm run seed` prints each step\'s time per batch.'],
];

const KNOWN = new Set(VARIABLES.map(([name]) => name));

function env(name: string): string | undefined {
  if (!KNOWN.has(name)) throw new Error(`${name} is not in src/config.ts VARIABLES`);
  const raw = process.env[name];
  return raw === undefined || raw === '' ? undefined : raw;
}

function int(name: string, fallback: number): number {
  const raw = env(name);
  if (raw === undefined) return fallback;
  const value = Number.parseInt(raw, 10);
  if (!Number.isFinite(value)) throw new Error(`${name} must be an integer, got "${raw}"`);
  return value;
}

function positive(name: string, fallback: number, allowZero = false): number {
  const raw = env(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new Error(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got "${raw}"`);
  }
  return value;
}

function bool(name: string, fallback: boolean): boolean {
  const raw = env(name);
  return raw === undefined ? fallback : !['0', 'false', 'no', 'off'].includes(raw.toLowerCase());
}

/**
 * How many service processes to run: `--workers N` (or `--workers=N`) on the command line,
 * else WORKERS from the environment, else 1.
 */
export function workersOption(argv: readonly string[], fallback: number): number {
  let raw: string | undefined;
  argv.forEach((arg, i) => {
    if (arg === '--workers' || arg === '-w') raw = argv[i + 1];
    else if (arg.startsWith('--workers=')) raw = arg.slice('--workers='.length);
  });
  if (raw === undefined) return fallback;
  const n = raw === 'auto' ? os.availableParallelism() : Number.parseInt(raw, 10);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new Error(`--workers must be a whole number from 1 to 256 (or "auto"), got "${raw}"`);
  return n;
}

function loadLimits(): LimitsConfig {
  return {
    maxDepth: Math.floor(positive('MAX_DEPTH', 12)),
    maxCost: positive('MAX_COST', 100_000),
    maxAliases: Math.floor(positive('MAX_ALIASES', 30, true)),
    maxBatch: Math.floor(positive('MAX_BATCH', 1)),
    // Under the test runner the suite fires thousands of requests from one key: rate limiting is
    // off there unless a test (or the environment) turns it on explicitly.
    rateLimitPerSecond: positive('RATE_LIMIT_PER_SECOND', env('NODE_ENV') === 'test' ? 0 : 50, true),
    rateLimitBurst: positive('RATE_LIMIT_BURST', 100),
  };
}

/**
 * By default a tenant may use all but two of the process's pooled connections, so that another
 * tenant's request always finds one, and one key all but two of its tenant's share.
 */
function concurrency(poolSize: number): ConcurrencyLimits {
  const perTenant = Math.max(0, int('CONCURRENCY_PER_TENANT', Math.max(1, poolSize - 2)));
  return {
    perTenant,
    perKey: Math.max(0, int('CONCURRENCY_PER_KEY', Math.max(1, perTenant - 2))),
    queueSize: Math.max(0, int('CONCURRENCY_QUEUE', 200)),
    queueTimeoutMs: Math.max(0, int('CONCURRENCY_QUEUE_TIMEOUT_MS', 30_000)),
  };
}

export function loadConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  const port = int('PORT', 4000);
  const dbPoolSize = overrides.dbPoolSize ?? int('DB_POOL_SIZE', 10);
  const ttl = int('IDEMPOTENCY_KEY_TTL_HOURS', 24);
  const wait = int('IDEMPOTENCY_WAIT_MS', 10_000);
  const cleanup = int('IDEMPOTENCY_CLEANUP_INTERVAL_MS', 3_600_000);
  const workers = env('WORKERS');
  return {
    port,
    host: env('HOST') ?? '0.0.0.0',
    databaseUrl: env('DATABASE_URL'),
    dataDir: path.resolve(env('DATA_DIR') ?? '.data'),
    dbPoolSize,
    workers: workers === undefined ? 1 : workersOption(['--workers', workers], 1),
    // Test runs stay quiet unless LOG_LEVEL asks otherwise (tests inject their own logger).
    logLevel: env('LOG_LEVEL') ?? (process.env.JEST_WORKER_ID !== undefined ? 'silent' : 'info'),
    publicUrl: (env('PUBLIC_URL') ?? `http://localhost:${port}`).replace(/\/$/, ''),
    pdfSigningSecret: env('PDF_SIGNING_SECRET'),
    pdfLinkTtlSeconds: int('PDF_LINK_TTL_SECONDS', 7 * 24 * 3600),
    introspection: bool('GRAPHQL_INTROSPECTION', true),
    explorer: bool('GRAPHQL_EXPLORER', true),
    schedulerIntervalMs: int('SCHEDULER_INTERVAL_MS', 30_000),
    apiKeyCacheMs: int('API_KEY_CACHE_MS', 5_000),
    bulkParallelism: Math.max(1, int('BULK_PARALLELISM', 2)),
    limits: loadLimits(),
    readPlanner: bool('READ_PLANNER', true),
    bodyLimitBytes: int('BODY_LIMIT_BYTES', 1_000_000),
    idempotency: { keyTtlHours: Math.max(24, ttl), waitMs: wait >= 0 ? wait : 10_000, cleanupIntervalMs: cleanup > 0 ? cleanup : 3_600_000 },
    seedProfile: bool('SEED_PROFILE', false),
    maxInputDepth: Math.max(1, int('MAX_INPUT_DEPTH', 100)),
    bodyDiscardLimitBytes: Math.max(0, int('BODY_DISCARD_LIMIT_BYTES', 64 * 1024 * 1024)),
    concurrency: concurrency(dbPoolSize),
    databaseWatchdog: { intervalMs: Math.max(0, int('DB_WATCHDOG_INTERVAL_MS', 1_000)), timeoutMs: Math.max(100, int('DB_WATCHDOG_TIMEOUT_MS', 3_000)) },
    embeddedWatchMs: Math.max(0, int('EMBEDDED_PG_WATCH_MS', 1_000)),
    ...overrides,
  };
}

let processConfig: AppConfig | undefined;

/** The configuration from the environment, read on first use, for code that runs without the service's deps (idempotency, seeding). */
export const environmentConfig = (): AppConfig => (processConfig ??= loadConfig());
