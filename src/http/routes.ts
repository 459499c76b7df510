import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppDeps } from '../app-deps';

/** A plain HTTP route next to the GraphQL endpoint (health, metrics, explorer assets, PDFs). */
export interface Route {
  method: 'GET' | 'POST' | 'HEAD';
  /** Exact path, or a pattern whose groups are passed as params. */
  path: string | RegExp;
  /** When set, the route only takes requests it accepts (e.g. browsers asking for HTML). */
  accepts?: (req: IncomingMessage) => boolean;
  handle(req: IncomingMessage, res: ServerResponse, ctx: { deps: AppDeps; params: string[]; url: URL }): Promise<void> | void;
}

export interface RequestInfo {
  requestId: string;
  url: URL;
  deps: AppDeps;
  startedAt: bigint;
}

/**
 * Hooks around every HTTP request, before routing (rate limits, access logs, metrics).
 * `onRequest` returns false when it has already answered (e.g. 429) and the request stops there.
 */
export interface RequestHook {
  name: string;
  onRequest?(req: IncomingMessage, res: ServerResponse, info: RequestInfo): boolean | Promise<boolean>;
  onFinish?(req: IncomingMessage, res: ServerResponse, info: RequestInfo): void;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

export function matchRoute(routes: readonly Route[], req: IncomingMessage, url: URL): { route: Route; params: string[] } | undefined {
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  for (const route of routes) {
    if (route.method !== method) continue;
    if (typeof route.path === 'string') {
      if (route.path !== url.pathname) continue;
      if (route.accepts && !route.accepts(req)) continue;
      return { route, params: [] };
    }
    const m = route.path.exec(url.pathname);
    if (m && (!route.accepts || route.accepts(req))) return { route, params: m.slice(1) };
  }
  return undefined;
}
