import { Field, ID, InputType } from 'type-graphql';
import {
  BooleanFilter, DateFilter, DateTimeFilter, DecimalFilter, IdFilter, IntFilter, JsonObjectFilter, StringFilter,
} from '../filters/filter-operators.input';
import { InvoiceAction } from '../lifecycle/invoice-lifecycle';
import { CUSTOMER } from './customer.read';
import { INVOICE } from './invoice.read';
import { LINE_ITEM, PAYMENT } from './invoice-parts.read';
import { columnOf, FilterKind, fieldsOf, ReadType } from './registry';

/**
 * The filter inputs. Logical and relation fields are written here; the scalar fields are the
 * registry's filterable columns, declared on the classes below by applying type-graphql's
 * @Field to each (the operator input follows the column's kind). Semantics:
 * src/filters/compile-where.ts. An empty object or an explicit null anywhere inside is refused
 * with BAD_USER_INPUT (never "match all"); an absent or null top-level `where` means no filter.
 */
const OPERATORS: Record<FilterKind, Function> = {
  string: StringFilter, id: IdFilter, decimal: DecimalFilter, date: DateFilter, datetime: DateTimeFilter,
  int: IntFilter, boolean: BooleanFilter, json: JsonObjectFilter, enum: StringFilter, currency: StringFilter,
};

function filterFieldsOn(input: Function, type: ReadType): void {
  for (const [name, source] of fieldsOf(type, 'column')) {
    if (!source.filter) continue;
    const operators = source.values?.input ?? OPERATORS[source.as ?? columnOf(type, source.property).kind];
    Field(() => operators, { nullable: true, description: typeof source.filter === 'string' ? source.filter : undefined })(input.prototype, name);
  }
}

/** A where input's fields: its own, and the registry's filterable columns (by name). */
interface Filter<T> {
  and?: T[] | null;
  or?: T[] | null;
  not?: T | null;
  [field: string]: unknown;
}

@InputType({ description: "Filter on customers (the `customers` query, or an invoice's `customer`); fields AND-ed, and/or/not nest." })
export class CustomerWhereInput implements Filter<CustomerWhereInput> {
  [field: string]: unknown;
  @Field(() => [CustomerWhereInput], { nullable: true }) and?: CustomerWhereInput[] | null;
  @Field(() => [CustomerWhereInput], { nullable: true }) or?: CustomerWhereInput[] | null;
  @Field(() => CustomerWhereInput, { nullable: true }) not?: CustomerWhereInput | null;
}

@InputType({ description: 'Filter on one line item; fields AND-ed, and/or/not nest.' })
export class LineItemWhereInput implements Filter<LineItemWhereInput> {
  [field: string]: unknown;
  @Field(() => [LineItemWhereInput], { nullable: true }) and?: LineItemWhereInput[] | null;
  @Field(() => [LineItemWhereInput], { nullable: true }) or?: LineItemWhereInput[] | null;
  @Field(() => LineItemWhereInput, { nullable: true }) not?: LineItemWhereInput | null;
}

@InputType({ description: "Quantifiers over an invoice's line items. `every` holds for an invoice without line items." })
export class LineItemListFilter {
  @Field(() => LineItemWhereInput, { nullable: true, description: 'At least one line item matches.' }) some?: LineItemWhereInput | null;
  @Field(() => LineItemWhereInput, { nullable: true, description: 'No line item matches.' }) none?: LineItemWhereInput | null;
  @Field(() => LineItemWhereInput, { nullable: true, description: 'Every line item matches (true when there are none).' }) every?: LineItemWhereInput | null;
}

@InputType({ description: 'Filter on one payment; fields AND-ed, and/or/not nest.' })
export class PaymentWhereInput implements Filter<PaymentWhereInput> {
  [field: string]: unknown;
  @Field(() => [PaymentWhereInput], { nullable: true }) and?: PaymentWhereInput[] | null;
  @Field(() => [PaymentWhereInput], { nullable: true }) or?: PaymentWhereInput[] | null;
  @Field(() => PaymentWhereInput, { nullable: true }) not?: PaymentWhereInput | null;
}

