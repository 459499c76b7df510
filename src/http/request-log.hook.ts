import type { RequestHook } from './routes';
import { loggerFor } from '../observability/logger';
import { metricsFor, routeLabel } from '../observability/metrics';
import { closeFacts, factsOf, openFacts } from '../observability/request-facts';

/**
 * One JSON log line and the metrics for every HTTP request: request id, method, route, status,
 * duration and, for GraphQL, the operation name and type, the tenant and the outcome (with the
 * error codes). Never the API key, the query text or the variables.
 */
export const requestLogHook: RequestHook = {
  name: 'request-log',
  onRequest(_req, res, info) {
    const facts = openFacts(info.requestId);
    // 'close' follows 'finish' (or replaces it when the client went away): drop the entry then.
    res.once('close', () => closeFacts(info.requestId, facts));
    return true;
  },
  onFinish(req, res, info) {
    const seconds = Number(process.hrtime.bigint() - info.startedAt) / 1e9;
    const route = routeLabel(info.url.pathname);
    const method = req.method ?? 'GET';
    const status = res.statusCode;
    const facts = factsOf(info.requestId);
    const metrics = metricsFor(info.deps);
    metrics.httpRequests.inc({ route, method, status: String(status) });
    metrics.httpSeconds.observe({ route, method }, seconds);

    const graphql = facts?.outcome !== undefined;
    const outcome = graphql ? facts!.outcome! : status >= 500 ? 'error' : status >= 400 ? 'rejected' : 'success';
    if (graphql) {
      const labels = { operation: metrics.operationLabel(facts!.operationName), type: facts!.operationType ?? 'unknown', outcome };
      metrics.operations.inc(labels);
      metrics.operationSeconds.observe(labels, seconds);
    }
    const logger = loggerFor(info.deps.config);
    const level = status >= 500 ? 'error' : 'info';
    if (!logger.isLevelEnabled(level)) return;
    logger[level](
      {
        requestId: info.requestId,
        method,
        path: route,
        status,
        durationMs: Math.round(seconds * 1e6) / 1e3,
        outcome,
        ...(graphql
          ? {
              operationName: facts!.operationName ?? null,
              operationType: facts!.operationType ?? null,
              tenantId: facts!.tenantId ?? null,
              ...(facts!.errorCodes ? { errorCodes: facts!.errorCodes } : {}),
            }
          : {}),
      },
      graphql ? `${facts!.operationType ?? 'graphql'} ${facts!.operationName ?? 'anonymous'} ${outcome}` : `${method} ${route} ${status}`,
    );
  },
};
