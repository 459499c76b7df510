import { registerEnumType } from 'type-graphql';

/** A payment row's status (PENDING until a hosted payment completes or fails), as InvoiceStatus is an invoice's. */
export enum PaymentRecordStatus {
  PENDING = 'PENDING',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
}

/** Nymble's offline methods, plus CARD (saved profile), HOSTED (provider flow) and IMPORTED (opening balance on import). */
export enum PaymentMethod {
  EFT = 'EFT',
  CHECK = 'CHECK',
  WIRE = 'WIRE',
  CASH = 'CASH',
  CARD = 'CARD',
  HOSTED = 'HOSTED',
  IMPORTED = 'IMPORTED',
  OTHER = 'OTHER',
}

registerEnumType(PaymentRecordStatus, { name: 'PaymentRecordStatus' });
registerEnumType(PaymentMethod, { name: 'PaymentMethod' });
