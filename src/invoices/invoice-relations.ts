/**
 * Where each relation of the invoice graph is read from, once for the two SQL read paths that
 * nest relations inside the parent's statement: the prefetch columns of the resolver path
 * (invoice-nested-prefetch.ts) and the responses PostgreSQL renders whole (src/sql-rendering).
 * The orders are the DataLoaders' (invoice-loaders.ts, payment.loaders.ts, lifecycle.loaders.ts),
 * so a relation lists its rows alike whichever way it was read.
 */
export interface RelationSource {
  readonly table: string;
  /** Join condition of a related row (alias `child`) to its parent row (alias `parent`), tenant aside. */
  on(child: string, parent: string): string;
  /** List order of related rows; absent for a to-one relation. */
  orderBy?(child: string): string;
}

const list = (table: string, parentKey: string, childKey: string, order: string[]): RelationSource => ({
  table,
  on: (c, p) => `${c}.${childKey} = ${p}.${parentKey}`,
  orderBy: (c) => order.map((col) => `${c}.${col}`).join(', '),
});

export const RELATION_SOURCES = {
  'Invoice.customer': { table: 'customer', on: (c, p) => `${c}.id = ${p}.customer_id` },
  'Invoice.billToContact': { table: 'contact', on: (c, p) => `${c}.id = ${p}.bill_to_contact_id` },
  'Invoice.lineItems': list('invoice_line_item', 'id', 'invoice_id', ['line_number']),
  'Invoice.payments': list('payment', 'id', 'invoice_id', ['created_date', 'id']),
  'Invoice.comments': list('invoice_comment', 'id', 'invoice_id', ['create_time', 'id']),
  'Invoice.history': list('invoice_history', 'id', 'invoice_id', ['created_at', 'id']),
  'Payment.refunds': list('refund', 'id', 'payment_id', ['created_date', 'id']),
} satisfies Record<string, RelationSource>;

/**
 * A correlated subquery giving the related rows of `parent` as JSON: the object `object` (SQL
 * over alias `child`) for a to-one relation, a JSON array in list order (`[]` when none) otherwise.
 * Related rows always share the parent's tenant.
 */
export function relationJsonSql(source: RelationSource, parent: string, child: string, object: string): string {
  const where = `${child}.tenant_id = ${parent}.tenant_id AND ${source.on(child, parent)}`;
  if (!source.orderBy) return `(SELECT ${object} FROM ${source.table} ${child} WHERE ${where})`;
  return `(SELECT coalesce(json_agg(${object} ORDER BY ${source.orderBy(child)}), '[]'::json) FROM ${source.table} ${child} WHERE ${where})`;
}
