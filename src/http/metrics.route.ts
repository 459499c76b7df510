import { Route } from './routes';
import { clusterMetrics } from '../cluster/cluster-metrics';
import { metricsFor } from '../observability/metrics';

/**
 * GET /metrics in Prometheus text format. Under `--workers N` the answer aggregates every
 * worker's metrics (summed; see src/cluster/cluster-metrics.ts); `?scope=process` gives only the
 * answering process's own.
 */
export const metricsRoute: Route = {
  method: 'GET',
  path: '/metrics',
  async handle(_req, res, { deps, url }) {
    const { registry } = metricsFor(deps);
    const aggregated = url.searchParams.get('scope') === 'process' ? undefined : await clusterMetrics(registry);
    const body = aggregated ?? (await registry.metrics());
    res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
    res.end(body);
  },
};
