import {
  FieldNode, getArgumentValues, getNamedType, getNullableType, GraphQLEnumType, GraphQLField, GraphQLList, GraphQLObjectType,
  GraphQLOutputType, GraphQLScalarType, GraphQLSchema, isNonNullType,
} from 'graphql';
import { concrete, SqlParams, VariableRef } from '../common/sql-params';
import { orderBySql } from '../filters/order-by';
import { invoiceSortKeys } from './order';
import type { ReadContext } from './read-context';
import { ColumnInfo, columnOf, Input, ReadType, readTypeNamed, readTypeOf, Source } from './registry';
import { collectFields, Fragments, subSelections } from './selection';
import { pageLimit } from './paging';
import { visibleWhere } from './where';

/**
 * A selection of a read type as SQL: each response key's value, in response order. Root rows
 * read them as columns (serialized by answer.ts); nested relations are JSON that PostgreSQL
 * builds compactly with row_to_json, byte for byte what JSON.stringify writes for the same
 * values, so JavaScript splices it unparsed unless a computed field or a jsonb value inside
 * needs a step in JavaScript (`fix`).
 */
export type Value =
  /** JSON text known when planning (`__typename`). */
  | { key: string; kind: 'const'; json: string }
  /** A scalar: text (JSON string; `plain` text needs no escaping), int, bool (true/false), jsonb (normalized by JSON.parse/stringify). */
  | { key: string; kind: 'text' | 'plain' | 'int' | 'bool' | 'jsonb'; sql: string }
  /** JSON built by PostgreSQL: json-typed (`text: false`) or text holding JSON (lists). */
  | { key: string; kind: 'json'; sql: string; text: boolean; fix?: Fixup[] }
  /** Computed in JavaScript from input columns (as text). */
  | { key: string; kind: 'computed'; inputs: string[]; compute: Compute };

/** A computed field's step: raw input texts -> the value as it goes into the JSON answer. */
export type Compute = (inputs: ReadonlyArray<string | null>, run: Run) => unknown;

/** Steps on parsed JSON: a computed key, or keys holding JSON with steps of their own. */
export type Fixup = { key: string; compute: Compute } | { key: string; children: Fixup[] };

/** What a request brings to the steps: its read context and variables. */
export interface Run {
  ctx: ReadContext;
  variables: Readonly<Record<string, unknown>>;
}

export interface Planning {
  schema: GraphQLSchema;
  fragments: Fragments;
  /** The request's variables, as directives see them. */
  variables: Record<string, unknown>;
  /** Variables as arguments see them: VariableRefs when the statement is planned once per document. */
  argumentVariables: Record<string, unknown>;
  params: SqlParams;
  /** The tenant's placeholder: every table of the statement, at every level, is scoped by it. */
  tenant: string;
  /** Computed fields' `prepare` steps, run once per request. */
  prepares: Set<(ctx: ReadContext) => unknown>;
  aliases: number;
}

/** Thrown when the planner declines a document (the fallback answers it). */
export class Declined extends Error {}

const decline = (why: string): never => {
  throw new Declined(why);
};

