import { DataSource, EntityManager } from 'typeorm';
import { invoiceNotFound } from '../../common/errors';
import { Invoice } from '../invoice.entity';

type Queryable = Pick<EntityManager, 'query'> | Pick<DataSource, 'query'>;

let selectList: string | undefined;

/**
 * `i.column AS "property"` for every Invoice column, built from the entity metadata, so that raw
 * rows come back entity-shaped (numeric as strings, dates as 'YYYY-MM-DD', jsonb parsed) without
 * TypeORM hydration: bulk results can hand back thousands of invoices cheaply.
 */
export function invoiceSelectList(ds: DataSource, alias = 'i'): string {
  selectList ??= ds
    .getMetadata(Invoice)
    .columns.map((c) => `${alias}.${c.databaseName} AS "${c.propertyName}"`)
    .join(', ');
  return alias === 'i' ? selectList : selectList.replace(/\bi\./g, `${alias}.`);
}

/** Invoices of the tenant by id, as entity-shaped rows keyed by id (missing ids are absent). */
export async function loadInvoiceRows(ds: DataSource, q: Queryable, tenantId: string, ids: readonly string[]): Promise<Map<string, Invoice>> {
  if (ids.length === 0) return new Map();
  const rows: Invoice[] = await q.query(
    `SELECT ${invoiceSelectList(ds)} FROM invoice i WHERE i.tenant_id = $1 AND i.id = ANY($2::uuid[])`,
    [tenantId, ids],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** One invoice of the tenant, or INVOICE_NOT_FOUND. */
export async function loadInvoiceRow(ds: DataSource, q: Queryable, tenantId: string, id: string): Promise<Invoice> {
  const found = (await loadInvoiceRows(ds, q, tenantId, [id])).get(id);
  if (!found) throw invoiceNotFound(id);
  return found;
}
