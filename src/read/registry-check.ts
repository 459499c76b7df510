import { getNamedType, GraphQLObjectType, GraphQLSchema } from 'graphql';
import { columnOf, readTypeNamed } from './registry';
import { ROOTS } from './roots';
import { columnValueKind } from './select';

/**
 * The start-up check of the field registry, run when the server starts
 * (src/http/graphql-executor.ts) and by test/read/registry.test.ts: every object type reachable
 * from the planned root fields is a read type, and every field of it has a source (or a
 * resolver-only reason) the planner can turn into SQL; every entry names a field of the schema.
 * Throws one error listing every problem.
 */
export function checkReadTypes(schema: GraphQLSchema): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  const visit = (type: GraphQLObjectType): void => {
    if (seen.has(type.name)) return;
    seen.add(type.name);
    const read = readTypeNamed(type.name);
    if (!read) {
      problems.push(`${type.name}: not a read type (register it in src/read/)`);
      return;
    }
    for (const field of Object.values(type.getFields())) {
      const source = read.fields[field.name];
      const named = getNamedType(field.type);
      if (!source) problems.push(`${type.name}.${field.name}: no source in the field registry`);
      else if (source.kind === 'column') {
        try {
          columnValueKind(field.type, columnOf(read, source.property));
        } catch (error) {
          problems.push(`${type.name}.${field.name}: ${(error as Error).message}`);
        }
      }
      if (named instanceof GraphQLObjectType) visit(named);
    }
    for (const name of Object.keys(read.fields)) if (!type.getFields()[name]) problems.push(`${type.name}.${name}: in the registry, not in the schema`);
  };
  const roots = schema.getQueryType()?.getFields() ?? {};
  for (const root of Object.keys(ROOTS)) if (roots[root]) visit(getNamedType(roots[root].type) as GraphQLObjectType);
  if (problems.length) throw new Error(`The field registry does not cover the read types:\n  ${problems.join('\n  ')}`);
}
