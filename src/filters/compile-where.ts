import { badInput } from '../common/errors';
import { concrete, SqlParams } from '../common/sql-params';
import { compileFieldFilter, ScalarFieldSpec } from './compile-field-filter';
import { Path } from './filter-values';

/**
 * The filter compiler: a where-input tree -> one SQL boolean expression over `<table> <alias>`,
 * every value a parameter of `params`, every column from the type's spec (derived from the
 * field registry, src/read/where.ts). The caller adds the tenant predicate (`i.tenant_id = $1`)
 * and, unless the filter names the soft-delete field (`mentionsField`), the visibility
 * predicate (`i.is_active`: soft-deleted invoices are hidden by default).
 *
 * Semantics (a row matches when the predicate is TRUE; tested in test/filters/):
 * - Fields of one object are AND-ed; `and: [..]` all, `or: [..]` any, `not: {..}` negation.
 * - `not` is two-valued: a comparison with a NULL column counts as false, so `not` matches it
 *   (compiled as `(x) IS NOT TRUE`). Hence `not: {notes: {eq: "x"}}` = `notes: {ne: "x"}`.
 * - `eq: null` = IS NULL, `ne: null` = IS NOT NULL, `isNull: true|false`.
 * - `ne: v` and `notIn: [..]` match NULL columns (IS DISTINCT FROM): the negation of eq / in.
 * - `in: []` matches nothing; `notIn: []` matches everything.
 * - `gt/gte/lt/lte/contains/startsWith` never match a NULL column; their value may not be null.
 * - `contains`/`startsWith` are case-insensitive (Unicode full case folding); `%`, `_`, `\` in the value are literal.
 *   Other text operators are exact and case-sensitive. Enum values (status, paymentStatus, ...)
 *   are accepted in any case and by alias ("active", "Issued", ACTIVE).
 * - Never "match all" by accident: an explicit `null` where a filter object is expected, an empty
 *   object `{}` (a field filter, a nested where, `some/none/every`, `not: {}`), and `and: []` /
 *   `or: []` are refused with BAD_USER_INPUT and the path. Only an absent or null top-level
 *   `where` means "no filter" (`TRUE`).
 * - `customer: {..}`: the invoice's customer matches (EXISTS). `lineItems`/`payments` take
 *   `some` (EXISTS a match), `none` (NOT EXISTS a match), `every` (NOT EXISTS a non-match; true
 *   for an invoice without any). Several quantifiers in one object are AND-ed.
 * - Extras (`availableAction: X` on invoices) compile by the spec's own function.
 * - At most MAX_WHERE_DEPTH levels of nesting and MAX_WHERE_CONDITIONS conditions (BAD_USER_INPUT,
 *   `extensions.limit`), so a hostile tree cannot exhaust the planner.
 * - Bad values (malformed uuid, date, timestamp, decimal, unknown enum value) are BAD_USER_INPUT
 *   with the path of the value, e.g. ['where', 'and', 1, 'dueDate', 'gte'].
 */
export interface WhereSpec {
  /** For messages. */
  name: string;
  table: string;
  /** Prefix of generated subquery aliases. */
  aliasPrefix: string;
  fields: Readonly<Record<string, ScalarFieldSpec>>;
  relations: Readonly<Record<string, WhereRelation>>;
  extras: Readonly<Record<string, (value: unknown, alias: string, path: Path) => string>>;
}

export interface WhereRelation {
  spec: () => WhereSpec;
  many: boolean;
  /** Join of the subquery alias `r` to the outer alias `o`. */
  join: (r: string, o: string) => string;
  /** Outer column holding the related row's id, for a to-one relation that always exists. */
  directId?: string;
}

const LOGICAL = new Set(['and', 'or', 'not']);
const QUANTIFIERS = ['some', 'none', 'every'];

/** Bounds on one filter, so that a hostile tree cannot exhaust the planner's stack or memory. */
export const MAX_WHERE_DEPTH = 32;
export const MAX_WHERE_CONDITIONS = 500;

class Compiler {
  private aliases = 0;
  private conditions = 0;
  private depth = 0;
  constructor(readonly params: SqlParams) {}

  nextAlias(prefix: string): string {
    return `${prefix}_${++this.aliases}`;
  }

