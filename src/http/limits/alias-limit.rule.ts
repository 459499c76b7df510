import { ValidationRule } from 'graphql';
import { AppError } from '../../common/errors';
import { foldSelections } from './operation-walk';

/**
 * Refuses operations with more than `maxAliases` aliased fields (fragments counted each time they
 * are spread): aliases let one request repeat an expensive field hundreds of times.
 */
export function aliasLimitRule(maxAliases: number): ValidationRule {
  return (context) => {
    const aliasesOf = foldSelections(
      context,
      (_name, alias, child) => (alias ? 1 : 0) + child,
      (values) => values.reduce((a, b) => a + b, 0),
    );
    return {
      OperationDefinition(operation) {
        const actual = aliasesOf(operation.selectionSet);
        if (actual > maxAliases) {
          context.reportError(
            new AppError('TOO_MANY_ALIASES', `Operation uses ${actual} aliases; the limit is ${maxAliases}`, { limit: maxAliases, actual }),
          );
        }
      },
    };
  };
}
