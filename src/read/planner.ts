import {
  DocumentNode, FieldNode, FragmentDefinitionNode, GraphQLError, GraphQLField, GraphQLSchema, isNonNullType, Kind, locatedError, OperationDefinitionNode, visit,
} from 'graphql';
import { AppError } from '../common/errors';
import { bind, Binding, NeedsValues, Replan, SqlParams, VariableRef } from '../common/sql-params';
import { jsonObject } from './answer';
import type { ReadContext } from './read-context';
import { PlannedRoot, planRoot, Root, ROOTS } from './roots';
import { Declined, Planning, Run } from './select';
import { collectFields, Fragments } from './selection';
import './read-types';

/** The `data` of an answer as JSON text, or graphql-js's result when a statement failed. */
export type PlannedAnswer = { data: string; rows: number } | { errors: readonly GraphQLError[]; data: Record<string, unknown> | null };

/** A query operation the planner answers; `run` gives null for a request the fallback must answer (bad arguments). */
export interface OperationPlan {
  run(ctx: ReadContext, variables: Readonly<Record<string, unknown>>): Promise<PlannedAnswer | null>;
}

interface Step {
  key: string;
  /** `__typename`: JSON known when planning. */
  constant?: string;
  root?: Root;
  field?: GraphQLField<unknown, unknown>;
  nodes?: readonly FieldNode[];
  /** Planned once with the variables as VariableRefs; null when its SQL depends on their values (then planned per request). */
  planned?: PlannedRoot | null;
}

interface Variant {
  steps: Step[];
  prepares: Set<(ctx: ReadContext) => unknown>;
}

/** Directive outcomes an operation may vary by; past this many the fallback answers. */
const MAX_VARIANTS = 16;

/**
 * The read planner: a query document, its coerced variables and a tenant -> one SQL statement
 * per root field (invoice, invoices, invoiceById, customer, customers) returning the answer,
 * nested relations as JSON built by PostgreSQL, computed fields as steps on the rows. Plans are
 * made once per document (and per outcome of its @skip/@include variables); a statement whose
 * SQL does not depend on the variables' values is built once and only bound per request.
 * What it declines (other root fields, mutations, fragments on other types) returns null and
 * the fallback resolvers answer; both give the same bytes (test/read/differential.test.ts).
 */
export class ReadPlanner {
  private readonly plans = new WeakMap<OperationDefinitionNode, OperationPlan | null>();

  constructor(private readonly schema: GraphQLSchema) {}

  plan(document: DocumentNode, operation: OperationDefinitionNode): OperationPlan | null {
    let plan = this.plans.get(operation);
    if (plan === undefined) this.plans.set(operation, (plan = operation.operation === 'query' ? this.planOperation(document, operation) : null));
    return plan;
  }

  private planOperation(document: DocumentNode, operation: OperationDefinitionNode): OperationPlan {
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
    const refs = Object.fromEntries((operation.variableDefinitions ?? []).map((d) => [d.variable.name.value, new VariableRef(d.variable.name.value)]));
    const switches = directiveVariables(document);
    const variants = new Map<string, Variant | null>();
    const planner = this;
    return {
      async run(ctx, variables) {
        const key = switches.length ? JSON.stringify(switches.map((name) => variables[name] ?? null)) : '';
        let variant = variants.get(key);
        if (variant === undefined) {
          variant = variants.size < MAX_VARIANTS ? planner.variant(operation, fragments, variables, refs) : null;
          variants.set(key, variant);
        }
        return variant && planner.answer(variant, fragments, ctx, variables);
      },
    };
  }

  private planning(fragments: Fragments, variables: Record<string, unknown>, argumentVariables: Record<string, unknown>, prepares: Planning['prepares']): Planning {
    const params = new SqlParams();
    return { schema: this.schema, fragments, variables, argumentVariables, params, tenant: params.add(Binding.TENANT), prepares, aliases: 0 };
  }

  private variant(operation: OperationDefinitionNode, fragments: Fragments, variables: Record<string, unknown>, refs: Record<string, unknown>): Variant | null {
    const query = this.schema.getQueryType()!;
    const roots = collectFields(query, [operation.selectionSet], fragments, variables);
    if (!roots) return null;
    const prepares = new Set<(ctx: ReadContext) => unknown>();
    const steps: Step[] = [];
    for (const [key, nodes] of roots) {
      const name = nodes[0].name.value;
      if (name === '__typename') {
        steps.push({ key, constant: JSON.stringify(query.name) });
        continue;
      }
      const root = ROOTS[name];
      if (!root) return null;
      const field = query.getFields()[name];
      let planned: PlannedRoot | null;
      try {
        planned = planRoot(root, field, nodes, this.planning(fragments, variables, refs, prepares));
      } catch (error) {
        if (!(error instanceof NeedsValues)) return null; // declined, or a literal the fallback refuses
        planned = null;
      }
      steps.push({ key, root, field, nodes, planned });
    }
    return { steps, prepares };
  }

  private async answer(variant: Variant, fragments: Fragments, ctx: ReadContext, variables: Readonly<Record<string, unknown>>): Promise<PlannedAnswer | null> {
    const prepares = new Set(variant.prepares);
    const bound = (planned: PlannedRoot) => ({ planned, values: bind(planned.values, variables, ctx.tenantId) });
    const statements = new Map<Step, ReturnType<typeof bound>>();
    try {
      // Everything is bound before any statement runs: a request the fallback would refuse is left to it.
      for (const step of variant.steps) {
        if (step.constant) continue;
        let statement: ReturnType<typeof bound> | undefined;
        try {
          if (step.planned) statement = bound(step.planned);
        } catch (error) {
          if (!(error instanceof Replan)) throw error;
        }
        const vars = variables as Record<string, unknown>;
        statements.set(step, statement ?? bound(planRoot(step.root!, step.field!, step.nodes!, this.planning(fragments, vars, vars, prepares))));
      }
    } catch (error) {
      if (error instanceof AppError || error instanceof Declined) return null;
      throw error;
    }
    // A failure here (the PDF secret unreadable) is the fallback's to report, field by field.
    if (prepares.size && !(await Promise.all([...prepares].map((prepare) => prepare(ctx))).then(() => true, () => false))) return null;
    const run: Run = { ctx, variables };
    const query = (s: { text: string; values: readonly unknown[] }) => ctx.db.raw({ text: s.text, values: bind(s.values, variables, ctx.tenantId) });
    const parts: Array<[string, string | null]> = [];
    const errors: GraphQLError[] = [];
    let rows = 0;
    let nullData = false;
    for (const step of variant.steps) {
      const statement = statements.get(step);
      if (!statement) {
        parts.push([step.key, step.constant!]);
        continue;
      }
      try {
        const result = await ctx.db.raw({ text: statement.planned.text, values: statement.values });
        rows += result.length;
        parts.push([step.key, await statement.planned.answer(result, run, query)]);
      } catch (error) {
        // As graphql-js reports a failed root field: located there, null in its place (no data when it is non-null).
        errors.push(locatedError(error, step.nodes!, [step.key]));
        parts.push([step.key, null]);
        nullData ||= isNonNullType(step.field!.type);
      }
    }
    if (!errors.length) return { data: jsonObject(parts as Array<[string, string]>), rows };
    return { errors, data: nullData ? null : Object.fromEntries(parts.map(([key, json]) => [key, json === null ? null : JSON.parse(json)])) };
  }
}

/** Variables that @skip/@include read: the selection, hence the plan, depends on their values. */
function directiveVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Directive(directive) {
      visit(directive, { Variable: (v) => void names.add(v.name.value) });
      return false;
    },
  });
  return [...names];
}
