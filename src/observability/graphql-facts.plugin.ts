import type { ApolloServerPlugin } from '@apollo/server';
import type { AppDeps } from '../app-deps';
import { metricsFor } from './metrics';
import type { RequestContext } from '../schema/request-context';
import { factsOf, Outcome } from './request-facts';

/** What is known of an answered operation, for `recordOperationFacts`. */
export interface AnsweredOperation {
  /** The operation's name, else the name the client sent (unvalidated when the document was refused). */
  name: string | null | undefined;
  /** 'query', 'mutation'; undefined when no operation was resolved (the document was refused). */
  type: string | undefined;
  errors: ReadonlyArray<{ extensions?: { code?: unknown } }>;
  hasData: boolean;
}

/**
 * Records the operation's name, type, tenant and outcome for the request log and metrics.
 * Never the variables or the document: they may hold payment details.
 */
export function recordOperationFacts(context: RequestContext | undefined, answered: AnsweredOperation): void {
  const facts = context ? factsOf(context.requestId) : undefined;
  if (!facts) return;
  // Client-chosen and unvalidated when the document was refused: bounded.
  facts.operationName = answered.name?.slice(0, 100);
  facts.operationType = answered.type;
  facts.tenantId = context!.principal?.tenantId;
  const all = answered.errors;
  const outcome: Outcome = all.length === 0 ? 'success' : !answered.type ? 'rejected' : answered.hasData ? 'partial' : 'error';
  facts.outcome = outcome;
  if (all.length) facts.errorCodes = [...new Set(all.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))];
}

/** `recordOperationFacts` for every request Apollo answers. */
export function graphqlFactsPlugin(deps: AppDeps): ApolloServerPlugin<RequestContext> {
  // Create the metrics at start-up: a cluster worker must answer the primary's collection
  // requests even before it has served a request itself.
  metricsFor(deps);
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, operation, operationName, request, response, errors }) {
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          recordOperationFacts(contextValue, {
            name: operationName ?? operation?.name?.value ?? (typeof request.operationName === 'string' ? request.operationName : undefined),
            type: operation?.operation,
            errors: body?.errors ?? errors ?? [],
            hasData: body?.data != null,
          });
        },
      };
    },
  };
}
