import { Field, InputType } from 'type-graphql';
import { IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { DecimalScalar, LocalDateScalar } from '../../common/scalars';
import { InvoiceDiscountInput } from './invoice-discount.input';
import { InvoiceFieldsInput, IsCurrencyCode, IsInvoiceNumber } from './invoice-fields.input';

/**
 * A partial update (Nymble's update takes the fields of create): only the fields present change
 * (null clears a nullable field). In PENDING_ACTIVATION and ACTIVE only dueDate, billToContactId,
 * poNumber, notes and customFields may be sent; `lineItems` replaces all lines. The import-only
 * fields of create (importedInvoiceTotal, importedBalance, isActive) are not here: an import is a
 * create (`createInvoices` is idempotent on invoiceNumber), and soft deletion is `deleteInvoices`.
 */
@InputType()
export class UpdateInvoiceInput extends InvoiceFieldsInput {
  @Field(() => String, { nullable: true, description: 'Renumbers a DRAFT; refused with DUPLICATE_INVOICE_NUMBER when another invoice of the tenant has it.' })
  @IsInvoiceNumber() invoiceNumber?: string | null;

  @Field(() => LocalDateScalar, { nullable: true }) dueDate?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(40) paymentTerms?: string | null;
  @Field(() => String, { nullable: true, description: 'ISO 4217, in any case (usd = USD).' }) @IsCurrencyCode() currencyIsoCode?: string | null;
  @Field(() => DecimalScalar, { nullable: true }) taxAmount?: string | null;
  @Field(() => InvoiceDiscountInput, { nullable: true, description: 'null removes the discount.' }) @IsOptional() @ValidateNested() discount?: InvoiceDiscountInput | null;
}
