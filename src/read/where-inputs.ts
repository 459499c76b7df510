import { Field, ID, InputType } from 'type-graphql';
import {
  BooleanFilter, DateFilter, DateTimeFilter, DecimalFilter, IdFilter, IntFilter, JsonObjectFilter, StringFilter,
} from '../filters/filter-operators.input';
import { InvoiceAction } from '../lifecycle/invoice-lifecycle';
import { CUSTOMER } from './customer.read';
import { INVOICE } from './invoice.read';
import { LINE_ITEM, PAYMENT } from './invoice-parts.read';
import { columnOf, FilterKind, fieldsOf, ReadType, readTypeOf } from './registry';

/**
 * The filter inputs, made from the field registry: each read type's filterable columns (the
 * operator input follows the column's kind) and relations, declared by applying type-graphql's
 * @InputType and @Field as functions. Semantics:
 * src/filters/compile-where.ts. An empty object or an explicit null anywhere inside is refused
 * with BAD_USER_INPUT (never "match all"); an absent or null top-level `where` means no filter.
 */
const OPERATORS: Record<FilterKind, Function> = {
  string: StringFilter, id: IdFilter, decimal: DecimalFilter, date: DateFilter, datetime: DateTimeFilter,
  int: IntFilter, boolean: BooleanFilter, json: JsonObjectFilter, enum: StringFilter, currency: StringFilter,
};

/** A where input's value: and/or/not, and the registry's filterable fields by name. */
export interface Where {
  and?: Where[] | null;
  or?: Where[] | null;
  not?: Where | null;
  [field: string]: unknown;
}

type More = Record<string, { type: () => object; description?: string }>;

/** An input class named `name`, with `fields` (applied as type-graphql's decorators are). */
function input(name: string, description: string, fields: (self: Function) => More): Function {
  const cls = { [name]: class {} }[name];
  for (const [field, f] of Object.entries(fields(cls))) Field(f.type, { nullable: true, description: f.description })(cls.prototype, field);
  InputType(name, { description })(cls);
  return cls;
}

const byType = new Map<ReadType, Function>();

/**
 * The where input of a read type: and/or/not, its filterable columns, its filterable relations
 * (a to-one relation takes the target's where input, a to-many one the some/none/every
 * quantifiers of `lists`), and `more`.
 */
function whereInput(type: ReadType, name: string, description: string, logic: Array<string | undefined> = [], more: More = {}): Function {
  const cls = input(name, description, (self) => {
    const fields: More = { and: { type: () => [self], description: logic[0] }, or: { type: () => [self], description: logic[1] }, not: { type: () => self, description: logic[2] } };
    for (const [field, source] of fieldsOf(type, 'column')) {
      if (!source.filter) continue;
      const operators = source.values?.input ?? OPERATORS[source.as ?? columnOf(type, source.property).kind];
      fields[field] = { type: () => operators, description: typeof source.filter === 'string' ? source.filter : undefined };
    }
    for (const [field, r] of fieldsOf(type, 'relation')) {
      if (!r.filter) continue;
      const target = byType.get(readTypeOf(r.target()))!;
      fields[field] = { type: () => (r.many ? lists.get(target)! : target), description: typeof r.filter === 'string' ? r.filter : undefined };
    }
    return { ...fields, ...more };
  });
  byType.set(type, cls);
  return cls;
}

const lists = new Map<Function, Function>();

/** The some/none/every quantifiers over a to-many relation's where input. */
function listFilter(item: Function, name: string, one: string, many: string): void {
  lists.set(item, input(name, `Quantifiers over an invoice's ${many}. \`every\` holds for an invoice without ${many}.`, () => ({
    some: { type: () => item, description: `At least one ${one} matches.` },
    none: { type: () => item, description: `No ${one} matches.` },
    every: { type: () => item, description: `Every ${one} matches (true when there are none).` },
  })));
}

export type CustomerWhereInput = Where;
export const CustomerWhereInput = whereInput(CUSTOMER, 'CustomerWhereInput', "Filter on customers (the `customers` query, or an invoice's `customer`); fields AND-ed, and/or/not nest.");
listFilter(whereInput(LINE_ITEM, 'LineItemWhereInput', 'Filter on one line item; fields AND-ed, and/or/not nest.'), 'LineItemListFilter', 'line item', 'line items');
listFilter(whereInput(PAYMENT, 'PaymentWhereInput', 'Filter on one payment; fields AND-ed, and/or/not nest.'), 'PaymentListFilter', 'payment', 'payments');

/**
 * The invoice filter language (Nue's `where`). Soft-deleted invoices (isActive = false) are only
 * returned when the filter names `isActive`.
 */
export type InvoiceWhereInput = Where;
export const InvoiceWhereInput = whereInput(
  INVOICE, 'InvoiceWhereInput', 'Invoice filter: fields AND-ed; and/or/not at any depth; {} and null are refused, never match-all.',
  ['All of; [] is refused.', 'Any of; [] is refused.', 'Not (a NULL comparison counts as false, so `not` matches it).'],
  { availableAction: { type: () => InvoiceAction, description: 'The lifecycle table currently allows this action on the invoice.' } },
);

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
