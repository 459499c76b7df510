import path from 'node:path';
import { workersOption } from './cluster/workers-option';
import type { ConcurrencyLimits } from './http/limits/concurrency-limit';
import { LimitsConfig, loadLimitsConfig } from './http/limits/limits-config';

/** Runtime configuration, read once from the environment. Every knob is documented in the README. */
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
  /** Depth, cost, alias, batch and rate limits (src/http/limits/limits-config.ts). */
  limits: LimitsConfig;
  /** Query documents kept compiled by graphql-jit (src/http/query-executor.ts); 0 runs all on graphql-js. */
  compiledQueryCache: number;
  /** Uses of a query document before graphql-jit compiles it. */
  compileQueryOnUse: number;
  /** Queries whose every field PostgreSQL can render are answered by its JSON alone (src/sql-rendering). */
  sqlRendering: boolean;
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

function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number.parseInt(raw, 10);
  if (!Number.isFinite(value)) throw new Error(`${name} must be an integer, got "${raw}"`);
  return value;
}

/** WORKERS=N or WORKERS=auto (one per core), like `--workers`. */
function workers(): number {
  const raw = process.env.WORKERS;
  return raw === undefined || raw === '' ? 1 : workersOption(['--workers', raw], 1);
}

function bool(name: string, fallback: boolean): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  return !['0', 'false', 'no', 'off'].includes(raw.toLowerCase());
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
  const host = process.env.HOST || '0.0.0.0';
  const dbPoolSize = overrides.dbPoolSize ?? int('DB_POOL_SIZE', 10);
  return {
    port,
    host,
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: path.resolve(process.env.DATA_DIR || '.data'),
    dbPoolSize,
    workers: workers(),
    logLevel: process.env.LOG_LEVEL || 'info',
    publicUrl: (process.env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/$/, ''),
    pdfSigningSecret: process.env.PDF_SIGNING_SECRET || undefined,
    pdfLinkTtlSeconds: int('PDF_LINK_TTL_SECONDS', 7 * 24 * 3600),
    introspection: bool('GRAPHQL_INTROSPECTION', true),
    explorer: bool('GRAPHQL_EXPLORER', true),
    schedulerIntervalMs: int('SCHEDULER_INTERVAL_MS', 30_000),
    apiKeyCacheMs: int('API_KEY_CACHE_MS', 5_000),
    bulkParallelism: Math.max(1, int('BULK_PARALLELISM', 2)),
    limits: loadLimitsConfig(),
    compiledQueryCache: Math.max(0, int('COMPILED_QUERY_CACHE', 64)),
    compileQueryOnUse: Math.max(1, int('COMPILE_QUERY_ON_USE', 2)),
    sqlRendering: bool('SQL_RENDERING', true),
    maxInputDepth: Math.max(1, int('MAX_INPUT_DEPTH', 100)),
    bodyDiscardLimitBytes: Math.max(0, int('BODY_DISCARD_LIMIT_BYTES', 64 * 1024 * 1024)),
    concurrency: concurrency(dbPoolSize),
    databaseWatchdog: { intervalMs: Math.max(0, int('DB_WATCHDOG_INTERVAL_MS', 1_000)), timeoutMs: Math.max(100, int('DB_WATCHDOG_TIMEOUT_MS', 3_000)) },
    embeddedWatchMs: Math.max(0, int('EMBEDDED_PG_WATCH_MS', 1_000)),
    ...overrides,
  };
}
