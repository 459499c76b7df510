import { registerEnumType } from 'type-graphql';
import { badInput } from '../common/errors';
import { concrete } from '../common/sql-params';
import type { ScalarFieldSpec } from './compile-field-filter';
import { Path, SQL_TYPES, ValueKind } from './filter-values';

/**
 * Ordering of lists: a list of {field, direction, nulls}, always completed by the id as the
 * last key so that equal sort values still have one stable order (paging never skips or
 * repeats a row). The id tie-break follows the direction of the last key, so an index on
 * (tenant_id, col, id) serves both directions. NULLs go LAST in both directions unless `nulls`
 * says otherwise (only nullable fields have any). Duplicate fields: the first occurrence wins.
 */
export enum SortDirection { ASC = 'ASC', DESC = 'DESC' }
export enum NullsOrder { FIRST = 'FIRST', LAST = 'LAST' }

registerEnumType(SortDirection, { name: 'SortDirection' });
registerEnumType(NullsOrder, { name: 'NullsOrder', description: 'Where NULL values go; default LAST in both directions.' });

export interface OrderBy {
  field: string;
  direction?: SortDirection | null;
  nulls?: NullsOrder | null;
}

/** One resolved sort key: what ORDER BY, cursors and keyset predicates are built from. */
export interface SortKey {
  /** GraphQL field name (also the row property read for cursors). */
  field: string;
  /** Whitelisted column expression, e.g. `i.due_date`. */
  expr: string;
  /** PostgreSQL type for casting cursor values back, e.g. `date`. */
  type: string;
  direction: SortDirection;
  nulls: NullsOrder;
  nullable: boolean;
}

/** A sortable field: its column, sorted as lower(column) when `lower` (case-insensitive names). */
export interface SortField extends ScalarFieldSpec {
  lower?: boolean;
}

/** Resolves orderBy (or `fallback` when empty) into sort keys over the sortable `fields`, ending with the id tie-break. */
export function sortKeys(fields: Readonly<Record<string, SortField>>, orderBy: ReadonlyArray<OrderBy> | null | undefined, fallback: ReadonlyArray<OrderBy>, alias: string, path: Path): SortKey[] {
  const list = orderBy && orderBy.length > 0 ? orderBy : fallback;
  const keys: SortKey[] = [];
  list.forEach((item, index) => {
    // A variable inside the list (`[{field: $f}]`): the statement is built per request.
    const o = concrete(item) && { field: concrete(item.field), direction: concrete(item.direction), nulls: concrete(item.nulls) };
    const spec = o && Object.prototype.hasOwnProperty.call(fields, o.field) ? fields[o.field] : undefined;
    if (!spec || spec.kind === 'json') throw badInput(`Cannot order by ${JSON.stringify(o?.field)}`, [...path, index, 'field']);
    const direction = o.direction ?? SortDirection.ASC;
    if (direction !== SortDirection.ASC && direction !== SortDirection.DESC) throw badInput(`Unknown direction ${direction}`, [...path, index, 'direction']);
    const nulls = o.nulls ?? NullsOrder.LAST;
    if (nulls !== NullsOrder.FIRST && nulls !== NullsOrder.LAST) throw badInput(`Unknown nulls order ${nulls}`, [...path, index, 'nulls']);
    const expr = spec.lower ? `lower(${alias}.${spec.column})` : `${alias}.${spec.column}`;
    if (keys.some((k) => k.expr === expr)) return; // two fields on one column (name, invoiceNumber)
    keys.push({ field: o.field, expr, type: SQL_TYPES[spec.kind as ValueKind], direction, nulls, nullable: spec.nullable });
  });
  if (!keys.some((k) => k.field === 'id')) {
    keys.push({ field: 'id', expr: `${alias}.id`, type: 'uuid', direction: keys[keys.length - 1]?.direction ?? SortDirection.ASC, nulls: NullsOrder.LAST, nullable: false });
  }
  return keys;
}

/**
 * ORDER BY text (without the keywords) for sort keys; `reverse` flips every key, for fetching
 * the page before a cursor. NOT NULL columns get no NULLS clause, so indexes serve both directions.
 */
export function orderBySql(keys: ReadonlyArray<SortKey>, reverse = false): string {
  return keys.map((k) => {
    const asc = (k.direction === SortDirection.ASC) !== reverse;
    const nullsFirst = (k.nulls === NullsOrder.FIRST) !== reverse;
    return `${k.expr} ${asc ? 'ASC' : 'DESC'}${k.nullable ? (nullsFirst ? ' NULLS FIRST' : ' NULLS LAST') : ''}`;
  }).join(', ');
}
