import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { AppError } from '../../common/errors';
import { cachedCost, CostOutcome } from './cost-cache';
import { pageSizeEstimator } from './cost-estimator';

/** Fragment bombs: past this many selection nodes the operation is refused without a full count. */
const MAX_QUERY_NODES = 20_000;

/** An error raised in a plugin hook, answered with HTTP 400 like a validation error. */
function refusal(error: AppError): GraphQLError {
  return new GraphQLError(error.message, { originalError: error, extensions: { ...error.extensions, http: { status: 400 } } });
}

/**
 * Refuses operations whose estimated cost (see cost-estimator.ts) exceeds `maxCost`. It runs once
 * the operation is resolved rather than as a validation rule, because page sizes often come from
 * variables (`invoice(limit: $n)`) and validation rules do not see them. Costs are cached per
 * document and the variables they depend on (cost-cache.ts).
 */
export function costLimitPlugin(maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request }) {
          const variables = request.variables ?? {};
          const operationName = request.operationName ?? undefined;
          let outcome: CostOutcome;
          try {
            outcome = cachedCost(document, operationName, variables, () => {
              try {
                const cost = getComplexity({
                  schema,
                  query: document,
                  variables,
                  operationName,
                  estimators: [pageSizeEstimator],
                  maxQueryNodes: MAX_QUERY_NODES,
                });
                return { cost };
              } catch (error) {
                if (/maximum allowed number of nodes/i.test((error as Error).message)) return { tooManyNodes: true };
                throw error;
              }
            });
          } catch {
            // Bad variables: execution reports them with the usual error.
            return;
          }
          if ('tooManyNodes' in outcome) {
            throw refusal(new AppError('QUERY_TOO_COMPLEX', `Operation has more than ${MAX_QUERY_NODES} selections`, { limit: maxCost, actual: null, maxNodes: MAX_QUERY_NODES }));
          }
          const actual = outcome.cost;
          if (actual > maxCost) {
            throw refusal(
              new AppError('QUERY_TOO_COMPLEX', `Operation costs ${actual}; the limit is ${maxCost}. Ask for smaller pages or fewer nested lists`, { limit: maxCost, actual }),
            );
          }
        },
      };
    },
  };
}
