import type { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';
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
 * The refusal for an operation whose estimated cost (see cost-estimator.ts) exceeds `maxCost`,
 * or null. Costs are cached per document and the variables they depend on (cost-cache.ts).
 * Bad variables give null: execution reports them with the usual error.
 */
export function costRefusal(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>, maxCost: number): GraphQLError | null {
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
    return null;
  }
  if ('tooManyNodes' in outcome) {
    return refusal(new AppError('QUERY_TOO_COMPLEX', `Operation has more than ${MAX_QUERY_NODES} selections`, { limit: maxCost, actual: null, maxNodes: MAX_QUERY_NODES }));
  }
  const actual = outcome.cost;
  if (actual <= maxCost) return null;
  return refusal(
    new AppError('QUERY_TOO_COMPLEX', `Operation costs ${actual}; the limit is ${maxCost}. Ask for smaller pages or fewer nested lists`, { limit: maxCost, actual }),
  );
}

/**
 * Refuses operations that cost too much (`costRefusal`). It runs once the operation is resolved
 * rather than as a validation rule, because page sizes often come from variables
 * (`invoice(limit: $n)`) and validation rules do not see them.
 */
export function costLimitPlugin(maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request }) {
          const refused = costRefusal(schema, document, request.operationName ?? undefined, request.variables ?? {}, maxCost);
          if (refused) throw refused;
        },
      };
    },
  };
}
