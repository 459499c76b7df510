import type { RequestContext } from '../http/context';
import { requirePrincipal } from '../http/context';
import { InvoiceQueryService } from '../invoices/invoice-query.service';
import type { BuiltQuery } from '../invoices/invoice-row';
import { Invoice } from '../invoices/invoice.entity';
import type { RenderedObject } from './render-plan';

/**
 * Root query fields PostgreSQL can answer whole: the root statement of the resolver path
 * (same filter, order, page and tenant scope, from InvoiceQueryService's builders) selecting
 * the rendered values. Arguments arrive coerced by graphql-js, and the checks the root-field
 * guards run (src/schema/root-field-guards.ts) have passed.
 */
export interface RootRenderer {
  /** The object type of the field (or of its list's items). */
  readonly type: Function;
  /** The statement; throws the resolvers' own error for bad arguments, before anything runs. */
  query(args: Record<string, unknown>, object: RenderedObject, ctx: RequestContext): BuiltQuery;
  /** The field's value from the statement's rendered objects, in order. */
  answer(objects: Record<string, unknown>[]): unknown;
}

/**
 * The root rows' values as columns after the builders' own (`id`): cheaper for PostgreSQL
 * than one JSON object per row, and pg hands each value over as JSON would (field-renderers.ts).
 * Built once per plan (the objects live as long as their cached plan).
 */
const columnsOf = new WeakMap<RenderedObject, string>();
function valueColumns(object: RenderedObject): string {
  let sql = columnsOf.get(object);
  if (sql === undefined) columnsOf.set(object, (sql = object.fields.map((f, n) => `, ${f.sql} AS "__v${n}"`).join('')));
  return sql;
}

/** The rendered objects of rows read as arrays (`id`, then the value columns). */
export function renderedObjects(rows: unknown[][], object: RenderedObject): Record<string, unknown>[] {
  const { fields } = object;
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (let n = 0; n < fields.length; n++) out[fields[n].key] = row[n + 1];
    return out;
  });
}

const service = (ctx: RequestContext) => new InvoiceQueryService(ctx.deps.dataSource);

export const ROOT_RENDERERS: ReadonlyMap<string, RootRenderer> = new Map<string, RootRenderer>([
  ['invoice', {
    type: Invoice,
    query: (args, object, ctx) => service(ctx).buildListQuery(requirePrincipal(ctx).tenantId, args, ['id'], valueColumns(object)),
    answer: (objects) => objects,
  }],
  ['invoiceById', {
    type: Invoice,
    query: (args, object, ctx) => service(ctx).buildByIdQuery(requirePrincipal(ctx).tenantId, args.id as string, ['id'], valueColumns(object)),
    answer: (objects) => objects[0] ?? null,
  }],
]);
