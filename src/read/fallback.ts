import DataLoader from 'dataloader';
import { poolOf } from '../common/pools';
import { bind, SqlParams } from '../common/sql-params';
import { cursorOf } from '../filters/keyset';
import { loader, requirePrincipal, RequestContext } from '../schema/request-context';
import { INVOICE } from './invoice.read';
import type { ReadContext } from './read-context';
import { ReadDatabase } from './read-database';
import { columnOf, ReadType, readTypeOf, rowSelect, Source } from './registry';
import { countSql, pageOf, pageSql, Root, rootSql } from './roots';
import { inputSql, listRelationSql } from './select';

type Row = Record<string, unknown>;
type Args = Record<string, unknown>;

/**
 * The fallback: what the type-graphql resolvers of the read types do when the planner declines
 * a request (mutation payloads, bulk results, documents it does not plan). Root rows are whole
 * entity rows (every column, as the entity's properties) read by the roots' own statements;
 * relations load through per-request DataLoaders made from the registry, one statement per
 * relation however many parents; computed fields run the registry's function on the row.
 */
export function readContextOf(ctx: RequestContext): ReadContext {
  return { tenantId: requirePrincipal(ctx).tenantId, db: ReadDatabase.of(poolOf(ctx.deps.dataSource)), deps: ctx.deps };
}

/** Runs a statement built with the tenant as a binding. */
const query = (read: ReadContext, text: string, params: SqlParams) => read.db.rows<Row>({ text, values: bind(params.values, {}, read.tenantId) });

/** Root rows of a list or single-row root field. */
export function rootRows(ctx: RequestContext, root: Root, args: Args): Promise<Row[]> {
  const read = readContextOf(ctx);
  const params = new SqlParams();
  return query(read, rootSql(root, args, rowSelect(root.type, root.alias), params, params.add(read.tenantId)), params);
}

/** The `invoices` connection: rows, edges with cursors, page info, and `count` for totalCount (run only when selected). */
export async function rootPage(ctx: RequestContext, args: Args) {
  const read = readContextOf(ctx);
  const params = new SqlParams();
  const sql = pageSql(args, rowSelect(INVOICE, 'i'), params, params.add(read.tenantId), false);
  const page = pageOf(await query(read, sql.text, params), sql, args);
  const cursor = (row: Row) => cursorOf(sql.keys.map((_, n) => row[`__k${n}`] as string | null), sql.keys);
  const [first, last] = [page.rows[0], page.rows[page.rows.length - 1]];
  return {
    nodes: page.rows,
    edges: page.rows.map((row) => ({ cursor: cursor(row), node: row })),
    pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: page.hasPreviousPage, startCursor: first ? cursor(first) : null, endCursor: last ? cursor(last) : null },
    totalCount: 0,
    async count(): Promise<number> {
      const countParams = new SqlParams();
      const [row] = await query(read, countSql(args, countParams), countParams);
      return row.count as number;
    },
  };
}

/** A row of the type by id, batched per request (bulk results' invoices). */
export function rowById(ctx: RequestContext, type: ReadType, id: string): Promise<Row | null> {
  const load = loader(ctx, `${type.name}.byId`, () => new DataLoader<string, Row | null>(async (ids) => {
    const read = readContextOf(ctx);
    const params = new SqlParams();
    const text = `SELECT ${rowSelect(type, 'r')} FROM ${type.table} r WHERE r.tenant_id = ${params.add(read.tenantId)} AND r.id = ANY(${params.add(ids)}::uuid[])`;
    const found = byKey(await query(read, text, params), 'id');
    return ids.map((k) => found.get(k)?.[0] ?? null);
  }, { maxBatchSize: 10_000 }));
  return load.load(id);
}

const byKey = (rows: Row[], key: string) => {
  const grouped = new Map<unknown, Row[]>();
  for (const row of rows) {
    const list = grouped.get(row[key]);
    if (list) list.push(row);
    else grouped.set(row[key], [row]);
  }
  return grouped;
};

/**
 * A relation's rows for a parent row: one statement per relation and request (`= ANY($2)`), in
 * the registry's order; a list relation (Customer.invoices) applies its arguments per parent
 * (a LATERAL subquery), one loader per distinct arguments.
 */
export function related(ctx: RequestContext, type: ReadType, field: string, parent: Row, args: Args = {}): Promise<unknown> | unknown {
  const source = type.fields[field] as Extract<Source, { kind: 'relation' }>;
  const key = parent[source.from];
  if (key == null) return source.many ? [] : null;
  const name = `${type.name}.${field}${source.list ? JSON.stringify(args) : ''}`;
  const load = loader(ctx, name, () => new DataLoader<string, unknown>(async (keys) => {
    const read = readContextOf(ctx);
    const target = readTypeOf(source.target());
    const to = columnOf(target, source.to).column;
    const params = new SqlParams();
    const tenant = params.add(read.tenantId);
    let text: string;
    if (source.list) {
      const list = listRelationSql(target, args, 'i', `i.tenant_id = ${tenant} AND i.${to} = k.key`, source.list.defaultLimit, params);
      text = `SELECT ${rowSelect(target, 'x')} FROM unnest(${params.add(keys)}::uuid[]) AS k(key) CROSS JOIN LATERAL (${list.sql}) x`;
    } else {
      const order = source.order.map((p) => `r.${columnOf(target, p).column}`).join(', ');
      text = `SELECT ${rowSelect(target, 'r')} FROM ${target.table} r WHERE r.tenant_id = ${tenant} AND r.${to} = ANY(${params.add(keys)}::uuid[])${order ? ` ORDER BY ${order}` : ''}`;
    }
    const grouped = byKey(await query(read, text, params), source.to);
    return keys.map((k) => (source.many ? grouped.get(k) ?? [] : grouped.get(k)?.[0] ?? null));
  }, { maxBatchSize: 1000 }));
  return load.load(key as string);
}

/**
 * A computed field's value for a row: its inputs from the row's properties when they are all
 * columns, else from the database by id (one statement per field and request), as raw text
 * parsed the way the planner parses them.
 */
export async function computedValue(ctx: RequestContext, type: ReadType, field: string, row: Row, args: Args = {}): Promise<unknown> {
  const source = type.fields[field] as Extract<Source, { kind: 'computed' }>;
  const read = readContextOf(ctx);
  await source.prepare?.(read);
  let values: unknown[];
  if (source.inputs.every((i) => typeof i === 'string')) {
    values = source.inputs.map((i) => row[i as string]);
  } else {
    const inputs = source.inputs.map((i) => inputSql(type, i, 'r'));
    const load = loader(ctx, `${type.name}.${field}:inputs`, () => new DataLoader<string, unknown[] | null>(async (ids) => {
      const params = new SqlParams();
      const text = `SELECT r.id::text, ${inputs.map((i) => i.sql).join(', ')} FROM ${type.table} r WHERE r.tenant_id = ${params.add(read.tenantId)} AND r.id = ANY(${params.add(ids)}::uuid[])`;
      const found = new Map((await read.db.raw({ text, values: params.values })).map(([id, ...texts]) => [id, inputs.map((i, n) => i.parse(texts[n]))]));
      return ids.map((id) => found.get(id) ?? null);
    }));
    const loaded = await load.load(row.id as string);
    if (!loaded) return []; // the row is gone (a list-valued field: availableActions)
    values = loaded;
  }
  return source.compute(values, read, args);
}
