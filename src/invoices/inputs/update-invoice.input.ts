import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { DecimalScalar, LocalDateScalar } from '../../common/scalars';
import { InvoiceDiscountInput } from './invoice-discount.input';
import { InvoiceFieldsInput } from './invoice-fields.input';

/**
 * A partial update: only the fields present change (null clears a nullable field). In
 * PENDING_ACTIVATION and ACTIVE only dueDate, billToContactId, poNumber, notes and customFields
 * may be sent; `lineItems` replaces all lines.
 */
@InputType()
export class UpdateInvoiceInput extends InvoiceFieldsInput {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all') customerId?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) dueDate?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(40) paymentTerms?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Matches(/^[A-Z]{3}$/, { message: 'currencyIsoCode must be a three-letter ISO 4217 code' }) currencyIsoCode?: string | null;
  @Field(() => DecimalScalar, { nullable: true }) taxAmount?: string | null;
  @Field(() => InvoiceDiscountInput, { nullable: true, description: 'null removes the discount.' }) @IsOptional() @ValidateNested() discount?: InvoiceDiscountInput | null;
}
