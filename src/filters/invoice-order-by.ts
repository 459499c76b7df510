import { Field, InputType, registerEnumType } from 'type-graphql';
import { badInput } from '../common/errors';
import { INVOICE_FIELDS } from './field-specs';
import { SQL_TYPES, ValueKind } from './filter-values';

/**
 * Ordering of invoice lists: a list of {field, direction, nulls}, always completed by the id as
 * the last key so that equal sort values still have one stable order (paging never skips or
 * repeats a row). The id tie-break follows the direction of the last key, so an index on
 * (tenant_id, col, id) serves both directions.
 * NULLs go LAST in both directions unless `nulls` says otherwise (only nullable fields have any).
 * Duplicate fields: the first occurrence wins. No orderBy: createdDate DESC (newest first).
 */
export enum InvoiceSortField {
  id = 'id', name = 'name', invoiceNumber = 'invoiceNumber', externalId = 'externalId', orderId = 'orderId',
  orderNumber = 'orderNumber', customerId = 'customerId', billToContactId = 'billToContactId', salesAccountId = 'salesAccountId',
  status = 'status', paymentStatus = 'paymentStatus', invoiceDate = 'invoiceDate', dueDate = 'dueDate', startDate = 'startDate',
  endDate = 'endDate', targetDate = 'targetDate', paymentTerms = 'paymentTerms', currencyIsoCode = 'currencyIsoCode',
  poNumber = 'poNumber', notes = 'notes', subtotal = 'subtotal', discountCode = 'discountCode', discountType = 'discountType',
  discountValue = 'discountValue', discountDescription = 'discountDescription', discountAmount = 'discountAmount',
  amountWithoutTax = 'amountWithoutTax', taxAmount = 'taxAmount', shippingAndHandling = 'shippingAndHandling', amount = 'amount',
  amountPaid = 'amountPaid', balance = 'balance', isActive = 'isActive', activatedTime = 'activatedTime', activatedById = 'activatedById',
  activateOn = 'activateOn', cancellationDate = 'cancellationDate', voidedDate = 'voidedDate', createdDate = 'createdDate',
  createdById = 'createdById', lastModifiedDate = 'lastModifiedDate', lastModifiedById = 'lastModifiedById', version = 'version',
}

export enum SortDirection { ASC = 'ASC', DESC = 'DESC' }
export enum NullsOrder { FIRST = 'FIRST', LAST = 'LAST' }

registerEnumType(InvoiceSortField, { name: 'InvoiceSortField', description: 'Invoice fields usable in orderBy (text sorts by the database collation).' });
registerEnumType(SortDirection, { name: 'SortDirection' });
registerEnumType(NullsOrder, { name: 'NullsOrder', description: 'Where NULL values go; default LAST in both directions.' });

@InputType({ description: 'One sort key; the list is completed by the id as a tie-break.' })
export class InvoiceOrderByInput {
  @Field(() => InvoiceSortField) field: InvoiceSortField;
  @Field(() => SortDirection, { nullable: true, defaultValue: SortDirection.ASC }) direction?: SortDirection | null;
  @Field(() => NullsOrder, { nullable: true, description: 'Default LAST.' }) nulls?: NullsOrder | null;
}

export const DEFAULT_INVOICE_ORDER: ReadonlyArray<InvoiceOrderByInput> = Object.freeze([
  Object.freeze({ field: InvoiceSortField.createdDate, direction: SortDirection.DESC }),
]);

/** One resolved sort key: what ORDER BY, cursors and keyset predicates are built from. */
export interface SortKey {
  /** GraphQL field name (also the row property read for cursors). */
  field: string;
  /** Whitelisted column expression, e.g. `i.due_date`. */
  expr: string;
  /** PostgreSQL type for casting cursor values back, e.g. `date`. */
  type: string;
  direction: SortDirection;
  nulls: NullsOrder;
  nullable: boolean;
}

/** Resolves orderBy into sort keys ending with the id tie-break. */
export function invoiceSortKeys(orderBy: ReadonlyArray<InvoiceOrderByInput> | null | undefined, alias = 'i', path: ReadonlyArray<string | number> = ['orderBy']): SortKey[] {
  const list = orderBy && orderBy.length > 0 ? orderBy : DEFAULT_INVOICE_ORDER;
  const keys: SortKey[] = [];
  list.forEach((o, index) => {
    const spec = o && Object.prototype.hasOwnProperty.call(InvoiceSortField, o.field) ? INVOICE_FIELDS[o.field] : undefined;
    if (!spec || spec.kind === 'json') throw badInput(`Cannot order by ${JSON.stringify(o?.field)}`, [...path, index, 'field']);
    const direction = o.direction ?? SortDirection.ASC;
    if (direction !== SortDirection.ASC && direction !== SortDirection.DESC) throw badInput(`Unknown direction ${direction}`, [...path, index, 'direction']);
    const nulls = o.nulls ?? NullsOrder.LAST;
    if (nulls !== NullsOrder.FIRST && nulls !== NullsOrder.LAST) throw badInput(`Unknown nulls order ${nulls}`, [...path, index, 'nulls']);
    const expr = `${alias}.${spec.column}`;
    if (keys.some((k) => k.expr === expr)) return; // name and invoiceNumber are one column
    keys.push({ field: o.field, expr, type: SQL_TYPES[spec.kind as ValueKind], direction, nulls, nullable: spec.nullable });
  });
  if (!keys.some((k) => k.field === 'id')) {
    keys.push({ field: 'id', expr: `${alias}.id`, type: 'uuid', direction: keys[keys.length - 1]?.direction ?? SortDirection.ASC, nulls: NullsOrder.LAST, nullable: false });
  }
  return keys;
}

/**
 * ORDER BY text (without the keywords) for sort keys; `reverse` flips every key, for fetching
 * the page before a cursor. NOT NULL columns get no NULLS clause, so indexes serve both directions.
 */
export function orderBySql(keys: ReadonlyArray<SortKey>, reverse = false): string {
  return keys.map((k) => {
    const asc = (k.direction === SortDirection.ASC) !== reverse;
    const nullsFirst = (k.nulls === NullsOrder.FIRST) !== reverse;
    return `${k.expr} ${asc ? 'ASC' : 'DESC'}${k.nullable ? (nullsFirst ? ' NULLS FIRST' : ' NULLS LAST') : ''}`;
  }).join(', ');
}

/** The ORDER BY list (without the keywords) for `orderBy`, ending with the id tie-break. */
export function compileInvoiceOrderBy(orderBy: ReadonlyArray<InvoiceOrderByInput> | null | undefined, alias = 'i'): string {
  return orderBySql(invoiceSortKeys(orderBy, alias));
}