@InputType({ description: "Quantifiers over an invoice's payments. `every` holds for an invoice without payments." })
export class PaymentListFilter {
  @Field(() => PaymentWhereInput, { nullable: true, description: 'At least one payment matches.' }) some?: PaymentWhereInput | null;
  @Field(() => PaymentWhereInput, { nullable: true, description: 'No payment matches.' }) none?: PaymentWhereInput | null;
  @Field(() => PaymentWhereInput, { nullable: true, description: 'Every payment matches (true when there are none).' }) every?: PaymentWhereInput | null;
}

/**
 * The invoice filter language (Nue's `where`). Soft-deleted invoices (isActive = false) are only
 * returned when the filter names `isActive`.
 */
@InputType({ description: 'Invoice filter: fields AND-ed; and/or/not at any depth; {} and null are refused, never match-all.' })
export class InvoiceWhereInput implements Filter<InvoiceWhereInput> {
  [field: string]: unknown;
  @Field(() => [InvoiceWhereInput], { nullable: true, description: 'All of; [] is refused.' }) and?: InvoiceWhereInput[] | null;
  @Field(() => [InvoiceWhereInput], { nullable: true, description: 'Any of; [] is refused.' }) or?: InvoiceWhereInput[] | null;
  @Field(() => InvoiceWhereInput, { nullable: true, description: 'Not (a NULL comparison counts as false, so `not` matches it).' }) not?: InvoiceWhereInput | null;
  @Field(() => CustomerWhereInput, { nullable: true, description: "The invoice's customer matches." }) customer?: CustomerWhereInput | null;
  @Field(() => LineItemListFilter, { nullable: true }) lineItems?: LineItemListFilter | null;
  @Field(() => PaymentListFilter, { nullable: true }) payments?: PaymentListFilter | null;
  @Field(() => InvoiceAction, { nullable: true, description: 'The lifecycle table currently allows this action on the invoice.' }) availableAction?: InvoiceAction | null;
}

filterFieldsOn(CustomerWhereInput, CUSTOMER);
filterFieldsOn(LineItemWhereInput, LINE_ITEM);
filterFieldsOn(PaymentWhereInput, PAYMENT);
filterFieldsOn(InvoiceWhereInput, INVOICE);

@InputType({ description: 'Deprecated: the old simple customer filter (all given conditions must hold). Use `where: CustomerWhereInput`, the filter language of invoices.' })
export class CustomerListFilter {
  @Field(() => [ID], { nullable: true }) ids?: string[] | null;
  @Field(() => String, { nullable: true }) customerNumber?: string | null;
  @Field(() => String, { nullable: true, description: 'Case-insensitive substring of the company name.' }) companyNameContains?: string | null;
  @Field(() => String, { nullable: true, description: 'Case-insensitive exact email.' }) companyEmail?: string | null;
}

/**
 * The deprecated filter as a CustomerWhereInput, for the one compiler: `ids` -> id in,
 * `customerNumber` -> eq, `companyNameContains` -> contains, `companyEmail` -> eqIgnoreCase.
 * Null when it names nothing.
 */
export function customerListFilterToWhere(filter: CustomerListFilter | null | undefined): CustomerWhereInput | null {
  if (!filter) return null;
  const where: CustomerWhereInput = {};
  if (filter.ids != null) where.id = { in: filter.ids };
  if (filter.customerNumber != null) where.customerNumber = { eq: filter.customerNumber };
  if (filter.companyNameContains != null) where.companyName = { contains: filter.companyNameContains };
  if (filter.companyEmail != null) where.companyEmail = { eqIgnoreCase: filter.companyEmail };
  return Object.keys(where).length ? where : null;
}
