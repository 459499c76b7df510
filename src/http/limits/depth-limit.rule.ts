import { ValidationRule } from 'graphql';
import { AppError } from '../../common/errors';
import { foldSelections } from './operation-walk';

/**
 * Refuses operations nested deeper than `maxDepth` (`{ viewer { tenantId } }` has depth 2), so a
 * client cannot make one request walk invoice -> customer -> invoices -> ... without end.
 * Introspection fields (`__schema`, `__type`) are not counted: the explorer's schema query is
 * deep by nature and costs nothing.
 */
export function depthLimitRule(maxDepth: number): ValidationRule {
  return (context) => {
    const depthOf = foldSelections(
      context,
      (name, _alias, child) => (name.startsWith('__') ? 0 : 1 + child),
      (values) => (values.length ? Math.max(...values) : 0),
    );
    return {
      OperationDefinition(operation) {
        const actual = depthOf(operation.selectionSet);
        if (actual > maxDepth) {
          const name = operation.name ? ` "${operation.name.value}"` : '';
          context.reportError(
            new AppError('QUERY_TOO_DEEP', `Operation${name} is nested ${actual} levels deep; the limit is ${maxDepth}`, { limit: maxDepth, actual }),
          );
        }
      },
    };
  };
}
