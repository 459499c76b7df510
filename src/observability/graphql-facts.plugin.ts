import type { ApolloServerPlugin } from '@apollo/server';
import type { AppDeps } from '../app-deps';
import { metricsFor } from './metrics';
import type { RequestContext } from '../http/context';
import { factsOf, Outcome } from './request-facts';

/**
 * Records the operation's name, type, tenant and outcome for the request log and metrics.
 * Never the variables or the document: they may hold payment details.
 */
export function graphqlFactsPlugin(deps: AppDeps): ApolloServerPlugin<RequestContext> {
  // Create the metrics at start-up: a cluster worker must answer the primary's collection
  // requests even before it has served a request itself.
  metricsFor(deps);
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, operation, operationName, request, response, errors }) {
          const facts = contextValue ? factsOf(contextValue.requestId) : undefined;
          if (!facts) return;
          // Client-chosen and unvalidated when the document was refused: bounded.
          facts.operationName = (operationName ?? operation?.name?.value ?? (typeof request.operationName === 'string' ? request.operationName : undefined))?.slice(0, 100);
          facts.operationType = operation?.operation;
          facts.tenantId = contextValue.principal?.tenantId;
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const all = body?.errors ?? errors ?? [];
          const hasData = body?.data != null;
          const outcome: Outcome = all.length === 0 ? 'success' : !operation ? 'rejected' : hasData ? 'partial' : 'error';
          facts.outcome = outcome;
          if (all.length) {
            facts.errorCodes = [...new Set(all.map((e) => String((e as { extensions?: { code?: unknown } }).extensions?.code ?? 'INTERNAL_SERVER_ERROR')))];
          }
        },
      };
    },
  };
}
