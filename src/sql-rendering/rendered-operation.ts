import {
  DocumentNode,
  ExecutionResult,
  FieldNode,
  FragmentDefinitionNode,
  getArgumentValues,
  GraphQLError,
  GraphQLSchema,
  isNonNullType,
  Kind,
  locatedError,
  OperationDefinitionNode,
} from 'graphql';
import type { RequestContext } from '../http/context';
import { BuiltQuery, readArrays } from '../invoices/invoice-row';
import { checkIdArguments } from '../schema/id-arguments';
import { typeOfClass } from './field-renderers';
import { AliasSource, applyFixups, collectSelection, hasNoDirectives, RenderedObject, renderObject } from './render-plan';
import { renderedObjects, ROOT_RENDERERS } from './rendered-roots';
import './rendered-fields';

/**
 * A query answered by PostgreSQL alone: each root field is one statement whose rows are the
 * field's value as the resolvers would serialize it (nested relations as JSON built there), so
 * no field is resolved in JavaScript (BENCHMARKS.md, "Sixth round"). Only operations whose
 * every field has a renderer get a plan; the others, and requests the resolvers would refuse
 * (no key, a bad argument), run on the resolvers, which give the usual answer or error.
 * test/sql-rendering/ holds both paths to byte-identical answers.
 */
export interface RenderedOperation {
  /** The answer, or null when the resolvers must answer this request (no key, a bad argument). */
  run(ctx: RequestContext, variables: Record<string, unknown>): Promise<ExecutionResult | null>;
}

interface RootStep {
  key: string;
  field: string;
  node: FieldNode;
  object: RenderedObject;
}

/** The plan of `operation`, or null when some selected field has no renderer. Depends on the document alone. */
export function planRenderedOperation(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): RenderedOperation | null {
  const queryType = schema.getQueryType();
  if (operation.operation !== 'query' || !queryType || !hasNoDirectives(document)) return null;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const roots = collectSelection(queryType, [operation.selectionSet], fragments);
  if (!roots) return null;
  const steps: RootStep[] = [];
  for (const [key, nodes] of roots) {
    const name = nodes[0].name.value;
    const root = ROOT_RENDERERS.get(name);
    const type = root && typeOfClass(schema, root.type);
    // One node per root key: merged root fields with different arguments are the resolvers' to refuse.
    if (!type || nodes.length !== 1) return null;
    const object = renderObject(schema, type, nodes, 'i', new AliasSource(), fragments);
    if (!object) return null;
    steps.push({ key, field: name, node: nodes[0], object });
  }

  return {
    async run(ctx, variables) {
      if (!ctx.principal) return null;
      // Arguments and statements first: a request the resolvers would refuse is left to them.
      const planned: Array<{ step: RootStep; query: BuiltQuery }> = [];
      for (const step of steps) {
        const field = queryType.getFields()[step.field];
        try {
          const args = getArgumentValues(field, step.node, variables);
          checkIdArguments(field, args);
          planned.push({ step, query: ROOT_RENDERERS.get(step.field)!.query(args, step.object, ctx) });
        } catch {
          return null;
        }
      }
      const data: Record<string, unknown> = {};
      const errors: GraphQLError[] = [];
      const pending: Promise<unknown>[] = [];
      let nullData = false;
      for (const { step, query } of planned) {
        try {
          const rows = await readArrays(ctx.deps.dataSource, query);
          const value = ROOT_RENDERERS.get(step.field)!.answer(renderedObjects(rows, step.object));
          applyFixups(value, step.object.fixups, ctx, pending);
          data[step.key] = value;
        } catch (error) {
          // As graphql-js reports a failed root resolver: located at the field, null in its place
          // (and no data at all when the field is non-null).
          errors.push(locatedError(error, [step.node], [step.key]));
          data[step.key] = null;
          if (isNonNullType(queryType.getFields()[step.field].type)) nullData = true;
        }
      }
      if (pending.length) await Promise.all(pending);
      return errors.length ? { errors, data: nullData ? null : data } : { data };
    },
  };
}
