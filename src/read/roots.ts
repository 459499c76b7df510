import { FieldNode, getArgumentValues, getNamedType, GraphQLField, GraphQLObjectType } from 'graphql';
import { badInput } from '../common/errors';
import { isUuid } from '../common/uuid';
import { Binding, concrete, isVariable, SqlParams } from '../common/sql-params';
import { cursorOf, decodeCursor, keysetPredicate } from '../filters/keyset';
import { orderBySql, SortKey } from '../filters/order-by';
import { Columns, jsonObject, rowWriter } from './answer';
import { CUSTOMER } from './customer.read';
import { compileCustomerOrderBy, invoiceSortKeys } from './order';
import { INVOICE } from './invoice.read';
import { DEFAULT_PAGE_SIZE, NUE_DEFAULT_PAGE_SIZE, pageLimit, pageSize } from './paging';
import type { RawRow, Statement } from './read-database';
import { ReadType } from './registry';
import { collectFields, subSelections } from './selection';
import { Declined, Planning, Run, valuesOf } from './select';
import { visibleWhere } from './where';
import { CustomerListFilter, customerListFilterToWhere } from './where-inputs';

type Args = Record<string, unknown>;

/**
 * The root query fields of the read side and their statements, the same for the planner
 * (selecting the values a document asks for) and for the fallback resolvers (selecting whole
 * rows): filter, order, page and tenant scope are written once, here.
 */
export interface Root {
  type: ReadType;
  alias: string;
  kind: 'list' | 'one' | 'page';
  defaultLimit?: number;
  where?(args: Args, params: SqlParams, alias: string): string[];
  order?(args: Args, alias: string): string;
}

function assertUuidArg(value: unknown, path: Array<string | number>): string {
  if (!isUuid(value)) throw badInput(`Expected a UUID, got ${JSON.stringify(value)}`, path);
  return value;
}

/** A value checked now, or bound when a request runs when it is a variable. */
const bound = (value: unknown, params: SqlParams, check: (v: unknown) => unknown) =>
  params.add(isVariable(value) ? new Binding(value.name, check) : check(value));

/** `customers(where, filter)`: the filter language, or the deprecated filter in it. */
function customersWhere(args: Args, params: SqlParams, c: string): string[] {
  const [where, filter] = [concrete(args.where), concrete(args.filter) as CustomerListFilter | null | undefined];
  if (where != null && filter != null) throw badInput('Give where or the deprecated filter, not both', ['filter']);
  const legacy = customerListFilterToWhere(filter);
  return visibleWhere(CUSTOMER, legacy ?? where, params, c, legacy ? ['filter'] : ['where']);
}

const invoiceWhere = (args: Args, params: SqlParams, i: string) => visibleWhere(INVOICE, args.where, params, i, ['where']);

export const ROOTS: Readonly<Record<string, Root>> = {
  invoice: {
    type: INVOICE, alias: 'i', kind: 'list', defaultLimit: NUE_DEFAULT_PAGE_SIZE,
    where: invoiceWhere, order: (args, i) => orderBySql(invoiceSortKeys(concrete(args.orderBy) as never, i)),
  },
  invoices: { type: INVOICE, alias: 'i', kind: 'page' },
  invoiceById: { type: INVOICE, alias: 'i', kind: 'one' },
  customer: { type: CUSTOMER, alias: 'c', kind: 'one' },
  customers: { type: CUSTOMER, alias: 'c', kind: 'list', defaultLimit: DEFAULT_PAGE_SIZE, where: customersWhere, order: (args, c) => compileCustomerOrderBy(concrete(args.orderBy) as never, c) },
};

