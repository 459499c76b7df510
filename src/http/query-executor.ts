import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  BREAK,
  DocumentNode,
  execute,
  ExecutionResult,
  getVariableValues,
  getNamedType,
  GraphQLError,
  GraphQLScalarType,
  GraphQLSchema,
  isInputObjectType,
  Kind,
  OperationDefinitionNode,
  typeFromAST,
  visit,
} from 'graphql';
import { compileQuery, CompiledQuery, isCompiledQuery } from 'graphql-jit';
import { Lru } from '../common/lru';
import type { AnsweredDocument } from './direct-answers';
import type { RequestContext } from './context';
import { planRenderedOperation, RenderedOperation } from '../sql-rendering/rendered-operation';

/**
 * How Apollo runs a validated operation. A query document used more than once runs as a
 * function that graphql-jit compiles for it and keeps in a small LRU: per field, that skips
 * graphql-js's generic dispatch, argument coercion and path bookkeeping, which were most of a
 * list query's CPU (BENCHMARKS.md, "Fourth round"). Mutations, introspection, first uses and
 * documents graphql-jit cannot embed safely (see `compilable`) run on graphql-js.
 *
 * Before either, a query whose every field PostgreSQL can render (src/sql-rendering) is answered
 * by its statements alone, with no field resolved in JavaScript ("Sixth round"); such a document,
 * once answered without errors, is reported (`onRendered`) so that src/http/direct-answers.ts
 * can answer it the next times without Apollo ("Seventh round").
 *
 * Variables are always checked and coerced by graphql-js first, so their errors and paths are
 * the same on both paths; input objects reach the compiled function already coerced (`OPAQUE`).
 *
 * Apollo Server 4+ has no `executor` option; its migration guide points custom executors to
 * the `gateway` interface, which is what this is: it hands Apollo the schema and the executor,
 * and Apollo still parses, validates, runs plugins and formats errors.
 */
export interface QueryExecutorOptions {
  /** Compiled documents kept; 0 runs everything on graphql-js. */
  cacheSize: number;
  /** Uses of a document before it is compiled (default 2: one-off documents are not worth it). */
  compileOnUse?: number;
  /** Told which engine ran each operation. */
  onExecute?(engine: Engine): void;
  /** Told when graphql-jit refuses a document it was expected to compile (it then runs on graphql-js). */
  onCompileError?(message: string): void;
  /** Queries answered by PostgreSQL-rendered JSON when every selected field has a renderer (default on). */
  sqlRendering?: boolean;
  /** Told when a document was answered by its rendered plan without errors (src/http/direct-answers.ts). */
  onRendered?(query: string, operationName: string | null | undefined, answered: AnsweredDocument): void;
}

export type Engine = 'sql' | 'compiled' | 'graphql-js';

// graphql-jit writes literal argument values into generated source through JSON.stringify, then
// turns strings carrying these markers back into NaN/Infinity/Date expressions: a literal string
// containing one would become code. Such documents stay on graphql-js.
const JIT_MARKER = '__MAGIC_';

/** A query without introspection: the operations worth compiling (checked before any cache is touched). */
function isPlainQuery(operation: OperationDefinitionNode): boolean {
  return operation.operation === 'query' && !operation.selectionSet.selections.some((s) => s.kind === Kind.FIELD && s.name.value.startsWith('__'));
}

/** No string literal carries a graphql-jit marker. */
function hasSafeLiterals(document: DocumentNode): boolean {
  let safe = true;
  visit(document, {
    StringValue(node) {
      if (!node.value.includes(JIT_MARKER)) return undefined;
      safe = false;
      return BREAK;
    },
  });
  return safe;
}

/** Whether graphql-jit may compile this operation: a query, no introspection, no marker strings. */
export function compilable(document: DocumentNode, operation: OperationDefinitionNode): boolean {
  return isPlainQuery(operation) && hasSafeLiterals(document);
}

/**
 * graphql-jit generates a parser per variable that recurses through the input type without
 * noticing cycles: our recursive filters (and/or/not, some/every) overflow the stack after
 * seconds. In the compiled copy of a document, variables of input-object types are declared
 * as this scalar instead, and receive the values graphql-js has already coerced. Scalar and
 * enum variables keep their types (graphql-jit checks @skip/@include against Boolean!).
 */
const OPAQUE = new GraphQLScalarType({ name: 'CoercedByGraphqlJs', parseValue: (value) => value });

interface Compiled {
  query: CompiledQuery;
  /** Variables declared as OPAQUE, which take graphql-js's coerced value. */
  opaque: string[];
}

