import { AppError } from '../common/errors';
import { SqlParams } from '../common/sql-params';
import { compileInvoiceWhere, isEmptyWhere, mentionsIsActive } from '../read/where';
import type { InvoiceWhereInput } from '../read/where-inputs';
import { BulkSelectionFields } from './bulk-selection.input';

/**
 * The SQL predicate (over `invoice i`) selecting a bulk mutation's invoices: the tenant, then the
 * ids and/or the filter (intersection). Refuses a selection that names nothing in particular
 * unless `all: true`, so an empty filter never touches every invoice by accident.
 */
export function selectionSql(tenantId: string, input: BulkSelectionFields, params: SqlParams): string {
  const parts = [`i.tenant_id = ${params.add(tenantId)}`];
  const hasIds = Array.isArray(input.invoiceIds);
  const where = input.where as InvoiceWhereInput | null | undefined;
  const whereSql = isEmptyWhere(where) ? null : compileInvoiceWhere(where, params, 'i', ['input', 'where']);
  if (!hasIds && !whereSql && input.all !== true) {
    throw new AppError(
      'BULK_SELECTION_REQUIRED',
      'Select invoices with invoiceIds or a non-empty where, or pass all: true to act on every invoice',
      { path: ['input'] },
    );
  }
  if (hasIds) parts.push(`i.id = ANY(${params.add(input.invoiceIds)}::uuid[])`);
  if (whereSql) parts.push(`(${whereSql})`);
  // Like the invoices query, a filter (or `all`) skips soft-deleted invoices unless it names isActive; explicit ids do not.
  if (!hasIds && !mentionsIsActive(where)) parts.push('i.is_active');
  return parts.join(' AND ');
}
