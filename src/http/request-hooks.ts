import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppDeps } from '../app-deps';
import { rateLimitHook } from './limits/rate-limit.hook';
import { servedByHook } from '../cluster/served-by.hook';
import { requestLogHook } from '../observability/request-log.hook';

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

// The log hook comes first so that requests refused by later hooks (429) are logged too.
export const REQUEST_HOOKS: RequestHook[] = [servedByHook, requestLogHook, rateLimitHook];