function withOpaqueVariables(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): { document: DocumentNode; opaque: string[] } {
  const opaque: string[] = [];
  const variableDefinitions = (operation.variableDefinitions ?? []).map((definition) => {
    const type = typeFromAST(schema, definition.type);
    if (!type || !isInputObjectType(getNamedType(type))) return definition;
    opaque.push(definition.variable.name.value);
    return { ...definition, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: OPAQUE.name } } as const, defaultValue: undefined };
  });
  // Selection sets stay shared with Apollo's document, so per-document caches keyed by field node still hit.
  const definitions = document.definitions.map((d) => (d === operation ? { ...operation, variableDefinitions } : d));
  return { document: { ...document, definitions }, opaque };
}

/**
 * graphql-jit's errors inherit from GraphQLError but leave `extensions` undefined when the
 * thrown error has none (a database error), and Apollo reads `extensions.code` before our
 * formatError runs: the error that graphql-js would have located, rebuilt as such.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const located = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined, extensions: error.extensions ?? undefined });
  (located as { locations?: GraphQLError['locations'] }).locations = error.locations;
  return located;
}

/** graphql-js's check and coercion of an operation's variables, with its errors (the one used on every path). */
export function coerceVariables(schema: GraphQLSchema, operation: OperationDefinitionNode, raw: Record<string, unknown>) {
  return getVariableValues(schema, operation.variableDefinitions ?? [], raw, { maxErrors: 50 });
}

export function queryExecutor(schema: GraphQLSchema, options: QueryExecutorOptions): GatewayInterface {
  const size = Math.max(1, options.cacheSize);
  const compiled = new Lru<Compiled | null>(size);
  const compileOnUse = options.compileOnUse ?? 2;
  const uses = new Lru<number>(size * 4);
  // Same type objects (so the same resolvers), plus the scalar the compiled variables are declared as.
  const config = schema.toConfig();
  const compileSchema = new GraphQLSchema({ ...config, types: [...config.types, OPAQUE] });

  const compiledFor = (key: string, document: DocumentNode, operation: OperationDefinitionNode, operationName: string | undefined): Compiled | null => {
    const hit = compiled.get(key);
    if (hit !== undefined) return hit;
    const used = (uses.get(key) ?? 0) + 1;
    if (used < compileOnUse) {
      uses.set(key, used);
      return null;
    }
    if (!hasSafeLiterals(document)) {
      compiled.set(key, null);
      return null;
    }
    const copy = withOpaqueVariables(schema, document, operation);
    const result = compileQuery(compileSchema, copy.document, operationName);
    const entry = isCompiledQuery(result) ? { query: result, opaque: copy.opaque } : null;
    if (!entry) options.onCompileError?.(String((result as ExecutionResult).errors?.[0]?.message));
    compiled.set(key, entry);
    return entry;
  };

  const rendered = new Lru<RenderedOperation | null>(size);
  const renderedFor = (key: string, document: DocumentNode, operation: OperationDefinitionNode): RenderedOperation | null => {
    let plan = rendered.get(key);
    if (plan === undefined) rendered.set(key, (plan = planRenderedOperation(schema, document, operation)));
    return plan;
  };

  const executor: GatewayExecutor = async (ctx) => {
    const { document, operation, request } = ctx;
    const operationName = ctx.operationName ?? undefined;
    // Mutations and introspection never enter the caches, so they cannot push hot queries out.
    const plain = !!operation && isPlainQuery(operation);
    const key = `${ctx.queryHash}\0${operationName ?? ''}`;
    const plan = plain && options.sqlRendering !== false ? renderedFor(key, document, operation) : null;
    const query = !plan && plain && options.cacheSize > 0 ? compiledFor(key, document, operation, operationName) : null;
    if ((!plan && !query) || !operation) {
      options.onExecute?.('graphql-js');
      return execute({ schema, document, contextValue: ctx.context, variableValues: request.variables, operationName });
    }
    const raw = request.variables ?? {};
    const variables = coerceVariables(schema, operation, raw);
    if (variables.errors) {
      options.onExecute?.(plan ? 'sql' : 'compiled');
      return { errors: variables.errors };
    }
    if (plan) {
      const context = ctx.context as RequestContext;
      const handedOver = context.renderedAnswer;
      const result = handedOver ?? (await plan.run(context, variables.coerced));
      if (result) {
        if (!handedOver) options.onExecute?.('sql');
        if (!result.errors && request.query !== undefined) options.onRendered?.(request.query, request.operationName, { document, operation, plan });
        return result;
      }
      options.onExecute?.('graphql-js');
      return execute({ schema, document, contextValue: ctx.context, variableValues: request.variables, operationName });
    }
    options.onExecute?.('compiled');
    const input: Record<string, unknown> = { ...raw };
    for (const name of query!.opaque) {
      if (name in variables.coerced) input[name] = variables.coerced[name];
      else delete input[name];
    }
    const result = (await query!.query.query(undefined, ctx.context, input)) as ExecutionResult;
    // graphql-js's key order, so that both engines' answers serialize alike.
    return result.errors ? { errors: result.errors.map(asGraphQLError), data: result.data } : result;
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
