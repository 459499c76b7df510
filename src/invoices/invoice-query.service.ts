import type { DataSource } from 'typeorm';
import { badInput } from '../common/errors';
import { SqlParams } from '../db/sql-params';
import { compileInvoiceWhere, mentionsIsActive } from '../filters/compile-invoice-where';
import type { InvoiceWhereInput } from '../filters/invoice-where.input';
import { invoiceSortKeys, orderBySql } from '../filters/invoice-order-by';
import type { InvoiceOrderByInput, SortKey } from '../filters/invoice-order-by';
import { cursorSelectSql, decodeCursor, encodeCursor, keysetPredicate } from '../filters/keyset';
import { assertUuid, BuiltQuery, DEFAULT_PAGE_SIZE, invoiceSelectList, InvoiceRow, MAX_PAGE_SIZE, readInstances, readRows } from './invoice-row';
import { Invoice } from './invoice.entity';

export interface InvoiceListArgs {
  where?: InvoiceWhereInput | null;
  orderBy?: InvoiceOrderByInput[] | null;
  limit?: number | null;
  offset?: number | null;
}

export interface InvoiceConnectionArgs {
  where?: InvoiceWhereInput | null;
  orderBy?: InvoiceOrderByInput[] | null;
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** What a read adds to the invoice columns: nested JSON columns, and the page's total count. */
export interface ReadExtras {
  /** `, (subquery) AS "__nested_x", ...` from invoice-nested-prefetch.ts, correlated to `i`. */
  nestedSql?: string;
  /** Count every match in the same statement (an InitPlan, run once), as `__total`. */
  withTotalCount?: boolean;
}

export interface InvoicePage {
  rows: InvoiceRow[];
  /** The total count when asked for with `withTotalCount` and the page has a row to carry it. */
  totalCount: number | null;
  keys: SortKey[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

function pageSize(value: number | null | undefined, fallback: number, name: string): number {
  const size = value ?? fallback;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw badInput(`${name} must be between 0 and ${MAX_PAGE_SIZE}, got ${size}`, [name]);
  }
  return size;
}

/**
 * The visible invoices of a tenant matching `where`: the tenant predicate first (every index
 * starts with tenant_id), soft-deleted rows hidden unless the filter asks about isActive.
 */
function visibleWhere(tenantId: string, where: InvoiceWhereInput | null | undefined, params: SqlParams): string {
  const parts = [`i.tenant_id = ${params.add(tenantId)}`];
  if (!mentionsIsActive(where)) parts.push('i.is_active');
  const filter = compileInvoiceWhere(where, params, 'i', ['where']);
  if (filter && filter !== 'TRUE') parts.push(`(${filter})`);
  return parts.join(' AND ');
}

/**
 * SQL for the invoice read side. The builders are pure (the EXPLAIN test runs exactly what they
 * build); each query is one statement whatever the page size. Nested relations a root query
 * selects ride in that statement as JSON columns (invoice-nested-prefetch.ts); others load
 * through the DataLoaders of invoice-loaders.ts, one statement per relation.
 */
export class InvoiceQueryService {
  constructor(private readonly dataSource: DataSource) {}

  /** `invoice(where, orderBy, limit, offset)`: one statement selecting only `props` (+ nested JSON columns). */
  buildListQuery(tenantId: string, args: InvoiceListArgs, props: readonly string[], nestedSql = ''): BuiltQuery {
    const limit = pageSize(args.limit, DEFAULT_PAGE_SIZE, 'limit');
    const offset = args.offset ?? 0;
    if (!Number.isInteger(offset) || offset < 0) throw badInput(`offset must be 0 or more, got ${offset}`, ['offset']);
    const params = new SqlParams();
    const where = visibleWhere(tenantId, args.where, params);
    const keys = invoiceSortKeys(args.orderBy, 'i');
    const text = `SELECT ${invoiceSelectList(props)}${nestedSql} FROM invoice i WHERE ${where} ORDER BY ${orderBySql(keys)}`
      + ` LIMIT ${params.add(limit)} OFFSET ${params.add(offset)}`;
    return { text, values: params.values };
  }

  async list(tenantId: string, args: InvoiceListArgs, props: readonly string[], nestedSql = ''): Promise<InvoiceRow[]> {
    return readInstances(this.dataSource, this.buildListQuery(tenantId, args, props, nestedSql), Invoice) as Promise<InvoiceRow[]>;
  }