  node(spec: WhereSpec, node: unknown, alias: string, path: Path): string {
    if (++this.depth > MAX_WHERE_DEPTH) throw badInput(`The filter nests deeper than ${MAX_WHERE_DEPTH} levels`, path, { limit: MAX_WHERE_DEPTH });
    try {
      concrete(node);
      if (node === null) throw badInput(`${path.join('.')}: null is not a filter; omit it instead`, path);
      if (typeof node !== 'object' || Array.isArray(node)) throw badInput(`${path.join('.')}: expected a filter object`, path);
      const entries = Object.entries(node).filter(([, v]) => v !== undefined);
      if (entries.length === 0) throw badInput(`${path.join('.')}: empty filter {} would match everything; give at least one condition`, path);
      const parts = entries.map(([key, value]) => this.entry(spec, key, value, alias, [...path, key]));
      return parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`;
    } finally {
      this.depth--;
    }
  }

  private entry(spec: WhereSpec, key: string, value: unknown, alias: string, path: Path): string {
    if (LOGICAL.has(key)) return this.logical(spec, key, value, alias, path);
    if (++this.conditions > MAX_WHERE_CONDITIONS) throw badInput(`The filter has more than ${MAX_WHERE_CONDITIONS} conditions`, path, { limit: MAX_WHERE_CONDITIONS });
    const field = spec.fields[key];
    if (field) return compileFieldFilter(key, field, `${alias}.${field.column}`, value, this.params, path);
    const relation = spec.relations[key];
    if (relation) return relation.many ? this.many(relation, value, alias, path) : this.one(relation, value, alias, path);
    const extra = spec.extras[key];
    if (extra) return extra(concrete(value), alias, path);
    throw badInput(`Unknown ${spec.name} filter field ${key}`, path);
  }

  private logical(spec: WhereSpec, key: string, value: unknown, alias: string, path: Path): string {
    if (key === 'not') return `(${this.node(spec, value, alias, path)}) IS NOT TRUE`;
    concrete(value);
    if (!Array.isArray(value)) throw badInput(`${path.join('.')}: expected a list of filters`, path);
    if (value.length === 0) throw badInput(`${path.join('.')}: ${key}: [] is refused (it would match ${key === 'and' ? 'everything' : 'nothing'} silently)`, path);
    const parts = value.map((item, i) => this.node(spec, item, alias, [...path, i]));
    return parts.length === 1 ? parts[0] : `(${parts.join(key === 'and' ? ' AND ' : ' OR ')})`;
  }

  private one(relation: WhereRelation, value: unknown, outer: string, path: Path): string {
    // Nue's `customer: {id: ...}`: the customer always exists (NOT NULL foreign key), so this is a
    // filter on invoice.customer_id, which the (tenant_id, customer_id, status) index serves.
    if (relation.directId && value && typeof value === 'object' && !Array.isArray(value)) {
      const keys = Object.entries(value).filter(([, v]) => v !== undefined).map(([k]) => k);
      if (keys.length === 1 && keys[0] === 'id') {
        return compileFieldFilter('id', relation.spec().fields.id, `${outer}.${relation.directId}`, (value as { id: unknown }).id, this.params, [...path, 'id']);
      }
    }
    const spec = relation.spec();
    const r = this.nextAlias(spec.aliasPrefix);
    const inner = this.node(spec, value, r, path);
    return `EXISTS (SELECT 1 FROM ${spec.table} ${r} WHERE ${relation.join(r, outer)} AND ${inner})`;
  }

  private many(relation: WhereRelation, value: unknown, outer: string, path: Path): string {
    concrete(value);
    if (value === null) throw badInput(`${path.join('.')}: null is not a filter; omit it instead`, path);
    if (typeof value !== 'object' || Array.isArray(value)) throw badInput(`${path.join('.')}: expected {some|none|every}`, path);
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) throw badInput(`${path.join('.')}: empty filter {}; give some, none or every`, path);
    const parts = entries.map(([q, where]) => {
      const at = [...path, q];
      if (!QUANTIFIERS.includes(q)) throw badInput(`${path.join('.')}: unknown quantifier ${q} (some, none, every)`, at);
      const spec = relation.spec();
      const r = this.nextAlias(spec.aliasPrefix);
      const inner = this.node(spec, where, r, at);
      const from = `SELECT 1 FROM ${spec.table} ${r} WHERE ${relation.join(r, outer)}`;
      if (q === 'some') return `EXISTS (${from} AND ${inner})`;
      if (q === 'none') return `NOT EXISTS (${from} AND ${inner})`;
      return `NOT EXISTS (${from} AND (${inner}) IS NOT TRUE)`;
    });
    return parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`;
  }
}

/**
 * Compiles `where` into a SQL predicate over `<spec.table> <alias>`; `TRUE` when where is absent/null.
 * Throws AppError BAD_USER_INPUT (with `extensions.path`) for refused shapes and bad values.
 */
export function compileWhere(spec: WhereSpec, where: unknown, params: SqlParams, alias: string, path: Path): string {
  if (where === null || where === undefined) return 'TRUE';
  if (!/^[a-z_][a-z0-9_]*$/i.test(alias)) throw new Error(`Invalid SQL alias ${alias}`);
  return new Compiler(params).node(spec, where, alias, path);
}

/** True when `where` selects nothing specific: absent, null or `{}` (bulk mutations refuse it). */
export function isEmptyWhere(where: unknown): boolean {
  if (where === null || where === undefined) return true;
  return typeof where === 'object' && Object.values(where).every((v) => v === undefined);
}

/** Whether the filter names `field` anywhere in its top-level tree (and/or/not included). */
export function mentionsField(where: unknown, field: string): boolean {
  if (!where || typeof where !== 'object') return false;
  const node = where as Record<string, unknown>;
  if (node[field] !== undefined) return true;
  const list = (v: unknown) => (Array.isArray(v) ? v : []);
  return [...list(node.and), ...list(node.or), ...(node.not ? [node.not] : [])].some((child) => mentionsField(child, field));
}
