import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { DocumentNode, execute, getVariableValues, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { readContextOf } from '../read/fallback';
import { checkReadTypes } from '../read/registry-check';
import type { OperationPlan, ReadPlanner } from '../read/planner';
import type { RequestContext } from '../schema/request-context';

/** A document Apollo parsed and validated, which the planner answered. */
export interface PlannedDocument {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  plan: OperationPlan;
}

export interface ExecutorOptions {
  /** Null: every operation runs on the fallback resolvers (READ_PLANNER=0, for comparisons). */
  planner: ReadPlanner | null;
  /** Told which executor ran each operation. */
  onExecute(executor: 'planner' | 'fallback'): void;
  /** Told when the planner answered a document without errors (src/http/planned-answers.ts then answers it before Apollo). */
  onPlanned?(query: string, operationName: string | null | undefined, planned: PlannedDocument): void;
}

/** graphql-js's check and coercion of an operation's variables, with its errors. */
export function coerceVariables(schema: GraphQLSchema, operation: OperationDefinitionNode, raw: Record<string, unknown>) {
  return getVariableValues(schema, operation.variableDefinitions ?? [], raw, { maxErrors: 50 });
}

/**
 * How Apollo runs a validated operation: by the read planner when it plans it (src/read), else
 * by graphql-js over the type-graphql resolvers (the fallback). Apollo Server 4+ has no
 * `executor` option; its migration guide points custom executors to the `gateway` interface,
 * which is what this is: it hands Apollo the schema and the executor, and Apollo still parses,
 * validates, runs its plugins and formats errors.
 */
export function graphqlExecutor(schema: GraphQLSchema, options: ExecutorOptions): GatewayInterface {
  checkReadTypes(schema);
  const executor: GatewayExecutor = async ({ document, operation, request, context, operationName }) => {
    const ctx = context as RequestContext;
    const plan = options.planner && operation && ctx.principal ? options.planner.plan(document, operation) : null;
    if (plan) {
      if (ctx.plannedAnswer) return ctx.plannedAnswer; // run by the planned-answers path already, with errors for Apollo to format
      const variables = coerceVariables(schema, operation!, request.variables ?? {});
      const answer = variables.errors ? null : await plan.run(readContextOf(ctx), variables.coerced);
      if (answer) {
        options.onExecute('planner');
        if (!('rows' in answer)) return answer;
        if (request.query !== undefined) options.onPlanned?.(request.query, request.operationName, { document, operation: operation!, plan });
        return { data: JSON.parse(answer.data) };
      }
    }
    options.onExecute('fallback');
    return execute({ schema, document, contextValue: ctx, variableValues: request.variables, operationName: operationName ?? undefined });
  };
  return {
    async load() {
      return { executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => undefined;
    },
    async stop() {},
  };
}
