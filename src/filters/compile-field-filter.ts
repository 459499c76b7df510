import { Binding, concrete, isVariable, NeedsValues, SqlParams, VariableRef } from '../common/sql-params';
import { badInput } from '../common/errors';
import { EnumValues, parseText, parseValue, Path, SQL_TYPES, ValueKind } from './filter-values';

/**
 * A filterable column: SQL name, value kind and nullability. Column names reach SQL only from
 * these specs (derived from the field registry), never from input. Nullability lets `ne`/`notIn`
 * stay index-friendly on NOT NULL columns and add the NULL case only where it can happen.
 */
export interface ScalarFieldSpec {
  column: string;
  kind: ValueKind | 'json';
  nullable: boolean;
  enumValues?: EnumValues;
}

/**
 * One field's operator object -> a SQL predicate over `expr` (a whitelisted column). Operators
 * in one object are AND-ed. Every value is a parameter with an explicit cast.
 */
const EQUALITY = ['eq', 'ne', 'in', 'notIn', 'isNull'] as const;
const ORDERED = [...EQUALITY, 'gt', 'gte', 'lt', 'lte'] as const;

export const OPERATORS: Record<ValueKind | 'json', readonly string[]> = {
  string: [...EQUALITY, 'eqIgnoreCase', 'contains', 'startsWith'],
  currency: [...EQUALITY, 'eqIgnoreCase', 'contains', 'startsWith'],
  id: EQUALITY,
  enum: EQUALITY,
  decimal: ORDERED,
  date: ORDERED,
  datetime: ORDERED,
  int: ORDERED,
  boolean: ['eq', 'ne', 'isNull'],
  json: ['contains', 'hasKey', 'isNull'],
};

const COMPARISON: Record<string, string> = { gt: '>', gte: '>=', lt: '<', lte: '<=' };

/**
 * contains/startsWith compare text under Unicode full case folding (CaseFolding.txt, statuses C
 * and F): PostgreSQL 18's casefold() with the builtin "pg_unicode_fast" collation, whatever the
 * database's locale. So "ΣΊΣΥΦΟΣ" finds "Σίσυφος" (final sigma), "STRASSE" finds "Straße", "ﬁ"
 * finds "fi". Both sides are folded; the LIKE metacharacters `\`, `%`, `_` fold to themselves and
 * no other character folds to them, so escaping before folding is sound.
 */
export const caseFoldedSql = (sql: string) => `casefold(${sql} COLLATE "pg_unicode_fast")`;

/** `expr` matches the LIKE `pattern` (an SQL text expression) under case folding. */
export const foldedLikeSql = (expr: string, pattern: string) => `${caseFoldedSql(expr)} LIKE ${caseFoldedSql(pattern)} ESCAPE '\\'`;

/** LIKE metacharacters in user text are literal: escape \ first, then % and _. */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => '\\' + c);

