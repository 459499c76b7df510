import { Field, InputType, registerEnumType } from 'type-graphql';
import { NullsOrder, orderBySql, SortDirection, SortKey, sortKeys } from '../filters/order-by';
import { Path } from '../filters/filter-values';
import { INVOICE } from './invoice.read';
import { filterFields } from './where';

/** Invoice fields usable in orderBy: the registry's columns with `sort`. */
export const INVOICE_SORT_FIELDS = filterFields(INVOICE, 'sort');
export const InvoiceSortField: Readonly<Record<string, string>> = Object.freeze(Object.fromEntries(Object.keys(INVOICE_SORT_FIELDS).map((name) => [name, name])));
export type InvoiceSortField = string;
registerEnumType(InvoiceSortField, { name: 'InvoiceSortField', description: 'Invoice fields usable in orderBy (text sorts by the database collation).' });

@InputType({ description: 'One sort key; the list is completed by the id as a tie-break.' })
export class InvoiceOrderByInput {
  @Field(() => InvoiceSortField) field: string;
  @Field(() => SortDirection, { nullable: true, defaultValue: SortDirection.ASC }) direction?: SortDirection | null;
  @Field(() => NullsOrder, { nullable: true, description: 'Default LAST.' }) nulls?: NullsOrder | null;
}

/** No orderBy: newest first. */
const DEFAULT_ORDER = [{ field: 'createdDate', direction: SortDirection.DESC }];

/** Resolves an invoice orderBy into sort keys ending with the id tie-break. */
export const invoiceSortKeys = (orderBy: ReadonlyArray<InvoiceOrderByInput> | null | undefined, alias = 'i', path: Path = ['orderBy']): SortKey[] =>
  sortKeys(INVOICE_SORT_FIELDS, orderBy, DEFAULT_ORDER, alias, path);

/** The ORDER BY list (without the keywords) for an invoice orderBy. */
export const compileInvoiceOrderBy = (orderBy: ReadonlyArray<InvoiceOrderByInput> | null | undefined, alias = 'i') => orderBySql(invoiceSortKeys(orderBy, alias));
