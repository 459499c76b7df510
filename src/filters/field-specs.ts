import { InvoicePaymentStatus, InvoiceStatus, DiscountType, PAYMENT_STATUS_ALIASES, STATUS_ALIASES } from '../invoices/invoice-status';
import { PaymentMethod, PaymentRecordStatus } from '../payments/payment-enums';
import { enumValues, EnumValues, ValueKind } from './filter-values';

/**
 * The whitelist: GraphQL filter field -> SQL column, value kind and nullability. Column names
 * reach SQL only from these tables, never from input. Nullability lets `ne`/`notIn` stay
 * index-friendly on NOT NULL columns and add the NULL case only where it can happen.
 */
export interface ScalarFieldSpec {
  column: string;
  kind: ValueKind | 'json';
  nullable: boolean;
  enumValues?: EnumValues;
}

export interface EntitySpec {
  /** For messages. */
  name: string;
  table: string;
  /** Prefix of generated subquery aliases. */
  aliasPrefix: string;
  fields: Readonly<Record<string, ScalarFieldSpec>>;
}

const f = (column: string, kind: ScalarFieldSpec['kind'], nullable = false, values?: EnumValues): ScalarFieldSpec =>
  Object.freeze({ column, kind, nullable, enumValues: values });

export const INVOICE_STATUS_VALUES = enumValues('invoice status', Object.values(InvoiceStatus), STATUS_ALIASES);
export const PAYMENT_STATUS_VALUES = enumValues('payment status', Object.values(InvoicePaymentStatus), PAYMENT_STATUS_ALIASES);
export const DISCOUNT_TYPE_VALUES = enumValues('discount type', Object.values(DiscountType));
export const PAYMENT_METHOD_VALUES = enumValues('payment method', Object.values(PaymentMethod));
export const PAYMENT_RECORD_STATUS_VALUES = enumValues('payment record status', Object.values(PaymentRecordStatus));

export const INVOICE_FIELDS: Readonly<Record<string, ScalarFieldSpec>> = Object.freeze({
  id: f('id', 'id'),
  name: f('invoice_number', 'string'),
  invoiceNumber: f('invoice_number', 'string'),
  externalId: f('external_id', 'string', true),
  orderId: f('order_id', 'string', true),
  orderNumber: f('order_number', 'string', true),
  customerId: f('customer_id', 'id'),
  billToContactId: f('bill_to_contact_id', 'id', true),
  salesAccountId: f('sales_account_id', 'string', true),
  status: f('status', 'enum', false, INVOICE_STATUS_VALUES),
  paymentStatus: f('payment_status', 'enum', false, PAYMENT_STATUS_VALUES),
  invoiceDate: f('invoice_date', 'date', true),
  dueDate: f('due_date', 'date', true),
  startDate: f('start_date', 'date', true),
  endDate: f('end_date', 'date', true),
  targetDate: f('target_date', 'date', true),
  paymentTerms: f('payment_terms', 'string', true),
  currencyIsoCode: f('currency_iso_code', 'currency'),
  poNumber: f('po_number', 'string', true),
  notes: f('notes', 'string', true),
  subtotal: f('subtotal', 'decimal'),
  discountCode: f('discount_code', 'string', true),
  discountType: f('discount_type', 'enum', true, DISCOUNT_TYPE_VALUES),
  discountValue: f('discount_value', 'decimal', true),
  discountDescription: f('discount_description', 'string', true),
  discountAmount: f('discount_amount', 'decimal'),
  amountWithoutTax: f('amount_without_tax', 'decimal'),
  taxAmount: f('tax_amount', 'decimal'),
  shippingAndHandling: f('shipping_and_handling', 'decimal'),
  amount: f('amount', 'decimal'),
  amountPaid: f('amount_paid', 'decimal'),
  balance: f('balance', 'decimal'),
  isActive: f('is_active', 'boolean'),
  activatedTime: f('activated_time', 'datetime', true),
  activatedById: f('activated_by_id', 'id', true),
  activateOn: f('activate_on', 'date', true),
  cancellationDate: f('cancellation_date', 'datetime', true),
  voidedDate: f('voided_date', 'datetime', true),
  createdDate: f('created_date', 'datetime'),
  createdById: f('created_by_id', 'id', true),
  lastModifiedDate: f('last_modified_date', 'datetime'),
  lastModifiedById: f('last_modified_by_id', 'id', true),
  customFields: f('custom_fields', 'json', true),
  version: f('version', 'int'),
});

export const CUSTOMER_SPEC: EntitySpec = Object.freeze({
  name: 'customer',
  table: 'customer',
  aliasPrefix: 'cu',
  fields: Object.freeze({
    id: f('id', 'id'),
    externalId: f('external_id', 'string', true),
    customerNumber: f('customer_number', 'string', true),
    companyName: f('company_name', 'string'),
    companyEmail: f('company_email', 'string', true),
    companyPhone: f('company_phone', 'string', true),
    createdDate: f('created_date', 'datetime'),
    lastModifiedDate: f('last_modified_date', 'datetime'),
  }),
});

export const LINE_ITEM_SPEC: EntitySpec = Object.freeze({
  name: 'line item',
  table: 'invoice_line_item',
  aliasPrefix: 'li',
  fields: Object.freeze({
    id: f('id', 'id'),
    lineNumber: f('line_number', 'int'),
    productCode: f('product_code', 'string', true),
    description: f('description', 'string'),
    quantity: f('quantity', 'decimal'),
    unitPrice: f('unit_price', 'decimal'),
    discountAmount: f('discount_amount', 'decimal'),
    taxAmount: f('tax_amount', 'decimal'),
    amount: f('amount', 'decimal'),
    startDate: f('start_date', 'date', true),
    endDate: f('end_date', 'date', true),
  }),
});

export const PAYMENT_SPEC: EntitySpec = Object.freeze({
  name: 'payment',
  table: 'payment',
  aliasPrefix: 'pa',
  fields: Object.freeze({
    id: f('id', 'id'),
    amount: f('amount', 'decimal'),
    currency: f('currency', 'currency'),
    method: f('method', 'enum', false, PAYMENT_METHOD_VALUES),
    status: f('status', 'enum', false, PAYMENT_RECORD_STATUS_VALUES),
    receivedDate: f('received_date', 'date', true),
    referenceNumber: f('reference_number', 'string', true),
    notes: f('notes', 'string', true),
    paymentProfileId: f('payment_profile_id', 'string', true),
    cardBrand: f('card_brand', 'string', true),
    cardLast4: f('card_last4', 'string', true),
    failureReason: f('failure_reason', 'string', true),
    refundedAmount: f('refunded_amount', 'decimal'),
    createdDate: f('created_date', 'datetime'),
    completedAt: f('completed_at', 'datetime', true),
    failedAt: f('failed_at', 'datetime', true),
  }),
});

export const INVOICE_SPEC: EntitySpec = Object.freeze({ name: 'invoice', table: 'invoice', aliasPrefix: 'inv', fields: INVOICE_FIELDS });
