import { Field, InputType } from 'type-graphql';
import { InvoiceAction } from '../lifecycle/invoice-lifecycle';
import { CustomerWhereInput } from './customer-where.input';
import {
  BooleanFilter, DateFilter, DateTimeFilter, DecimalFilter, DiscountTypeFilter, IdFilter, IntFilter,
  InvoicePaymentStatusFilter, InvoiceStatusFilter, JsonObjectFilter, StringFilter,
} from './filter-operators.input';
import { LineItemListFilter } from './line-item-where.input';
import { PaymentListFilter } from './payment-where.input';

/**
 * The invoice filter language (Nue's `where`). Fields in one object are AND-ed; `and`, `or`,
 * `not` nest at any depth. An empty object or an explicit null anywhere inside is refused with
 * BAD_USER_INPUT (never "match all"); an absent or null top-level `where` means no filter.
 * Soft-deleted invoices (isActive = false) are only returned when the filter names `isActive`.
 * Semantics in detail: src/filters/compile-invoice-where.ts.
 */
@InputType({ description: 'Invoice filter: fields AND-ed; and/or/not at any depth; {} and null are refused, never match-all.' })
export class InvoiceWhereInput {
  @Field(() => [InvoiceWhereInput], { nullable: true, description: 'All of; [] is refused.' }) and?: InvoiceWhereInput[] | null;
  @Field(() => [InvoiceWhereInput], { nullable: true, description: 'Any of; [] is refused.' }) or?: InvoiceWhereInput[] | null;
  @Field(() => InvoiceWhereInput, { nullable: true, description: 'Not (a NULL comparison counts as false, so `not` matches it).' }) not?: InvoiceWhereInput | null;

  @Field(() => IdFilter, { nullable: true }) id?: IdFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'Nue\'s name: the invoice number.' }) name?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true }) invoiceNumber?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true }) externalId?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true }) orderId?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true }) orderNumber?: StringFilter | null;
  @Field(() => IdFilter, { nullable: true }) customerId?: IdFilter | null;
  @Field(() => IdFilter, { nullable: true }) billToContactId?: IdFilter | null;
  @Field(() => StringFilter, { nullable: true }) salesAccountId?: StringFilter | null;
  @Field(() => InvoiceStatusFilter, { nullable: true }) status?: InvoiceStatusFilter | null;
  @Field(() => InvoicePaymentStatusFilter, { nullable: true }) paymentStatus?: InvoicePaymentStatusFilter | null;
  @Field(() => DateFilter, { nullable: true }) invoiceDate?: DateFilter | null;
  @Field(() => DateFilter, { nullable: true }) dueDate?: DateFilter | null;
  @Field(() => DateFilter, { nullable: true }) startDate?: DateFilter | null;
  @Field(() => DateFilter, { nullable: true }) endDate?: DateFilter | null;
  @Field(() => DateFilter, { nullable: true }) targetDate?: DateFilter | null;
  @Field(() => StringFilter, { nullable: true }) paymentTerms?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true }) currencyIsoCode?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true }) poNumber?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true }) notes?: StringFilter | null;
  @Field(() => DecimalFilter, { nullable: true }) subtotal?: DecimalFilter | null;
  @Field(() => StringFilter, { nullable: true }) discountCode?: StringFilter | null;
  @Field(() => DiscountTypeFilter, { nullable: true }) discountType?: DiscountTypeFilter | null;
  @Field(() => DecimalFilter, { nullable: true }) discountValue?: DecimalFilter | null;
  @Field(() => StringFilter, { nullable: true }) discountDescription?: StringFilter | null;
  @Field(() => DecimalFilter, { nullable: true }) discountAmount?: DecimalFilter | null;
  @Field(() => DecimalFilter, { nullable: true }) amountWithoutTax?: DecimalFilter | null;
  @Field(() => DecimalFilter, { nullable: true }) taxAmount?: DecimalFilter | null;
  @Field(() => DecimalFilter, { nullable: true }) shippingAndHandling?: DecimalFilter | null;
  @Field(() => DecimalFilter, { nullable: true }) amount?: DecimalFilter | null;
  @Field(() => DecimalFilter, { nullable: true }) amountPaid?: DecimalFilter | null;
  @Field(() => DecimalFilter, { nullable: true }) balance?: DecimalFilter | null;
  @Field(() => BooleanFilter, { nullable: true, description: 'Naming isActive turns off the default hiding of soft-deleted invoices.' }) isActive?: BooleanFilter | null;
  @Field(() => DateTimeFilter, { nullable: true }) activatedTime?: DateTimeFilter | null;
  @Field(() => IdFilter, { nullable: true }) activatedById?: IdFilter | null;
  @Field(() => DateFilter, { nullable: true }) activateOn?: DateFilter | null;
  @Field(() => DateTimeFilter, { nullable: true }) cancellationDate?: DateTimeFilter | null;
  @Field(() => DateTimeFilter, { nullable: true }) voidedDate?: DateTimeFilter | null;
  @Field(() => DateTimeFilter, { nullable: true }) createdDate?: DateTimeFilter | null;
  @Field(() => IdFilter, { nullable: true }) createdById?: IdFilter | null;
  @Field(() => DateTimeFilter, { nullable: true }) lastModifiedDate?: DateTimeFilter | null;
  @Field(() => IdFilter, { nullable: true }) lastModifiedById?: IdFilter | null;
  @Field(() => JsonObjectFilter, { nullable: true }) customFields?: JsonObjectFilter | null;
  @Field(() => IntFilter, { nullable: true }) version?: IntFilter | null;

  @Field(() => CustomerWhereInput, { nullable: true, description: 'The invoice\'s customer matches.' }) customer?: CustomerWhereInput | null;
  @Field(() => LineItemListFilter, { nullable: true }) lineItems?: LineItemListFilter | null;
  @Field(() => PaymentListFilter, { nullable: true }) payments?: PaymentListFilter | null;
  @Field(() => InvoiceAction, { nullable: true, description: 'The lifecycle table currently allows this action on the invoice.' }) availableAction?: InvoiceAction | null;
}
