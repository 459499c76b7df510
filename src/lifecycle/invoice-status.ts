import { registerEnumType } from 'type-graphql';

/** Lifecycle status. Nymble's "Issued" is ACTIVE; its PartiallyPaid/Paid are payment statuses. */
export enum InvoiceStatus {
  DRAFT = 'DRAFT',
  PENDING_ACTIVATION = 'PENDING_ACTIVATION',
  ACTIVE = 'ACTIVE',
  CANCELED = 'CANCELED',
  VOIDED = 'VOIDED',
}

registerEnumType(InvoiceStatus, {
  name: 'InvoiceStatus',
  description: 'Lifecycle status of an invoice (Nymble "Issued" = ACTIVE, "Cancelled" = CANCELED, "Voided" = VOIDED).',
});
