import { FragmentDefinitionNode, Kind, SelectionSetNode, ValidationContext } from 'graphql';

/**
 * Folds an operation's selection tree, following fragment spreads. Each fragment is computed once
 * (memoized), so a "fragment bomb" (fragments spreading each other many times) costs linear time;
 * a fragment cycle (itself invalid GraphQL) counts as empty instead of looping.
 */
export function foldSelections(
  context: ValidationContext,
  fieldValue: (fieldName: string, alias: string | undefined, child: number) => number,
  combine: (values: number[]) => number,
): (set: SelectionSetNode | undefined) => number {
  const memo = new Map<string, number>();
  const inProgress = new Set<string>();

  const fragment = (name: string): number => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    if (inProgress.has(name)) return 0;
    const def: FragmentDefinitionNode | null | undefined = context.getFragment(name);
    if (!def) return 0;
    inProgress.add(name);
    const value = walk(def.selectionSet);
    inProgress.delete(name);
    memo.set(name, value);
    return value;
  };

  const walk = (set: SelectionSetNode | undefined): number => {
    if (!set) return 0;
    const values = set.selections.map((selection) => {
      switch (selection.kind) {
        case Kind.FIELD:
          return fieldValue(selection.name.value, selection.alias?.value, walk(selection.selectionSet));
        case Kind.INLINE_FRAGMENT:
          return walk(selection.selectionSet);
        case Kind.FRAGMENT_SPREAD:
          return fragment(selection.name.value);
      }
    });
    return combine(values);
  };
  return walk;
}
