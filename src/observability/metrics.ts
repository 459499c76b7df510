import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AppDeps } from '../app-deps';
import { joinClusterMetrics } from '../cluster/cluster-metrics';
import { poolOf } from '../common/pools';
import type { Pool } from 'pg';

/**
 * The service's Prometheus metrics, one registry per process (per deps, so that tests running
 * several services in one process keep them apart).
 */
export interface Metrics {
  registry: Registry;
  operations: Counter<'operation' | 'type' | 'outcome'>;
  operationSeconds: Histogram<'operation' | 'type' | 'outcome'>;
  httpRequests: Counter<'route' | 'method' | 'status'>;
  httpSeconds: Histogram<'route' | 'method'>;
  /** Operations by the executor that ran them (src/http/graphql-executor.ts). */
  executions: Counter<'executor'>;
  /** The label for a client-chosen operation name (bounded, see MAX_OPERATION_LABELS). */
  operationLabel(name: string | undefined): string;
}


const registries = new WeakMap<AppDeps, Metrics>();

/** Operation names are client-chosen: keep the label set bounded. */
const MAX_OPERATION_LABELS = 500;

export function metricsFor(deps: AppDeps): Metrics {
  let metrics = registries.get(deps);
  if (!metrics) {
    metrics = createMetrics(deps);
    registries.set(deps, metrics);
    joinClusterMetrics(metrics.registry);
  }
  return metrics;
}


function createMetrics(deps: AppDeps): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const seen = new Set<string>();
  const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  const operations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations by operation name, type and outcome (success, partial, error, rejected).',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers: [registry],
  });
  const operationSeconds = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'Time from request received to response sent, per GraphQL operation and outcome.',
    labelNames: ['operation', 'type', 'outcome'] as const,
    buckets,
    registers: [registry],
  });
  const httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by route, method and status code.',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const httpSeconds = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request durations by route and method.',
    labelNames: ['route', 'method'] as const,
    buckets,
    registers: [registry],
  });
  const executions = new Counter({
    name: 'graphql_executions_total',
    help: 'Executed GraphQL operations by executor: "planner" (one SQL statement per root field, src/read) or "fallback" (the type-graphql resolvers).',
    labelNames: ['executor'] as const,
    registers: [registry],
  });
  const poolGauge = (name: string, help: string, read: (pool: Pool) => number | undefined) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const pool = deps.dataSource.isInitialized ? poolOf(deps.dataSource) : undefined;
        const value = pool ? read(pool) : undefined;
        if (value !== undefined) this.set(value);
      },
    });
  poolGauge('db_pool_connections', 'Open connections in the PostgreSQL pool.', (p) => p.totalCount);
  poolGauge('db_pool_idle_connections', 'Idle connections in the PostgreSQL pool.', (p) => p.idleCount);
  poolGauge('db_pool_waiting_clients', 'Queries waiting for a free pool connection.', (p) => p.waitingCount);
  poolGauge('db_pool_max_connections', 'Pool size limit (DB_POOL_SIZE).', (p) => p.options.max ?? deps.config.dbPoolSize);

  return { registry, operations, operationSeconds, httpRequests, httpSeconds, executions, operationLabel: (name) => operationLabel(seen, name) };
}

function operationLabel(seen: Set<string>, name: string | undefined): string {
  if (!name) return 'anonymous';
  if (!/^[_A-Za-z][_0-9A-Za-z]{0,99}$/.test(name)) return 'invalid';
  if (seen.has(name)) return name;
  if (seen.size >= MAX_OPERATION_LABELS) return 'other';
  seen.add(name);
  return name;
}

/** Route label: the path's shape, never ids (bounded cardinality). */
export function routeLabel(pathname: string): string {
  if (pathname === '/graphql' || pathname === '/health' || pathname === '/metrics') return pathname;
  if (/^\/invoices\/[^/]+\/pdf$/.test(pathname)) return '/invoices/:id/pdf';
  if (pathname.startsWith('/explorer/assets/')) return '/explorer/assets/:file';
  return 'other';
}
