import {
  FieldNode, FragmentDefinitionNode, getDirectiveValues, GraphQLIncludeDirective, GraphQLObjectType, GraphQLSkipDirective, Kind, SelectionSetNode,
} from 'graphql';

export type Fragments = Readonly<Record<string, FragmentDefinitionNode>>;

/** Response key -> its field nodes, in execution order; null when the planner declines the selection. */
export type Selection = Map<string, FieldNode[]>;

/** PostgreSQL names (the keys of the JSON it builds) have at most 63 bytes. */
const MAX_KEY = 63;

/**
 * graphql-js's field collection for an object type (the order and merging a response follows):
 * fragments and inline fragments on this type, @skip/@include with the request's variables.
 * Null for what the planner leaves to the fallback: a fragment on another type, or a response
 * key PostgreSQL could not name.
 */
export function collectFields(type: GraphQLObjectType, sets: readonly SelectionSetNode[], fragments: Fragments, variables: Record<string, unknown>): Selection | null {
  const fields: Selection = new Map();
  const visited = new Set<string>();
  const included = (node: Parameters<typeof getDirectiveValues>[1]) =>
    getDirectiveValues(GraphQLSkipDirective, node, variables)?.if !== true && getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
  const walk = (set: SelectionSetNode): boolean => {
    for (const selection of set.selections) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        if (Buffer.byteLength(key) > MAX_KEY) return false;
        const nodes = fields.get(key);
        if (nodes) nodes.push(selection);
        else fields.set(key, [selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (selection.typeCondition && selection.typeCondition.name.value !== type.name) return false;
        if (!walk(selection.selectionSet)) return false;
      } else if (!visited.has(selection.name.value)) {
        visited.add(selection.name.value);
        const fragment = fragments[selection.name.value];
        if (!fragment || fragment.typeCondition.name.value !== type.name || !walk(fragment.selectionSet)) return false;
      }
    }
    return true;
  };
  for (const set of sets) if (!walk(set)) return null;
  return fields;
}

/** The selection sets of a field's nodes (a merged field has several). */
export const subSelections = (nodes: readonly FieldNode[]): SelectionSetNode[] => nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
