import DataLoader from 'dataloader';
import { loader, requirePrincipal } from '../http/context';
import type { RequestContext } from '../http/context';
import type { InvoiceComment } from '../invoices/invoice-comment.entity';
import type { InvoiceHistory } from '../invoices/invoice-history.entity';
import type { Invoice } from '../invoices/invoice.entity';
import { loadInvoiceRows } from '../invoices/commands/invoice-rows';
import { factsSql, InvoiceFacts } from './invoice-lifecycle';

/**
 * Per-request DataLoaders for the lifecycle fields of Invoice: each runs one statement for all
 * invoices of a response (`invoice_id = ANY($2)`), scoped to the caller's tenant.
 */

function groupBy<T extends { invoiceId: string }>(rows: T[], keys: readonly string[]): T[][] {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row.invoiceId);
    if (list) list.push(row);
    else map.set(row.invoiceId, [row]);
  }
  return keys.map((k) => map.get(k) ?? []);
}

export const historyLoader = (ctx: RequestContext) =>
  loader(ctx, 'lifecycle.history', () => {
    const { tenantId } = requirePrincipal(ctx);
    return new DataLoader<string, InvoiceHistory[]>(async (ids) => {
      const rows: InvoiceHistory[] = await ctx.deps.dataSource.query(
        `SELECT tenant_id AS "tenantId", id, invoice_id AS "invoiceId", action, from_status AS "fromStatus", to_status AS "toStatus",
           actor_id AS "actorId", created_at AS "createdAt", comment, changes
         FROM invoice_history WHERE tenant_id = $1 AND invoice_id = ANY($2::uuid[]) ORDER BY invoice_id, created_at, id`,
        [tenantId, ids],
      );
      return groupBy(rows, ids);
    });
  });

export const commentsLoader = (ctx: RequestContext) =>
  loader(ctx, 'lifecycle.comments', () => {
    const { tenantId } = requirePrincipal(ctx);
    return new DataLoader<string, InvoiceComment[]>(async (ids) => {
      const rows: InvoiceComment[] = await ctx.deps.dataSource.query(
        `SELECT tenant_id AS "tenantId", id, invoice_id AS "invoiceId", comment, create_time AS "createTime",
           author_id AS "authorId", author_name AS "authorName"
         FROM invoice_comment WHERE tenant_id = $1 AND invoice_id = ANY($2::uuid[]) ORDER BY invoice_id, create_time, id`,
        [tenantId, ids],
      );
      return groupBy(rows, ids);
    });
  });

/** The guard facts of many invoices (factsSql) in one statement. */
export const factsLoader = (ctx: RequestContext) =>
  loader(ctx, 'lifecycle.facts', () => {
    const { tenantId } = requirePrincipal(ctx);
    return new DataLoader<string, InvoiceFacts | null>(async (ids) => {
      const rows: Array<InvoiceFacts & { id: string }> = await ctx.deps.dataSource.query(
        `SELECT i.id, ${factsSql('i')} FROM invoice i WHERE i.tenant_id = $1 AND i.id = ANY($2::uuid[])`,
        [tenantId, ids],
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  });

/** Whole invoices by id (bulk results' `invoice`), entity-shaped raw rows. */
export const invoiceByIdLoader = (ctx: RequestContext) =>
  loader(ctx, 'lifecycle.invoiceById', () => {
    const { tenantId } = requirePrincipal(ctx);
    return new DataLoader<string, Invoice | null>(async (ids) => {
      const rows = await loadInvoiceRows(ctx.deps.dataSource, ctx.deps.dataSource, tenantId, ids);
      return ids.map((id) => rows.get(id) ?? null);
    }, { maxBatchSize: 10_000 });
  });