const literal = (name: string) => `'${name}'::text`;
const isoTimestamp = (sql: string) => `to_char(${sql} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The SQL of a column as the fallback would serialize it, by GraphQL type. */
function scalarValue(key: string, type: GraphQLOutputType, sql: string, columnType: string): Value {
  const named = getNamedType(type);
  // Enum names, uuids, numbers and ISO dates hold no character JSON escapes.
  if (named instanceof GraphQLEnumType) return { key, kind: 'plain', sql };
  switch (`${named.name}:${columnType}`) {
    case 'ID:uuid': return { key, kind: 'plain', sql };
    case 'ID:text': case 'String:text': return { key, kind: 'text', sql };
    case 'Decimal:numeric': case 'LocalDate:date': return { key, kind: 'plain', sql: `${sql}::text` };
    case 'DateTime:timestamptz': return { key, kind: 'plain', sql: isoTimestamp(sql) };
    case 'Int:integer': return { key, kind: 'int', sql };
    case 'Boolean:boolean': return { key, kind: 'bool', sql };
    case 'JSONObject:jsonb': return { key, kind: 'jsonb', sql };
    default: return decline(`no SQL for ${named.name} over ${columnType}`);
  }
}

/** Checks that a column can answer a field of this type (the registry check runs it on every column field). */
export function columnValueKind(type: GraphQLOutputType, column: ColumnInfo): Value['kind'] {
  if (isNonNullType(type) && column.nullable) decline(`non-null over the nullable column ${column.column}`);
  return scalarValue('', type, '', column.type).kind;
}

/** Turns a computed result into the JSON value the fallback would give for the field's type and selection. */
function shaper(type: GraphQLOutputType, nodes: readonly FieldNode[], p: Planning): (value: unknown) => unknown {
  const nullable = getNullableType(type);
  if (nullable instanceof GraphQLList) {
    const item = shaper(nullable.ofType, nodes, p);
    return (value) => (value == null ? null : (value as unknown[]).map(item));
  }
  if (nullable instanceof GraphQLScalarType || nullable instanceof GraphQLEnumType) return (value) => (value == null ? null : nullable.serialize(value));
  const object = nullable as GraphQLObjectType;
  const fields = collectFields(object, subSelections(nodes), p.fragments, p.variables) ?? decline('selection');
  const parts = [...fields].map(([key, fieldNodes]): [string, (value: Record<string, unknown>) => unknown] => {
    const name = fieldNodes[0].name.value;
    if (name === '__typename') return [key, () => object.name];
    if (readTypeNamed(object.name)?.fields[name]?.kind !== 'key') decline(`${object.name}.${name} in a computed value`);
    const inner = shaper(object.getFields()[name].type, fieldNodes, p);
    return [key, (value) => inner(value[name])];
  });
  return (value) => {
    if (value == null) return null;
    const out: Record<string, unknown> = {};
    for (const [key, read] of parts) out[key] = read(value as Record<string, unknown>);
    return out;
  };
}

export function inputSql(type: ReadType, input: Input, alias: string): { sql: string; parse: (text: string | null) => unknown } {
  if (typeof input !== 'string') return { sql: `(${input.sql(alias)})::text`, parse: input.kind === 'boolean' ? (t) => t === 'true' : (t) => t };
  const column = columnOf(type, input);
  if (column.kind === 'datetime' || column.kind === 'json') decline(`computed input ${input} of kind ${column.kind}`);
  const read = column.kind === 'boolean' ? (t: string) => t === 'true' : column.kind === 'int' ? Number : (t: string) => t;
  const parse = (t: string | null) => (t === null ? null : read(t));
  // Text as is; every other kind as its text (numbers stay exact, booleans read alike at the root and in JSON).
  return { sql: column.kind === 'string' || column.kind === 'id' ? `${alias}.${column.column}` : `${alias}.${column.column}::text`, parse };
}

/** Arguments with the request's variables in place of the VariableRefs they were planned with. */
export function withVariables(args: Record<string, unknown>, variables: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const resolve = (v: unknown): unknown =>
    v instanceof VariableRef ? variables[v.name] : Array.isArray(v) ? v.map(resolve) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)])) : v;
  return resolve(args) as Record<string, unknown>;
}

/** The values of `nodes`' selection on the read type `object` over the row alias. */
export function valuesOf(object: GraphQLObjectType, nodes: readonly FieldNode[], alias: string, p: Planning): Value[] {
  const type = readTypeNamed(object.name) ?? decline(`${object.name} is not a read type`);
  const fields = collectFields(object, subSelections(nodes), p.fragments, p.variables) ?? decline('selection');
  return [...fields].map(([key, fieldNodes]) => {
    const name = fieldNodes[0].name.value;
    if (name === '__typename') return { key, kind: 'const', json: JSON.stringify(object.name) };
    const field = object.getFields()[name];
    const source = type.fields[name] ?? decline(`${object.name}.${name} has no source`);
    return valueOf(type, field, source, key, fieldNodes, alias, p);
  });
}

function valueOf(type: ReadType, field: GraphQLField<unknown, unknown>, source: Source, key: string, nodes: readonly FieldNode[], alias: string, p: Planning): Value {
  const args = field.args.length ? getArgumentValues(field, nodes[0], p.argumentVariables) : {};
  switch (source.kind) {
    case 'column': {
      const column = columnOf(type, source.property);
      columnValueKind(field.type, column);
      return scalarValue(key, field.type, `${alias}.${column.column}`, column.type);
    }
    case 'computed': {
      const inputs = source.inputs.map((input) => inputSql(type, input, alias));
      const shape = shaper(field.type, nodes, p);
      if (source.prepare) p.prepares.add(source.prepare);
      const { compute } = source;
      return {
        key,
        kind: 'computed',
        inputs: inputs.map((i) => i.sql),
        compute: (texts, run) => shape(compute(inputs.map((input, n) => input.parse(texts[n])), run.ctx, withVariables(args, run.variables))),
      };
    }
    case 'embedded': {
      const document = `${alias}.${columnOf(type, source.property).column}`;
      const target = getNamedType(field.type) as GraphQLObjectType;
      const fields = collectFields(target, subSelections(nodes), p.fragments, p.variables) ?? decline('selection');
      const items = [...fields].map(([k, [node]]) => {
        const name = node.name.value;
        if (name === '__typename') return `${literal(target.name)} AS "${k}"`;
        // Keys read as text, as the fallback's String serializer reads the parsed document's properties.
        const ok = readTypeNamed(target.name)?.fields[name]?.kind === 'key' && getNamedType(target.getFields()[name].type).name === 'String' && /^[_A-Za-z]\w*$/.test(name);
        return ok ? `${document} ->> '${name}' AS "${k}"` : decline(`${target.name}.${name} in a document`);
      });
      return { key, kind: 'json', text: false, sql: `CASE WHEN ${document} IS NULL OR ${document} = 'null'::jsonb THEN NULL ELSE (SELECT row_to_json(x) FROM (SELECT ${items.join(', ')}) x) END` };
    }
    case 'relation':
      return relationValue(type, source, key, getNamedType(field.type) as GraphQLObjectType, nodes, args, alias, p);
    default:
      return decline(`${type.name}.${field.name}: ${source.kind}`);
  }
}

/** A value inside row_to_json: its SQL and the steps it needs once parsed. */
function nested(value: Value): { sql: string; fix?: Fixup } {
  switch (value.kind) {
    case 'const': return { sql: `${literal(JSON.parse(value.json))} AS "${value.key}"` };
    case 'jsonb': return { sql: `${value.sql} AS "${value.key}"`, fix: { key: value.key, children: [] } };
    case 'json': return { sql: `${value.text ? `(${value.sql})::json` : value.sql} AS "${value.key}"`, fix: value.fix && { key: value.key, children: value.fix } };
    case 'computed': return { sql: `json_build_array(${value.inputs.join(', ')}) AS "${value.key}"`, fix: { key: value.key, compute: value.compute } };
    default: return { sql: `${value.sql} AS "${value.key}"` };
  }
}

/** `row_to_json` of the values over `alias`, and their steps (undefined: none, the JSON is final). */
function rowJson(values: Value[]): { items: string; fix?: Fixup[] } {
  const all = values.map(nested);
  const fix = all.flatMap((n) => (n.fix ? [n.fix] : []));
  return { items: all.map((n) => n.sql).join(', '), fix: fix.length ? fix : undefined };
}

/**
 * One parent's page of a list relation (Customer.invoices): the target's rows joined by `join`,
 * with its filter (soft delete hidden), order and page: the subquery, and its ORDER BY list.
 */
export function listRelationSql(target: ReadType, args: Record<string, unknown>, r: string, join: string, defaultLimit: number, params: SqlParams): { sql: string; order: string } {
  const order = orderBySql(invoiceSortKeys(concrete(args.orderBy) as never, r));
  const where = [join, ...visibleWhere(target, args.where, params, r, ['where'])].join(' AND ');
  return { order, sql: `SELECT * FROM ${target.table} ${r} WHERE ${where} ORDER BY ${order} LIMIT ${pageLimit(args.limit, defaultLimit, 'limit', params)}` };
}

function relationValue(
  type: ReadType, source: Extract<Source, { kind: 'relation' }>, key: string, object: GraphQLObjectType, nodes: readonly FieldNode[],
  args: Record<string, unknown>, alias: string, p: Planning,
): Value {
  const target = readTypeOf(source.target());
  const r = `r${++p.aliases}`;
  const { items, fix } = rowJson(valuesOf(object, nodes, r, p));
  const join = `${r}.tenant_id = ${p.tenant} AND ${r}.${columnOf(target, source.to).column} = ${alias}.${columnOf(type, source.from).column}`;
  if (!source.many) {
    return { key, kind: 'json', text: false, fix, sql: `(SELECT row_to_json(x) FROM ${target.table} ${r}, LATERAL (SELECT ${items}) x WHERE ${join})` };
  }
  let from = `${target.table} ${r}`;
  let where = ` WHERE ${join}`;
  let order = source.order.map((prop) => `${r}.${columnOf(target, prop).column}`).join(', ');
  if (source.list) {
    // The target's list arguments (Customer.invoices): filter, order and a page per parent row.
    const list = listRelationSql(target, args, r, join, source.list.defaultLimit, p.params);
    [from, order, where] = [`(${list.sql}) ${r}`, list.order, ''];
  }
  const agg = `string_agg(row_to_json(x)::text, ','${order ? ` ORDER BY ${order}` : ''})`;
  return { key, kind: 'json', text: true, fix, sql: `(SELECT coalesce('[' || ${agg} || ']', '[]') FROM ${from}, LATERAL (SELECT ${items}) x${where})` };
}

/** Applies steps to parsed JSON (an object, a list of them, or null). */
export function applyFixups(value: unknown, fixups: readonly Fixup[], run: Run): void {
  if (value == null) return;
  if (Array.isArray(value)) {
    for (const item of value) applyFixups(item, fixups, run);
    return;
  }
  const object = value as Record<string, unknown>;
  for (const fixup of fixups) {
    if ('compute' in fixup) object[fixup.key] = fixup.compute(object[fixup.key] as string[], run);
    else applyFixups(object[fixup.key], fixup.children, run);
  }
}
