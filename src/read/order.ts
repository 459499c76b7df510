import { Field, InputType, registerEnumType } from 'type-graphql';
import { NullsOrder, OrderBy, orderBySql, SortDirection, SortKey, sortKeys } from '../filters/order-by';
import { Path } from '../filters/filter-values';
import { CUSTOMER } from './customer.read';
import { INVOICE } from './invoice.read';
import { ReadType } from './registry';
import { filterFields } from './where';

/** A type's sort fields (its registry columns with `sort`) as a GraphQL enum. */
function sortFields(type: ReadType, name: string, description: string) {
  const fields = filterFields(type, 'sort');
  const values: Readonly<Record<string, string>> = Object.freeze(Object.fromEntries(Object.keys(fields).map((f) => [f, f])));
  registerEnumType(values, { name, description });
  return { fields, values };
}

const INVOICE_SORT = sortFields(INVOICE, 'InvoiceSortField', 'Invoice fields usable in orderBy (text sorts by the database collation).');
export const INVOICE_SORT_FIELDS = INVOICE_SORT.fields;
export const InvoiceSortField = INVOICE_SORT.values;
export type InvoiceSortField = string;
const CUSTOMER_SORT = sortFields(CUSTOMER, 'CustomerSortField', 'Customer fields usable in orderBy.');

@InputType({ description: 'One sort key; the list is completed by the id as a tie-break.' })
export class InvoiceOrderByInput implements OrderBy {
  @Field(() => InvoiceSortField) field: string;
  @Field(() => SortDirection, { nullable: true, defaultValue: SortDirection.ASC }) direction?: SortDirection | null;
  @Field(() => NullsOrder, { nullable: true, description: 'Default LAST.' }) nulls?: NullsOrder | null;
}

/** Company names sort case-insensitively (lower(), which the (tenant_id, lower(company_name)) index serves). */
@InputType({ description: 'One sort key of the customers list; the list is completed by the id as a tie-break.' })
export class CustomerOrderByInput implements OrderBy {
  @Field(() => CUSTOMER_SORT.values) field: string;
  @Field(() => SortDirection, { nullable: true, defaultValue: SortDirection.ASC }) direction?: SortDirection | null;
  @Field(() => NullsOrder, { nullable: true, description: 'Default LAST.' }) nulls?: NullsOrder | null;
}

/** Resolves an invoice orderBy (none: newest first) into sort keys ending with the id tie-break. */
export const invoiceSortKeys = (orderBy: ReadonlyArray<OrderBy> | null | undefined, alias = 'i', path: Path = ['orderBy']): SortKey[] =>
  sortKeys(INVOICE_SORT.fields, orderBy, [{ field: 'createdDate', direction: SortDirection.DESC }], alias, path);

/** The ORDER BY list (without the keywords) of an invoice orderBy. */
export const compileInvoiceOrderBy = (orderBy: ReadonlyArray<OrderBy> | null | undefined, alias = 'i') => orderBySql(invoiceSortKeys(orderBy, alias));

/** The ORDER BY list of a customers orderBy (none: by company name). */
export const compileCustomerOrderBy = (orderBy: ReadonlyArray<OrderBy> | null | undefined, alias = 'c', path: Path = ['orderBy']) =>
  orderBySql(sortKeys(CUSTOMER_SORT.fields, orderBy, [{ field: 'companyName', direction: SortDirection.ASC }], alias, path));
