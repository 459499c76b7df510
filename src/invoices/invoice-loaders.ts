import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Contact } from '../customers/contact.entity';
import type { Customer } from '../customers/customer.entity';
import { CustomerQueryService } from '../customers/customer-query.service';
import { loader, requirePrincipal } from '../http/context';
import type { RequestContext } from '../http/context';
import type { InvoiceLineItem } from './invoice-line-item.entity';
import { readRows } from './invoice-row';

/**
 * Per-request DataLoaders of the invoice read side: every nested relation of a page loads in
 * one statement (`= ANY($2)`), scoped to the caller's tenant, answers in key order.
 */

function byId<T extends { id: string }>(rows: T[], keys: readonly string[]): Array<T | null> {
  const found = new Map(rows.map((r) => [r.id, r]));
  return keys.map((k) => found.get(k) ?? null);
}

/** Line items of many invoices in one statement, grouped by invoice id in line order. */
export async function lineItemsOf(dataSource: DataSource, tenantId: string, invoiceIds: readonly string[]): Promise<Map<string, InvoiceLineItem[]>> {
  const rows = await readRows<InvoiceLineItem>(dataSource, {
    name: 'read.lineItemsOf',
    text: `SELECT tenant_id AS "tenantId", id, invoice_id AS "invoiceId", line_number AS "lineNumber",
        product_code AS "productCode", description, quantity, unit_price AS "unitPrice",
        discount_amount AS "discountAmount", tax_amount AS "taxAmount", amount,
        start_date AS "startDate", end_date AS "endDate"
      FROM invoice_line_item WHERE tenant_id = $1 AND invoice_id = ANY($2::uuid[])
      ORDER BY invoice_id, line_number`,
    values: [tenantId, invoiceIds],
  });
  const byInvoice = new Map<string, InvoiceLineItem[]>();
  for (const row of rows) {
    const list = byInvoice.get(row.invoiceId);
    if (list) list.push(row);
    else byInvoice.set(row.invoiceId, [row]);
  }
  return byInvoice;
}

// The cache is per request anyway; the keys are the ids themselves.
const options = { maxBatchSize: 1000 };

export function customerLoader(ctx: RequestContext): DataLoader<string, Customer | null> {
  return loader(ctx, 'invoice.customer', () => {
    const { tenantId } = requirePrincipal(ctx);
    const service = new CustomerQueryService(ctx.deps.dataSource);
    return new DataLoader<string, Customer | null>(async (ids) => byId(await service.byIds(tenantId, ids), ids), options);
  });
}

export function contactLoader(ctx: RequestContext): DataLoader<string, Contact | null> {
  return loader(ctx, 'invoice.billToContact', () => {
    const { tenantId } = requirePrincipal(ctx);
    const service = new CustomerQueryService(ctx.deps.dataSource);
    return new DataLoader<string, Contact | null>(async (ids) => byId(await service.contactsByIds(tenantId, ids), ids), options);
  });
}

export function lineItemsLoader(ctx: RequestContext): DataLoader<string, InvoiceLineItem[]> {
  return loader(ctx, 'invoice.lineItems', () => {
    const { tenantId } = requirePrincipal(ctx);
    return new DataLoader<string, InvoiceLineItem[]>(async (invoiceIds) => {
      const grouped = await lineItemsOf(ctx.deps.dataSource, tenantId, invoiceIds);
      return invoiceIds.map((id) => grouped.get(id) ?? []);
    }, options);
  });
}

export function customerContactsLoader(ctx: RequestContext): DataLoader<string, Contact[]> {
  return loader(ctx, 'customer.contacts', () => {
    const { tenantId } = requirePrincipal(ctx);
    const service = new CustomerQueryService(ctx.deps.dataSource);
    return new DataLoader<string, Contact[]>(async (customerIds) => {
      const grouped = new Map<string, Contact[]>();
      for (const c of await service.contactsOfCustomers(tenantId, customerIds)) {
        const list = grouped.get(c.customerId);
        if (list) list.push(c);
        else grouped.set(c.customerId, [c]);
      }
      return customerIds.map((id) => grouped.get(id) ?? []);
    }, options);
  });
}
