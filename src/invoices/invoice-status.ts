import { registerEnumType } from 'type-graphql';
import { InvoiceStatus } from '../lifecycle/invoice-status';

/** The lifecycle's statuses live with its table (src/lifecycle); the invoice's other enums here. */
export { InvoiceStatus };

/** Derived from the payment ledger, never set by hand. */
export enum InvoicePaymentStatus {
  UNPAID = 'UNPAID',
  PARTIALLY_PAID = 'PARTIALLY_PAID',
  PAID = 'PAID',
  REFUNDED = 'REFUNDED',
}

export enum DiscountType {
  PERCENTAGE = 'PERCENTAGE',
  AMOUNT = 'AMOUNT',
}

registerEnumType(InvoicePaymentStatus, {
  name: 'InvoicePaymentStatus',
  description: 'Derived from the payment ledger (Nymble "PartiallyPaid" = PARTIALLY_PAID, "Paid" = PAID).',
});
registerEnumType(DiscountType, { name: 'DiscountType' });

/**
 * Names other systems use for our statuses, lower-cased and stripped of separators. Filters and
 * imports accept these so that Nue's `"active"` and Nymble's `"Issued"` both work.
 */
export const STATUS_ALIASES: Record<string, InvoiceStatus> = {
  draft: InvoiceStatus.DRAFT,
  pendingactivation: InvoiceStatus.PENDING_ACTIVATION,
  active: InvoiceStatus.ACTIVE,
  issued: InvoiceStatus.ACTIVE,
  canceled: InvoiceStatus.CANCELED,
  cancelled: InvoiceStatus.CANCELED,
  voided: InvoiceStatus.VOIDED,
  void: InvoiceStatus.VOIDED,
};

export const PAYMENT_STATUS_ALIASES: Record<string, InvoicePaymentStatus> = {
  unpaid: InvoicePaymentStatus.UNPAID,
  nottransferred: InvoicePaymentStatus.UNPAID,
  partiallypaid: InvoicePaymentStatus.PARTIALLY_PAID,
  paid: InvoicePaymentStatus.PAID,
  refunded: InvoicePaymentStatus.REFUNDED,
};

export const normalizeAlias = (value: string) => value.toLowerCase().replace(/[\s_-]/g, '');