  /**
   * One keyset page: `first`/`after` reads forward; `last`/`before` reads the reversed order
   * and flips the rows back. One extra row tells whether another page follows.
   */
  buildPageQuery(tenantId: string, args: InvoiceConnectionArgs, props: readonly string[], extras: ReadExtras = {}): BuiltQuery & { keys: SortKey[]; size: number; backward: boolean } {
    if (args.first != null && args.last != null) throw badInput('Pass either first or last, not both', ['last']);
    const backward = args.last != null;
    const size = backward ? pageSize(args.last, DEFAULT_PAGE_SIZE, 'last') : pageSize(args.first, DEFAULT_PAGE_SIZE, 'first');
    const keys = invoiceSortKeys(args.orderBy, 'i');
    const params = new SqlParams();
    const visible = visibleWhere(tenantId, args.where, params);
    const parts = [visible];
    if (args.after != null) parts.push(keysetPredicate(keys, decodeCursor(args.after, keys, ['after']), params, 'after'));
    if (args.before != null) parts.push(keysetPredicate(keys, decodeCursor(args.before, keys, ['before']), params, 'before'));
    // Cursors are built from the sort values as exact text (`__k0`, ...), next to the asked columns.
    // The count reuses the filter's parameters; uncorrelated, PostgreSQL runs it once.
    const total = extras.withTotalCount ? `, (SELECT count(*)::int FROM invoice i WHERE ${visible}) AS "__total"` : '';
    const text = `SELECT ${invoiceSelectList(props)}, ${cursorSelectSql(keys)}${extras.nestedSql ?? ''}${total}`
      + ` FROM invoice i WHERE ${parts.join(' AND ')}`
      + ` ORDER BY ${orderBySql(keys, backward)} LIMIT ${params.add(size + 1)}`;
    return { text, values: params.values, keys, size, backward };
  }

  async page(tenantId: string, args: InvoiceConnectionArgs, props: readonly string[], extras: ReadExtras = {}): Promise<InvoicePage> {
    const query = this.buildPageQuery(tenantId, args, props, extras);
    const rows = (await readInstances(this.dataSource, query, Invoice)) as InvoiceRow[];
    const totalCount = extras.withTotalCount && rows.length ? ((rows[0] as { __total?: number }).__total ?? null) : null;
    const more = rows.length > query.size;
    if (more) rows.length = query.size;
    if (query.backward) rows.reverse();
    return query.backward
      ? { rows, totalCount, keys: query.keys, hasPreviousPage: more, hasNextPage: args.before != null }
      : { rows, totalCount, keys: query.keys, hasNextPage: more, hasPreviousPage: args.after != null };
  }

  cursorOf(keys: SortKey[], row: InvoiceRow): string {
    return encodeCursor(row as unknown as Record<string, unknown>, keys);
  }

  buildCountQuery(tenantId: string, where: InvoiceWhereInput | null | undefined): BuiltQuery {
    const params = new SqlParams();
    return { text: `SELECT count(*)::int AS n FROM invoice i WHERE ${visibleWhere(tenantId, where, params)}`, values: params.values };
  }

  async count(tenantId: string, where: InvoiceWhereInput | null | undefined): Promise<number> {
    const [row] = await readRows<{ n: number }>(this.dataSource, this.buildCountQuery(tenantId, where));
    return row.n;
  }

  /**
   * `Customer.invoices` for many customers in one statement: a LATERAL subquery per customer
   * applies `where`, the order and the per-customer limit, served by (tenant_id, customer_id, ...).
   */
  buildByCustomersQuery(tenantId: string, customerIds: readonly string[], args: InvoiceListArgs, props: readonly string[]): BuiltQuery {
    const limit = pageSize(args.limit, DEFAULT_PAGE_SIZE, 'limit');
    const params = new SqlParams();
    const where = visibleWhere(tenantId, args.where, params);
    const ids = params.add(customerIds);
    const keys = invoiceSortKeys(args.orderBy, 'i');
    const text = `SELECT x.* FROM unnest(${ids}::uuid[]) AS c(customer_id) CROSS JOIN LATERAL (`
      + `SELECT ${invoiceSelectList([...new Set([...props, 'customerId'])])} FROM invoice i`
      + ` WHERE ${where} AND i.customer_id = c.customer_id ORDER BY ${orderBySql(keys)} LIMIT ${params.add(limit)}) x`;
    return { text, values: params.values };
  }

  async byCustomers(tenantId: string, customerIds: readonly string[], args: InvoiceListArgs, props: readonly string[]): Promise<Map<string, InvoiceRow[]>> {
    const rows = (await readInstances(this.dataSource, this.buildByCustomersQuery(tenantId, customerIds, args, props), Invoice)) as InvoiceRow[];
    const grouped = new Map<string, InvoiceRow[]>();
    for (const row of rows) {
      const list = grouped.get(row.customerId!);
      if (list) list.push(row);
      else grouped.set(row.customerId!, [row]);
    }
    return grouped;
  }

  /** One invoice of the tenant (soft-deleted ones too: asked for by id), or null. */
  buildByIdQuery(tenantId: string, id: string, props: readonly string[], nestedSql = ''): BuiltQuery {
    assertUuid(id, ['id']);
    return { text: `SELECT ${invoiceSelectList(props)}${nestedSql} FROM invoice i WHERE i.tenant_id = $1 AND i.id = $2`, values: [tenantId, id] };
  }

  async byId(tenantId: string, id: string, props: readonly string[], nestedSql = ''): Promise<InvoiceRow | null> {
    const [row] = (await readInstances(this.dataSource, this.buildByIdQuery(tenantId, id, props, nestedSql), Invoice)) as InvoiceRow[];
    return row ?? null;
  }
}
