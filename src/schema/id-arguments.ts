import { getNamedType, GraphQLArgument, GraphQLField, GraphQLID, GraphQLInputObjectType, GraphQLInputType, isInputObjectType } from 'graphql';
import { badInput } from '../common/errors';
import { isUuid } from '../common/uuid';

type Path = Array<string | number>;

/** How to find the ID values in one argument or input field: a leaf, or the input object's fields. */
type IdPlan = { kind: 'id' } | { kind: 'object'; fields: Array<[string, IdPlan]> };

/**
 * Filter inputs validate their own values (src/filters/filter-values.ts, with the filter path),
 * including recursive and/or/not trees; the plan does not descend into them.
 */
const selfValidating = (type: GraphQLInputObjectType) => /(Where|Filter)(Input)?$/.test(type.name);

function planFor(type: GraphQLInputType, seen: Set<string>): IdPlan | undefined {
  const named = getNamedType(type);
  if (named === GraphQLID) return { kind: 'id' };
  if (!isInputObjectType(named) || selfValidating(named) || seen.has(named.name)) return undefined;
  const inner = new Set(seen).add(named.name);
  const fields = Object.values(named.getFields()).flatMap((f): Array<[string, IdPlan]> => {
    const plan = planFor(f.type, inner);
    return plan ? [[f.name, plan]] : [];
  });
  return fields.length ? { kind: 'object', fields } : undefined;
}

const plans = new WeakMap<GraphQLField<unknown, unknown>, Array<[string, IdPlan]>>();

function planForField(field: GraphQLField<unknown, unknown>): Array<[string, IdPlan]> {
  let plan = plans.get(field);
  if (!plan) {
    plan = field.args.flatMap((arg: GraphQLArgument): Array<[string, IdPlan]> => {
      const p = planFor(arg.type, new Set());
      return p ? [[arg.name, p]] : [];
    });
    plans.set(field, plan);
  }
  return plan;
}

function check(plan: IdPlan, value: unknown, path: Path): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => check(plan, item, [...path, i]));
    return;
  }
  if (plan.kind === 'id') {
    if (!isUuid(value)) throw badInput(`${path.join('.')}: malformed id ${JSON.stringify(value).slice(0, 80)}, expected a UUID`, path, { value: String(value).slice(0, 80) });
    return;
  }
  for (const [name, inner] of plan.fields) check(inner, (value as Record<string, unknown>)[name], [...path, name]);
}

/**
 * Ids are UUIDs. A malformed one in a root field's arguments (directly or inside an input object)
 * is refused as BAD_USER_INPUT with its path before any SQL runs; PostgreSQL would otherwise
 * refuse it with a bare 22P02 that names no field.
 */
export function checkIdArguments(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): void {
  for (const [name, plan] of planForField(field)) check(plan, args[name], [name]);
}
