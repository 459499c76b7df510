import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DecimalScalar, JSONObjectScalar, LocalDateScalar } from '../common/scalars';
import { DiscountType, InvoicePaymentStatus, InvoiceStatus } from './invoice-status';
import { SalesRepType } from './sales-rep.type';

/**
 * The invoice: the union of Nue's and Nymble's invoice objects. Money columns are `numeric`
 * and arrive as strings already rounded to the currency minor unit; `balance`, `amountPaid`
 * and `paymentStatus` are maintained from the payment ledger in the same transaction as it.
 */
@ObjectType({ description: 'An invoice (Nue invoice / Nymble invoice).', simpleResolvers: true })
@Entity({ name: 'invoice' })
export class Invoice {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  @Field(() => ID)
  tenantId: string;

  @Field(() => ID)
  @PrimaryColumn('uuid')
  id: string;

  @Field(() => String, { description: 'Human invoice number, e.g. INV-00000311 (Nue `name`).' })
  @Column({ name: 'invoice_number', type: 'text' })
  invoiceNumber: string;

  @Field(() => String, { nullable: true, description: 'Your system\'s identifier for this invoice.' })
  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'order_id', type: 'text', nullable: true })
  orderId: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'order_number', type: 'text', nullable: true })
  orderNumber: string | null;

  @Field(() => ID)
  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Field(() => ID, { nullable: true })
  @Column({ name: 'bill_to_contact_id', type: 'uuid', nullable: true })
  billToContactId: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'sales_account_id', type: 'text', nullable: true })
  salesAccountId: string | null;

  @Field(() => SalesRepType, { nullable: true })
  @Column({ name: 'sales_rep', type: 'jsonb', nullable: true })
  salesRep: SalesRepType | null;

  @Field(() => InvoiceStatus)
  @Column({ type: 'text' })
  status: InvoiceStatus;

  @Field(() => InvoicePaymentStatus)
  @Column({ name: 'payment_status', type: 'text' })
  paymentStatus: InvoicePaymentStatus;

  @Field(() => LocalDateScalar, { nullable: true })
  @Column({ name: 'invoice_date', type: 'date', nullable: true })
  invoiceDate: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Start of the billing period.' })
  @Column({ name: 'start_date', type: 'date', nullable: true })
  startDate: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'End of the billing period.' })
  @Column({ name: 'end_date', type: 'date', nullable: true })
  endDate: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  @Column({ name: 'target_date', type: 'date', nullable: true })
  targetDate: string | null;

  @Field(() => String, { nullable: true, description: 'e.g. Net30: dueDate = invoiceDate + 30 days.' })
  @Column({ name: 'payment_terms', type: 'text', nullable: true })
  paymentTerms: string | null;

  @Field(() => String, { description: 'ISO 4217 code; money fields are rounded to its minor unit.' })
  @Column({ name: 'currency_iso_code', type: 'text' })
  currencyIsoCode: string;

  @Field(() => String, { nullable: true })
  @Column({ name: 'po_number', type: 'text', nullable: true })
  poNumber: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Field(() => DecimalScalar, { description: 'Sum of the line item amounts, before the order-level discount.' })
  @Column({ type: 'numeric' })
  subtotal: string;

  @Field(() => String, { nullable: true })
  @Column({ name: 'discount_code', type: 'text', nullable: true })
  discountCode: string | null;

  @Field(() => DiscountType, { nullable: true })
  @Column({ name: 'discount_type', type: 'text', nullable: true })
  discountType: DiscountType | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Percentage (e.g. "10" = 10%) or amount, per discountType.' })
  @Column({ name: 'discount_value', type: 'numeric', nullable: true })
  discountValue: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'discount_description', type: 'text', nullable: true })
  discountDescription: string | null;

  @Field(() => DecimalScalar, { description: 'The order-level discount in money, capped at the subtotal.' })
  @Column({ name: 'discount_amount', type: 'numeric' })
  discountAmount: string;

  @Field(() => DecimalScalar, { description: 'subtotal - discountAmount.' })
  @Column({ name: 'amount_without_tax', type: 'numeric' })
  amountWithoutTax: string;

  @Field(() => DecimalScalar)
  @Column({ name: 'tax_amount', type: 'numeric' })
  taxAmount: string;

  @Field(() => DecimalScalar)
  @Column({ name: 'shipping_and_handling', type: 'numeric' })
  shippingAndHandling: string;

  @Field(() => DecimalScalar, { description: 'Invoice total (Nymble invoiceTotal): amountWithoutTax + taxAmount + shippingAndHandling, or importedInvoiceTotal.' })
  @Column({ type: 'numeric' })
  amount: string;

  @Field(() => DecimalScalar, { description: 'Completed payments minus refunds.' })
  @Column({ name: 'amount_paid', type: 'numeric' })
  amountPaid: string;

  @Field(() => DecimalScalar, { description: 'amount - amountPaid, never below zero.' })
  @Column({ type: 'numeric' })
  balance: string;

  @Field(() => Boolean, { description: 'false when soft-deleted by an import with isActive: false.' })
  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive: boolean;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'activated_time', type: 'timestamptz', nullable: true })
  activatedTime: Date | null;

  @Field(() => ID, { nullable: true })
  @Column({ name: 'activated_by_id', type: 'uuid', nullable: true })
  activatedById: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'When a PENDING_ACTIVATION invoice becomes ACTIVE.' })
  @Column({ name: 'activate_on', type: 'date', nullable: true })
  activateOn: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'cancellation_date', type: 'timestamptz', nullable: true })
  cancellationDate: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'voided_date', type: 'timestamptz', nullable: true })
  voidedDate: Date | null;

  @Field(() => Date)
  @Column({ name: 'created_date', type: 'timestamptz' })
  createdDate: Date;

  @Field(() => ID, { nullable: true })
  @Column({ name: 'created_by_id', type: 'uuid', nullable: true })
  createdById: string | null;

  @Field(() => Date)
  @Column({ name: 'last_modified_date', type: 'timestamptz' })
  lastModifiedDate: Date;

  @Field(() => ID, { nullable: true })
  @Column({ name: 'last_modified_by_id', type: 'uuid', nullable: true })
  lastModifiedById: string | null;

  @Field(() => JSONObjectScalar, { nullable: true })
  @Column({ name: 'custom_fields', type: 'jsonb', nullable: true })
  customFields: Record<string, unknown> | null;

  @Field(() => Int, { description: 'Optimistic-concurrency version; send it back to updateInvoice to refuse stale writes.' })
  @Column({ type: 'integer', default: 1 })
  version: number;
}
