import { badInput } from '../common/errors';
import { UUID_PATTERN } from '../common/uuid';
import { SqlParams } from '../common/sql-params';
import { NullsOrder, SortDirection, SortKey } from './order-by';

/**
 * Keyset (cursor) paging over any sort keys, NULLs and mixed directions included.
 *
 * A cursor holds the sort values of a row as PostgreSQL text (exact: timestamps keep their
 * microseconds, numerics their digits) plus the signature of the ordering, so a cursor from
 * another orderBy is refused. Row values are read from the columns `cursorSelectSql(keys)` adds
 * to the SELECT (`__k0`, `__k1`, ...). The predicate is an OR-chain
 * `k1 > v1 OR (k1 = v1 AND k2 > v2) OR ...` because a row comparison `(a, b) > ($1, $2)` is
 * wrong with NULLs and with mixed directions; it is used only when every key is NOT NULL and
 * all directions agree.
 */
export type CursorValues = Array<string | null>;
export type KeysetDirection = 'after' | 'before';

const signature = (keys: ReadonlyArray<SortKey>) => keys.map((k) => `${k.field}:${k.direction}:${k.nulls}`).join(',');

/** SELECT-list items (without a leading comma) giving each sort value as exact text. */
export function cursorSelectSql(keys: ReadonlyArray<SortKey>): string {
  return keys.map((k, i) => `${k.expr}::text AS "__k${i}"`).join(', ');
}

/** Builds the opaque cursor of a row fetched with `cursorSelectSql(keys)` columns. */
export function encodeCursor(row: Record<string, unknown>, keys: ReadonlyArray<SortKey>): string {
  const values: CursorValues = keys.map((k, i) => {
    const value = `__k${i}` in row ? row[`__k${i}`] : row[k.field];
    if (value === null || value === undefined) return null;
    if (value instanceof Date) throw new Error(`encodeCursor: select cursorSelectSql(keys) so that ${k.field} keeps its exact value`);
    return String(value);
  });
  return cursorOf(values, keys);
}

/** The opaque cursor of a row's sort values (as exact text). */
export const cursorOf = (values: CursorValues, keys: ReadonlyArray<SortKey>): string =>
  Buffer.from(JSON.stringify({ s: signature(keys), v: values }), 'utf8').toString('base64url');

const VALID_TEXT: Record<string, RegExp> = {
  uuid: UUID_PATTERN,
  numeric: /^-?\d+(\.\d+)?$/,
  date: /^\d{4,}-\d{2}-\d{2}( BC)?$/,
  timestamptz: /^\d{4,}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2}){0,2}|Z)?( BC)?$/,
  int4: /^-?\d{1,10}$/,
  boolean: /^(true|false)$/,
};

/** Reads a cursor back, checking it belongs to this ordering; BAD_USER_INPUT (path) if not. */
export function decodeCursor(cursor: string, keys: ReadonlyArray<SortKey>, path: ReadonlyArray<string | number> = ['after']): CursorValues {
  let parsed: { s?: unknown; v?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badInput('Malformed cursor', path);
  }
  if (!parsed || typeof parsed !== 'object') throw badInput('Malformed cursor', path);
  if (parsed.s !== signature(keys)) throw badInput('The cursor was made for another orderBy', path);
  const values = parsed.v;
  if (!Array.isArray(values) || values.length !== keys.length) throw badInput('Malformed cursor', path);
  values.forEach((v, i) => {
    const k = keys[i];
    const ok = v === null ? k.nullable : typeof v === 'string' && !v.includes('\u0000') && (VALID_TEXT[k.type]?.test(v) ?? true);
    if (!ok) throw badInput('Malformed cursor', path);
  });
  return values as CursorValues;
}

/**
 * The predicate selecting rows strictly after (or before) the cursor row in the order of `keys`.
 * For `before`, fetch with `orderBySql(keys, true)` and reverse the page.
 */
export function keysetPredicate(keys: ReadonlyArray<SortKey>, values: CursorValues, params: SqlParams, direction: KeysetDirection): string {
  if (values.length !== keys.length) throw new Error('keysetPredicate: one value per key');
  const after = direction === 'after';
  const placeholders = values.map((v, i) => (v === null ? null : `${params.add(v)}::${keys[i].type}`));

  const uniform = keys.every((k, i) => !k.nullable && values[i] !== null && k.direction === keys[0].direction);
  if (uniform) {
    const op = after === (keys[0].direction === SortDirection.ASC) ? '>' : '<';
    return `(${keys.map((k) => k.expr).join(', ')}) ${op} (${placeholders.join(', ')})`;
  }

  const equal = (k: SortKey, p: string | null) => (p === null ? `${k.expr} IS NULL` : `${k.expr} = ${p}`);
  const beyond = (k: SortKey, p: string | null): string => {
    const nullsLast = k.nulls === NullsOrder.LAST;
    // NULLs sit at one end: after a NULL (nulls last) nothing follows on this key, etc.
    if (p === null) return after === nullsLast ? 'FALSE' : `${k.expr} IS NOT NULL`;
    const op = after === (k.direction === SortDirection.ASC) ? '>' : '<';
    const cmp = `${k.expr} ${op} ${p}`;
    return k.nullable && after === nullsLast ? `(${cmp} OR ${k.expr} IS NULL)` : cmp;
  };
  const terms: string[] = [];
  keys.forEach((k, i) => {
    const step = beyond(k, placeholders[i]);
    if (step === 'FALSE') return;
    terms.push([...keys.slice(0, i).map((prev, j) => equal(prev, placeholders[j])), step].join(' AND '));
  });
  if (terms.length === 0) return 'FALSE';
  const chain = `(${terms.map((t) => `(${t})`).join(' OR ')})`;
  // A redundant range bound on the first key lets the planner seek an index to the cursor and stop
  // at the LIMIT instead of reading every row on the far side of it (the OR-chain alone plans as a
  // bitmap scan plus sort). Only valid when no NULL of the first key lies beyond the cursor.
  const [first] = keys;
  const p0 = placeholders[0];
  const nullsBeyond = first.nullable && after === (first.nulls === NullsOrder.LAST);
  if (p0 === null || nullsBeyond) return chain;
  const bound = after === (first.direction === SortDirection.ASC) ? '>=' : '<=';
  return `(${first.expr} ${bound} ${p0} AND ${chain})`;
}
