import DataLoader from 'dataloader';
import type { ExecutionResult } from 'graphql';
import { AppDeps } from '../app-deps';
import { AppError } from '../common/errors';

/** Whose request it is: the tenant and the API key it authenticated with. */
export interface Principal {
  tenantId: string;
  apiKeyId: string;
}

/** Per-request state handed to every resolver (built by the HTTP layer, src/http/server.ts). */
export interface RequestContext {
  requestId: string;
  /** Null when the request carried no valid key; root fields then answer UNAUTHENTICATED. */
  principal: Principal | null;
  /** From the `Idempotency-Key` header, when sent. */
  idempotencyKey?: string;
  deps: AppDeps;
  /** Per-request DataLoaders, created on first use (see `loader`). */
  loaders: Map<string, DataLoader<unknown, unknown>>;
  /** A planned answer with errors (a failed statement), already run: the executor returns it instead of running it again. */
  plannedAnswer?: ExecutionResult;
}

export function requirePrincipal(ctx: RequestContext): Principal {
  if (!ctx.principal) throw new AppError('UNAUTHENTICATED', 'A valid API key is required (header x-api-key or Authorization: Bearer <key>)');
  return ctx.principal;
}

/**
 * The request's DataLoader for `name`, built by `create` on first use. Loaders live for one
 * request only, so they batch that request's lookups and never leak rows across tenants.
 */
export function loader<K, V>(ctx: RequestContext, name: string, create: () => DataLoader<K, V>): DataLoader<K, V> {
  let found = ctx.loaders.get(name) as DataLoader<K, V> | undefined;
  if (!found) {
    found = create();
    ctx.loaders.set(name, found as DataLoader<unknown, unknown>);
  }
  return found;
}