/** The statement of a list or single-row root: `select` over the root alias, `tenant` the tenant's placeholder. */
export function rootSql(root: Root, args: Args, select: string, params: SqlParams, tenant: string): string {
  const a = root.alias;
  const from = `SELECT ${select} FROM ${root.type.table} ${a} WHERE ${a}.tenant_id = ${tenant}`;
  if (root.kind === 'one') return `${from} AND ${a}.id = ${bound(args.id, params, (v) => assertUuidArg(v, ['id']))}`;
  const where = root.where!(args, params, a);
  return `${[from, ...where].join(' AND ')} ORDER BY ${root.order!(args, a)}`
    + ` LIMIT ${pageLimit(args.limit, root.defaultLimit!, 'limit', params)} OFFSET ${pageLimit(args.offset, 0, 'offset', params)}`;
}

export interface PageSql {
  text: string;
  keys: SortKey[];
  size: number;
  backward: boolean;
}

/**
 * One keyset page of invoices: `first`/`after` reads forward; `last`/`before` reads the reversed
 * order (the rows are flipped back). One extra row tells whether another page follows. Cursors
 * come from the sort values as exact text, selected after `select`; the total count, when asked
 * for, rides in the same statement (uncorrelated: PostgreSQL runs it once) after them.
 */
export function pageSql(args: Args, select: string, params: SqlParams, tenant: string, withTotal: boolean): PageSql {
  const [first, last, after, before] = [args.first, args.last, args.after, args.before].map(concrete) as Array<number | string | null | undefined>;
  if (first != null && last != null) throw badInput('Pass either first or last, not both', ['last']);
  const backward = last != null;
  const size = pageSize(backward ? last : first, DEFAULT_PAGE_SIZE, backward ? 'last' : 'first');
  const keys = invoiceSortKeys(concrete(args.orderBy) as never, 'i');
  const visible = ['i.tenant_id = ' + tenant, ...invoiceWhere(args, params, 'i')].join(' AND ');
  const parts = [visible];
  if (after != null) parts.push(keysetPredicate(keys, decodeCursor(after as string, keys, ['after']), params, 'after'));
  if (before != null) parts.push(keysetPredicate(keys, decodeCursor(before as string, keys, ['before']), params, 'before'));
  const cursors = keys.map((k, n) => `, ${k.expr}::text AS "__k${n}"`).join('');
  const total = withTotal ? `, (SELECT count(*)::int FROM invoice i WHERE ${visible}) AS "__total"` : '';
  const text = `SELECT ${select}${cursors}${total} FROM invoice i WHERE ${parts.join(' AND ')} ORDER BY ${orderBySql(keys, backward)} LIMIT ${params.add(size + 1)}`;
  return { text, keys, size, backward };
}

/** The invoices matching `where` (an empty page's totalCount). */
export function countSql(args: Args, params: SqlParams): string {
  return `SELECT count(*)::int FROM invoice i WHERE ${['i.tenant_id = ' + params.add(Binding.TENANT), ...invoiceWhere(args, params, 'i')].join(' AND ')}`;
}

