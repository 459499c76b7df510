import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppDeps } from '../app-deps';

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

export const REQUEST_HOOKS: RequestHook[] = [];
