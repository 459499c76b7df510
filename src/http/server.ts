import http, { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, GraphQLSchema } from 'graphql';
import { AppDeps } from '../app-deps';
import { AppError, ErrorCode } from '../common/errors';
import { authenticateApiKey } from '../tenancy/api-key.service';
import { apiKeyFromHeaders } from './api-key-header';
import type { RequestContext } from '../schema/request-context';
import { formatError, isDatabaseUnavailable } from './format-error';
import { BodyTooLargeError, readBody } from './read-body';
import { requestInputRefusal } from './input-guard';
import { graphqlStatus, sendGraphQLErrors } from './response-status';
import { apolloPlugins, validationRules } from './apollo-plugins';
import { batchRefusal } from './limits/batch-limit';
import { concurrencySlot, limiterFor } from './limits/concurrency-gate';
import { REQUEST_HOOKS } from './request-hooks';
import { ROUTES } from './route-table';
import { matchRoute, RequestInfo, sendJson } from './routes';
import { graphqlExecutor } from './graphql-executor';
import { PlannedAnswers } from './planned-answers';
import { metricsFor } from '../observability/metrics';
import { ReadPlanner } from '../read/planner';

export const GRAPHQL_PATH = '/graphql';

export interface RunningServer {
  httpServer: http.Server;
  url: string;
  apollo: ApolloServer<RequestContext>;
  /** Null when the planner is off (READ_PLANNER=0). */
  planned: PlannedAnswers | null;
  close(): Promise<void>;
}

/**
 * The key lookup runs while Apollo builds the context, where a thrown error becomes HTTP 500:
 * a database outage there is answered 503 (formatError gives it the DATABASE_UNAVAILABLE code).
 */
function unavailableAs503(error: unknown): never {
  if (!isDatabaseUnavailable(error)) throw error;
  throw new GraphQLError('The database is unavailable', { originalError: error as Error, extensions: { http: { status: 503 } } });
}

async function buildContext(req: IncomingMessage, deps: AppDeps, requestId: string): Promise<RequestContext> {
  const key = apiKeyFromHeaders(req.headers);
  const principal = key ? await authenticateApiKey(deps.dataSource, key, deps.config.apiKeyCacheMs).catch(unavailableAs503) : null;
  const idem = req.headers['idempotency-key'];
  return {
    requestId,
    principal,
    // Checked (1-255 printable characters, so not empty) by the input guard and by resolveIdempotencyKey.
    idempotencyKey: Array.isArray(idem) ? idem[0] : idem,
    deps,
    loaders: new Map(),
  };
}

