import { FieldNode, FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import type { Pool, QueryConfig, QueryResult } from 'pg';
import { DataSource, getMetadataArgsStorage } from 'typeorm';
import { preparedRead } from '../db/prepared-reads';
import { badInput } from '../common/errors';
import { isUuid } from '../common/uuid';
import { Invoice } from './invoice.entity';

/** Page sizes of the invoice queries: default and documented maximum. */
export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 500;

export interface BuiltQuery {
  text: string;
  values: unknown[];
  /**
   * Prepared-statement name, only for fixed SQL texts (the loaders). Other texts are prepared
   * under generated names, a bounded number per connection (src/db/prepared-reads.ts).
   */
  name?: string;
}

const poolOf = (dataSource: DataSource) => (dataSource.driver as unknown as { master: Pool }).master;

function run(dataSource: DataSource, query: BuiltQuery, rowMode?: 'array'): Promise<QueryResult> {
  const pool = poolOf(dataSource);
  return query.name ? pool.query({ ...query, rowMode } as QueryConfig) : preparedRead(pool, { text: query.text, values: query.values, rowMode });
}

/**
 * Runs a read statement on the pg pool directly: the hot read path skips TypeORM's query
 * runner and entity hydration; columns aliased to property names come back object-shaped.
 */
export async function readRows<T>(dataSource: DataSource, query: BuiltQuery): Promise<T[]> {
  return (await run(dataSource, query)).rows as T[];
}

/** Rows as arrays of column values, in select-list order. */
export async function readArrays(dataSource: DataSource, query: BuiltQuery): Promise<unknown[][]> {
  return (await run(dataSource, query, 'array')).rows as unknown[][];
}

/**
 * Like readRows, but each row is an instance of `type` (an ObjectType class) filled from the
 * array form of the row. type-graphql converts a plain parent object into its class before
 * every field resolver of that type; an instance is passed through as is.
 */
export async function readInstances<T>(dataSource: DataSource, query: BuiltQuery, type: new () => T): Promise<T[]> {
  const result = await run(dataSource, query, 'array');
  const names = result.fields.map((f) => f.name);
  const out = new Array<T>(result.rows.length);
  for (let r = 0; r < result.rows.length; r++) {
    const values = result.rows[r] as unknown[];
    const row = new type() as Record<string, unknown>;
    for (let c = 0; c < names.length; c++) row[names[c]] = values[c];
    out[r] = row as T;
  }
  return out;
}

export function assertUuid(value: string, path: ReadonlyArray<string | number>): void {
  if (!isUuid(value)) throw badInput(`Expected a UUID, got ${JSON.stringify(value)}`, path);
}

/**
 * Raw invoice rows for the hot read path. Columns are selected with their camelCase property
 * names as aliases (`i.invoice_number AS "invoiceNumber"`), so a pg row already has the shape
 * of the `Invoice` object type: money/numeric arrive as exact strings, dates as 'YYYY-MM-DD'
 * (src/db/pg-types.ts), timestamps as Date, jsonb parsed. No mapping and no entity hydration.
 */
export type InvoiceRow = Partial<Invoice> & { id: string; tenantId: string };

/** Invoice property -> column, read from the entity's TypeORM metadata so it cannot drift. */
export const INVOICE_COLUMNS: ReadonlyMap<string, string> = new Map(
  getMetadataArgsStorage()
    .columns.filter((c) => c.target === Invoice)
    .map((c) => [c.propertyName, (c.options.name as string | undefined) ?? c.propertyName]),
);

const ALL_PROPS = [...INVOICE_COLUMNS.keys()];

/** Columns every row carries whatever is selected: identity, and what tenant scoping needs. */
const ALWAYS = ['id', 'tenantId'];

/**
 * Invoice fields that are not columns (field resolvers) -> the properties they read from the
 * parent row. Fields missing here and not columns (another helper's new field resolver) make the
 * query select every column, which is always correct, only slower: declare them to keep it lean.
 */
const FIELD_NEEDS = new Map<string, readonly string[]>([
  ['name', ['invoiceNumber']],
  ['customer', ['customerId']],
  ['billToContact', ['billToContactId']],
  ['lineItems', []],
  ['payments', []],
  ['comments', []],
  ['history', []],
  ['availableActions', []],
  ['invoicePdf', []],
  ['__typename', []],
]);

/** Lets a field resolver outside this folder say which row properties it reads. */
export function declareInvoiceFieldNeeds(field: string, props: readonly string[]): void {
  for (const p of props) if (!INVOICE_COLUMNS.has(p)) throw new Error(`declareInvoiceFieldNeeds(${field}): ${p} is not an Invoice column`);
  FIELD_NEEDS.set(field, props);
}

/** Row properties needed to answer the given Invoice fields (plus `extra`, e.g. order keys). */
export function invoicePropsFor(fields: Iterable<string>, extra: Iterable<string> = []): string[] {
  const props = new Set<string>(ALWAYS);
  for (const field of fields) {
    if (INVOICE_COLUMNS.has(field)) props.add(field);
    else {
      const needs = FIELD_NEEDS.get(field);
      if (!needs) return ALL_PROPS;
      for (const p of needs) props.add(p);
    }
  }
  for (const p of extra) props.add(p);
  return [...props];
}

/** `alias.col AS "prop", ...` for the given properties. */
export function invoiceSelectList(props: readonly string[], alias = 'i'): string {
  return props.map((p) => {
    const column = INVOICE_COLUMNS.get(p);
    if (!column) throw new Error(`Unknown invoice property ${p}`);
    return `${alias}.${column} AS "${p}"`;
  }).join(', ');
}

// ---- What the client selected -------------------------------------------------------------

/**
 * Names of the fields selected under `path` of the current field (e.g. [] for `invoice { ... }`,
 * ['edges', 'node'] or ['nodes'] for a connection), through fragments. Fields under @skip or
 * @include count as selected (a superset is always safe), so the answer depends only on the
 * document and is cached per parsed field node (Apollo reuses parsed documents).
 */
export function selectedFields(info: GraphQLResolveInfo, paths: ReadonlyArray<readonly string[]>): Set<string> {
  return perDocument(info, `fields:${pathsKey(paths)}`, () => {
    const out = new Set<string>();
    for (const path of paths) {
      for (const fieldNode of info.fieldNodes) collect(fieldNode.selectionSet, path, 0, info.fragments, out);
    }
    return out;
  });
}

export const pathsKey = (paths: ReadonlyArray<readonly string[]>) => paths.map((p) => p.join('.')).join('|');

const documentCache = new WeakMap<FieldNode, Map<string, unknown>>();

/**
 * A value that depends only on the document (not on variables or data): computed once per
 * parsed field node and `key`, as Apollo reuses the parsed document of a query text. A field
 * merged from several nodes (a fragment's node may merge differently elsewhere) is not cached.
 */
export function perDocument<T>(info: GraphQLResolveInfo, key: string, compute: () => T): T {
  if (info.fieldNodes.length !== 1) return compute();
  const node = info.fieldNodes[0];
  const cached = documentCache.get(node)?.get(key);
  if (cached !== undefined) return cached as T;
  const value = compute();
  let perNode = documentCache.get(node);
  if (!perNode) documentCache.set(node, (perNode = new Map()));
  perNode.set(key, value);
  return value;
}

function collect(
  set: SelectionSetNode | undefined,
  path: readonly string[],
  depth: number,
  fragments: Record<string, FragmentDefinitionNode>,
  out: Set<string>,
): void {
  if (!set) return;
  for (const sel of set.selections) {
    if (sel.kind === 'Field') {
      const name = sel.name.value;
      if (depth === path.length) out.add(name);
      else if (name === path[depth]) collect(sel.selectionSet, path, depth + 1, fragments, out);
    } else if (sel.kind === 'InlineFragment') {
      collect(sel.selectionSet, path, depth, fragments, out);
    } else {
      const fragment = fragments[sel.name.value];
      if (fragment) collect(fragment.selectionSet, path, depth, fragments, out);
    }
  }
}
