import { Field, InputType } from 'type-graphql';
import { IsNotIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DecimalScalar, LocalDateScalar } from '../common/scalars';
import { PaymentMethod, PaymentRecordStatus } from '../lifecycle/payment-enums';

/** Nymble's "Record an offline payment" body (EFT, Check, Wire, Cash, or a saved Card). */
@InputType({ description: 'A payment received outside the hosted flow, or a hosted payment started elsewhere (status PENDING).' })
export class RecordPaymentInput {
  @Field(() => DecimalScalar, { description: 'Positive, with no more decimals than the invoice currency (JPY 0, USD 2, KWD 3).' })
  amount: string;

  @Field(() => String, { nullable: true, description: "ISO 4217 code, in any case (usd = USD); must be the invoice's currency. Defaults to it." })
  @IsOptional() @IsString() @MaxLength(3)
  currency?: string | null;

  @Field(() => PaymentMethod, { description: 'EFT, CHECK, WIRE, CASH, CARD (saved profile), HOSTED or OTHER. IMPORTED is reserved for the opening balance of an imported invoice (createInvoice with importedBalance).' })
  @IsNotIn([PaymentMethod.IMPORTED], { message: 'IMPORTED is reserved for imported invoices (createInvoice importedInvoiceTotal/importedBalance)' })
  method: PaymentMethod;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Date the payment was received; defaults to today (UTC) for a completed payment.' })
  receivedDate?: string | null;

  @Field(() => String, { nullable: true, description: 'Cheque number, wire reference, bank trace id.' })
  @IsOptional() @IsString() @MaxLength(200)
  referenceNumber?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional() @IsString() @MaxLength(4000)
  notes?: string | null;

  @Field(() => String, { nullable: true, description: 'Saved card on file.' })
  @IsOptional() @IsString() @MaxLength(200)
  paymentProfileId?: string | null;

  @Field(() => String, { nullable: true, description: 'e.g. Visa, Mastercard.' })
  @IsOptional() @IsString() @MaxLength(50)
  cardBrand?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional() @Matches(/^\d{4}$/, { message: 'cardLast4 must be exactly four digits' })
  cardLast4?: string | null;

  @Field(() => PaymentRecordStatus, { nullable: true, description: 'COMPLETED (default) or PENDING (completed or failed later).' })
  status?: PaymentRecordStatus | null;
}