/** A fetched page, as the connection's fields read it. */
export interface Page<R> {
  rows: R[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/** Trims the extra row and flips a backward page. */
export function pageOf<R>(rows: R[], sql: PageSql, args: Args): Page<R> {
  const more = rows.length > sql.size;
  if (more) rows.length = sql.size;
  if (sql.backward) rows.reverse();
  return sql.backward ? { rows, hasPreviousPage: more, hasNextPage: args.before != null } : { rows, hasNextPage: more, hasPreviousPage: args.after != null };
}

// ---- Planned roots: the statement and how its rows become the field's JSON ----------------

export interface PlannedRoot extends Statement {
  values: unknown[];
  /** The field's JSON; `query` runs another statement (an empty page's count). */
  answer(rows: RawRow[], run: Run, query: (statement: Statement) => Promise<RawRow[]>): string | Promise<string>;
}

export function planRoot(root: Root, field: GraphQLField<unknown, unknown>, nodes: readonly FieldNode[], p: Planning): PlannedRoot {
  const args = getArgumentValues(field, nodes[0], p.argumentVariables);
  const tenant = p.tenant;
  const object = getNamedType(field.type) as GraphQLObjectType;
  if (root.kind === 'page') return planPage(object, nodes, args, p, tenant);
  const columns = new Columns();
  columns.add(`${root.alias}.id`);
  const write = rowWriter(valuesOf(object, nodes, root.alias, p), columns);
  const text = rootSql(root, args, columns.sql.join(', '), p.params, tenant);
  return {
    text,
    values: p.params.values,
    answer: root.kind === 'list'
      ? (rows, run) => `[${rows.map((row) => write(row, run)).join(',')}]`
      : (rows, run) => (rows.length ? write(rows[0], run) : 'null'),
  };
}

type PagePart = (page: Page<RawRow>, run: Run, total: number) => string;

function planPage(connection: GraphQLObjectType, nodes: readonly FieldNode[], args: Args, p: Planning, tenant: string): PlannedRoot {
  const columns = new Columns();
  columns.add('i.id');
  const cursorAt: number[] = [];
  let keys: SortKey[] = [];
  const cursor = (row: RawRow) => cursorOf(cursorAt.map((n) => row[n]), keys);
  const typeOf = (name: string) => p.schema.getType(name) as GraphQLObjectType;
  const objectOf = (type: GraphQLObjectType, fieldNodes: readonly FieldNode[], part: (name: string, fieldNodes: readonly FieldNode[]) => PagePart): PagePart => {
    const fields = collectFields(type, subSelections(fieldNodes), p.fragments, p.variables);
    if (!fields) throw new Declined('selection');
    const parts = [...fields].map(([key, fns]): [string, PagePart] => {
      const name = fns[0].name.value;
      return [key, name === '__typename' ? () => JSON.stringify(type.name) : part(name, fns)];
    });
    return (page, run, total) => jsonObject(parts.map(([key, write]) => [key, write(page, run, total)]));
  };
  let withTotal = false;
  const whole = objectOf(connection, nodes, (name, fns) => {
    if (name === 'totalCount') {
      withTotal = true;
      return (_page, _run, total) => String(total);
    }
    if (name === 'nodes') {
      const write = rowWriter(valuesOf(typeOf('Invoice'), fns, 'i', p), columns);
      return (page, run) => `[${page.rows.map((row) => write(row, run)).join(',')}]`;
    }
    if (name === 'pageInfo') {
      return objectOf(typeOf('PageInfo'), fns, (info) => (page) => {
        if (info === 'hasNextPage') return String(page.hasNextPage);
        if (info === 'hasPreviousPage') return String(page.hasPreviousPage);
        const row = info === 'startCursor' ? page.rows[0] : page.rows[page.rows.length - 1];
        return row ? JSON.stringify(cursor(row)) : 'null';
      });
    }
    // edges: one object per row, written from that row alone.
    const edge = objectOf(typeOf('InvoiceEdge'), fns, (part, partNodes) => {
      if (part === 'cursor') return (page) => JSON.stringify(cursor(page.rows[0]));
      const write = rowWriter(valuesOf(typeOf('Invoice'), partNodes, 'i', p), columns);
      return (page, run) => write(page.rows[0], run);
    });
    return (page, run, total) => `[${page.rows.map((row) => edge({ ...page, rows: [row] }, run, total)).join(',')}]`;
  });
  const sql = pageSql(args, columns.sql.join(', '), p.params, tenant, withTotal);
  keys = sql.keys;
  keys.forEach((_, n) => cursorAt.push(columns.sql.length + n));
  const totalAt = columns.sql.length + keys.length;
  const countParams = new SqlParams();
  const count: Statement = { text: withTotal ? countSql(args, countParams) : '', values: countParams.values };
  return {
    text: sql.text,
    values: p.params.values,
    async answer(rows, run, query) {
      let total = 0;
      // An empty page carries no count: only then does totalCount cost a statement of its own.
      if (withTotal) total = rows.length ? Number(rows[0][totalAt]) : Number((await query(count))[0][0]);
      return whole(pageOf(rows, sql, args), run, total);
    },
  };
}