export function compileFieldFilter(field: string, spec: ScalarFieldSpec, expr: string, filter: unknown, params: SqlParams, path: Path): string {
  concrete(filter);
  if (filter === null) throw badInput(`${field}: null is not a filter; omit ${field} or use {isNull: true}`, path);
  if (typeof filter !== 'object' || Array.isArray(filter)) throw badInput(`${field}: expected an operator object`, path);
  const entries = Object.entries(filter).filter(([, v]) => v !== undefined);
  if (entries.length === 0) throw badInput(`${field}: empty filter {}; give at least one operator`, path);
  const allowed = OPERATORS[spec.kind];
  const parts = entries.map(([op, value]) => {
    const at = [...path, op];
    if (!allowed.includes(op)) throw badInput(`${field}: unknown operator ${op} (allowed: ${allowed.join(', ')})`, at);
    if (isVariable(value) && spec.kind !== 'json') return variableOperator(spec, op, expr, value, params, at);
    return spec.kind === 'json' ? jsonOperator(op, expr, concrete(value), params, at) : scalarOperator(spec, op, expr, value, params, at);
  });
  return parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`;
}

function scalarOperator(spec: ScalarFieldSpec, op: string, expr: string, value: unknown, params: SqlParams, at: Path): string {
  const kind = spec.kind as ValueKind;
  const type = SQL_TYPES[kind];
  const param = (v: unknown) => `${params.add(parseValue(kind, v, at, spec.enumValues))}::${type}`;
  const list = (v: unknown): unknown[] => {
    if (!Array.isArray(v)) throw badInput(`${at.join('.')}: expected a list`, at);
    return v.map((item, i) => parseValue(kind, item, [...at, i], spec.enumValues));
  };
  const needsValue = () => {
    if (value === null) throw badInput(`${at.join('.')}: null is not a value for ${op}`, at);
  };
  switch (op) {
    case 'eq':
      return value === null ? `${expr} IS NULL` : `${expr} = ${param(value)}`;
    case 'ne':
      if (value === null) return `${expr} IS NOT NULL`;
      // NULL is "not equal" to any value; `<>` alone would drop those rows.
      return spec.nullable ? `${expr} IS DISTINCT FROM ${param(value)}` : `${expr} <> ${param(value)}`;
    case 'in': {
      needsValue();
      const values = list(value);
      return values.length === 0 ? 'FALSE' : `${expr} = ANY(${params.add(values)}::${type}[])`;
    }
    case 'notIn': {
      needsValue();
      const values = list(value);
      if (values.length === 0) return 'TRUE';
      const notIn = `${expr} <> ALL(${params.add(values)}::${type}[])`;
      return spec.nullable ? `(${expr} IS NULL OR ${notIn})` : notIn;
    }
    case 'isNull':
      if (typeof value !== 'boolean') throw badInput(`${at.join('.')}: expected true or false`, at);
      return `${expr} IS ${value ? '' : 'NOT '}NULL`;
    case 'gt': case 'gte': case 'lt': case 'lte':
      needsValue();
      return `${expr} ${COMPARISON[op]} ${param(value)}`;
    case 'eqIgnoreCase': case 'contains': case 'startsWith': {
      needsValue();
      const text = escapeLike(parseText(value, at));
      const pattern = op === 'contains' ? `%${text}%` : op === 'startsWith' ? `${text}%` : text;
      return foldedLikeSql(expr, `${params.add(pattern)}::text`);
    }
    default:
      throw badInput(`Unknown operator ${op}`, at);
  }
}

/**
 * An operator whose value is a GraphQL variable, in a statement planned once per document: the
 * value is bound when a request runs. A null value changes the SQL (`eq: null` is IS NULL), so
 * it replans (sql-params.ts); `in`/`notIn` use ANY/ALL, right for empty lists as well.
 */
function variableOperator(spec: ScalarFieldSpec, op: string, expr: string, value: VariableRef, params: SqlParams, at: Path): string {
  const kind = spec.kind as ValueKind;
  const type = SQL_TYPES[kind];
  const one = (v: unknown) => parseValue(kind, v, at, spec.enumValues);
  const bound = (parse: (v: unknown) => unknown) => params.add(new Binding(value.name, parse));
  switch (op) {
    case 'eq': case 'gt': case 'gte': case 'lt': case 'lte':
      return `${expr} ${op === 'eq' ? '=' : COMPARISON[op]} ${bound(one)}::${type}`;
    case 'ne':
      return `${expr} ${spec.nullable ? 'IS DISTINCT FROM' : '<>'} ${bound(one)}::${type}`;
    case 'in': case 'notIn': {
      const list = bound((v) => (Array.isArray(v) ? v : [v]).map((item, i) => parseValue(kind, item, [...at, i], spec.enumValues)));
      if (op === 'in') return `${expr} = ANY(${list}::${type}[])`;
      return spec.nullable ? `(${expr} IS NULL OR ${expr} <> ALL(${list}::${type}[]))` : `${expr} <> ALL(${list}::${type}[])`;
    }
    case 'eqIgnoreCase': case 'contains': case 'startsWith': {
      const pattern = (v: unknown) => {
        const text = escapeLike(parseText(v, at));
        return op === 'contains' ? `%${text}%` : op === 'startsWith' ? `${text}%` : text;
      };
      return foldedLikeSql(expr, `${bound(pattern)}::text`);
    }
    default: // isNull: the operator itself depends on the value
      throw new NeedsValues(value.name);
  }
}

/** jsonb refuses NUL and lone surrogates: answer them as bad input, not as a database error. */
function checkJsonText(value: unknown, at: Path): void {
  if (typeof value === 'string') parseText(value, at);
  else if (Array.isArray(value)) value.forEach((v) => checkJsonText(v, at));
  else if (value && typeof value === 'object') Object.entries(value).forEach(([k, v]) => { parseText(k, at); checkJsonText(v, at); });
}

function jsonOperator(op: string, expr: string, value: unknown, params: SqlParams, at: Path): string {
  switch (op) {
    case 'contains':
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw badInput(`${at.join('.')}: expected a JSON object`, at);
      checkJsonText(value, at);
      return `${expr} @> ${params.add(JSON.stringify(value))}::jsonb`;
    case 'hasKey':
      return `jsonb_exists(${expr}, ${params.add(parseText(value, at))}::text)`;
    case 'isNull':
      if (typeof value !== 'boolean') throw badInput(`${at.join('.')}: expected true or false`, at);
      return `${expr} IS ${value ? '' : 'NOT '}NULL`;
    default:
      throw badInput(`Unknown operator ${op}`, at);
  }
}