async function handleGraphQL(
  req: IncomingMessage, res: ServerResponse, url: URL, apollo: ApolloServer<RequestContext>, deps: AppDeps, requestId: string, planned: PlannedAnswers | null,
): Promise<void> {
  let body: unknown = undefined;
  if (req.method === 'POST') {
    const raw = await readBody(req, { limit: deps.config.bodyLimitBytes, discardLimit: deps.config.bodyDiscardLimitBytes });
    const type = (req.headers['content-type'] ?? '').toLowerCase();
    if (type.includes('json') && raw.length) {
      try {
        body = JSON.parse(raw);
      } catch {
        sendGraphQLErrors(req, res, [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' satisfies ErrorCode } }], { 'x-request-id': requestId });
        return;
      }
      const refused = batchRefusal(body, deps.config.limits);
      if (refused) {
        sendGraphQLErrors(req, res, refused.errors, { 'x-request-id': requestId });
        return;
      }
    } else {
      body = raw;
    }
  }
  const badInput = requestInputRefusal(req, url, body, { maxDepth: deps.config.maxInputDepth, maxSelectionDepth: deps.config.limits.maxDepth });
  if (badInput) {
    sendGraphQLErrors(req, res, [{ message: badInput.message, extensions: badInput.extensions }], { 'x-request-id': requestId });
    return;
  }
  // Built when first needed and once per request, whichever path answers it (one key lookup).
  let built: Promise<RequestContext> | undefined;
  const context = () => (built ??= buildContext(req, deps, requestId));
  const slot = await concurrencySlot(limiterFor(deps), context);
  if (slot instanceof AppError) {
    sendGraphQLErrors(req, res, [{ message: slot.message, extensions: slot.extensions }], { 'x-request-id': requestId, 'retry-after': '1' });
    return;
  }
  try {
    await answerGraphQL(req, res, url, apollo, requestId, planned, body, context);
  } finally {
    slot?.();
  }
}

async function answerGraphQL(
  req: IncomingMessage, res: ServerResponse, url: URL, apollo: ApolloServer<RequestContext>, requestId: string, planned: PlannedAnswers | null,
  body: unknown, context: () => Promise<RequestContext>,
): Promise<void> {
  if (planned) {
    const outcome = await planned.answer(req, res, body, requestId, context);
    if (outcome.answered) return;
    if (outcome.handOver) (await context()).plannedAnswer = outcome.handOver;
  }
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
    context,
  });
  const outHeaders: Record<string, string> = { 'x-request-id': requestId };
  for (const [name, value] of response.headers) outHeaders[name] = value;
  if (response.body.kind === 'complete') {
    // A known length: no chunked encoding, one write for headers and body.
    outHeaders['content-length'] = String(Buffer.byteLength(response.body.string));
    // Apollo writes `errors` first: only answers with errors need the status rule (response-status.ts).
    const status = response.body.string.startsWith('{"errors"')
      ? graphqlStatus(outHeaders['content-type'], response.status ?? 200, JSON.parse(response.body.string))
      : response.status ?? 200;
    res.writeHead(status, outHeaders);
    res.end(response.body.string);
    return;
  }
  res.writeHead(response.status ?? 200, outHeaders);
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

export async function startServer(deps: AppDeps, schema: GraphQLSchema, options: { port: number; host?: string }): Promise<RunningServer> {
  const metrics = metricsFor(deps);
  const planner = deps.config.readPlanner ? new ReadPlanner(schema) : null;
  const planned = planner ? new PlannedAnswers(schema, deps.config.limits.maxCost, () => metrics.executions.inc({ executor: 'planner' })) : null;
  const apollo = new ApolloServer<RequestContext>({
    gateway: graphqlExecutor(schema, {
      planner,
      onExecute: (executor) => metrics.executions.inc({ executor }),
      onPlanned: planned ? (query, operationName, document) => planned.remember(query, operationName, document) : undefined,
    }),
    formatError,
    introspection: deps.config.introspection,
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginLandingPageDisabled(), ...apolloPlugins(deps)],
    validationRules: validationRules(deps),
    allowBatchedHttpRequests: deps.config.limits.maxBatch > 1,
    // The key headers are not CORS-simple, so a browser must preflight them: GETs carrying one are CSRF-safe.
    csrfPrevention: { requestHeaders: ['x-apollo-operation-name', 'apollo-require-preflight', 'x-api-key', 'authorization'] },
  });
  await apollo.start();

  const httpServer = http.createServer(async (req, res) => {
    const requestId = (req.headers['x-request-id'] as string | undefined)?.slice(0, 100) || randomUUID();
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const info: RequestInfo = { requestId, url, deps, startedAt: process.hrtime.bigint() };
      res.once('finish', () => {
        for (const hook of REQUEST_HOOKS) hook.onFinish?.(req, res, info);
      });
      for (const hook of REQUEST_HOOKS) {
        if (hook.onRequest && (await hook.onRequest(req, res, info)) === false) return;
      }
      const matched = matchRoute(ROUTES, req, url);
      if (matched) {
        await matched.route.handle(req, res, { deps, params: matched.params, url });
      } else if (url.pathname === GRAPHQL_PATH) {
        await handleGraphQL(req, res, url, apollo, deps, requestId, planned);
      } else {
        sendJson(res, 404, { error: 'Not found', graphql: GRAPHQL_PATH });
      }
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
      } else if (error instanceof BodyTooLargeError) {
        // The body was read to its end (up to the discard bound): the client reads this answer on a connection that stays open.
        sendGraphQLErrors(req, res, [{ message: error.message, extensions: { code: 'PAYLOAD_TOO_LARGE' satisfies ErrorCode, limit: error.limit } }],
          { 'x-request-id': requestId, ...(error.drained ? {} : { connection: 'close' }) });
      } else {
        sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } }] });
      }
    }
  });
  httpServer.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host, () => resolve());
  });
  const address = httpServer.address() as { port: number };
  return {
    httpServer,
    apollo,
    planned,
    url: `http://localhost:${address.port}${GRAPHQL_PATH}`,
    async close() {
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeIdleConnections();
      });
      await apollo.stop();
    },
  };
}
