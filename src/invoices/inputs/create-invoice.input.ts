import { Field, InputType } from 'type-graphql';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { DecimalScalar, LocalDateScalar } from '../../common/scalars';
import { InvoiceDiscountInput } from './invoice-discount.input';
import { InvoiceFieldsInput, IsCurrencyCode, IsInvoiceNumber } from './invoice-fields.input';

/** Nymble's create/import body (and Nue's invoice fields). Creates a DRAFT. */
@InputType()
export class CreateInvoiceInput extends InvoiceFieldsInput {
  @Field(() => String, { nullable: true, description: 'Supply an existing number to import it; otherwise the next INV-00000001-style number is assigned.' })
  @IsInvoiceNumber() invoiceNumber?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Defaults to invoiceDate + the payment terms (Net30 -> +30 days).' }) dueDate?: string | null;
  @Field(() => String, { nullable: true, description: 'e.g. Net30, Net60, DueOnReceipt.' }) @IsOptional() @IsString() @MaxLength(40) paymentTerms?: string | null;
  @Field(() => String, { nullable: true, description: 'ISO 4217, in any case (usd = USD); defaults to USD.' }) @IsCurrencyCode() currencyIsoCode?: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'Invoice-level tax; defaults to the sum of the lines\' tax.' }) taxAmount?: string | null;
  @Field(() => InvoiceDiscountInput, { nullable: true }) @IsOptional() @ValidateNested() discount?: InvoiceDiscountInput | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Import: authoritative total overriding the computed one.' }) importedInvoiceTotal?: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'Import: outstanding balance; amount paid = importedInvoiceTotal - importedBalance (recorded as one IMPORTED payment).' }) importedBalance?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Import: false soft-deletes the invoice with the same invoiceNumber (the lifecycle action SOFT_DELETE: DRAFT, CANCELED or VOIDED, nothing paid); a new number is created hidden.' }) @IsOptional() @IsBoolean() isActive?: boolean | null;
}
