import { Field, ID, InputType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { DecimalScalar, JSONObjectScalar, LocalDateScalar } from '../../common/scalars';
import { SalesRepType } from '../sales-rep.type';
import { MAX_LINES } from './create-invoice.input';
import { InvoiceDiscountInput } from './invoice-discount.input';
import { InvoiceLineItemInput } from './invoice-line-item.input';

/**
 * A partial update: only the fields present change (null clears a nullable field). In
 * PENDING_ACTIVATION and ACTIVE only dueDate, billToContactId, poNumber, notes and customFields
 * may be sent; `lineItems` replaces all lines.
 */
@InputType()
export class UpdateInvoiceInput {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all') customerId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all') billToContactId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) externalId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) orderId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) orderNumber?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) salesAccountId?: string | null;
  @Field(() => SalesRepType, { nullable: true }) @IsOptional() @ValidateNested() salesRep?: SalesRepType | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) poNumber?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) invoiceDate?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) dueDate?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) startDate?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) endDate?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) targetDate?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(40) paymentTerms?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Matches(/^[A-Z]{3}$/, { message: 'currencyIsoCode must be a three-letter ISO 4217 code' }) currencyIsoCode?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(10000) notes?: string | null;
  @Field(() => [InvoiceLineItemInput], { nullable: true }) @IsOptional() @ArrayMaxSize(MAX_LINES) @ValidateNested({ each: true }) lineItems?: InvoiceLineItemInput[] | null;
  @Field(() => DecimalScalar, { nullable: true }) taxAmount?: string | null;
  @Field(() => DecimalScalar, { nullable: true }) shippingAndHandling?: string | null;
  @Field(() => InvoiceDiscountInput, { nullable: true, description: 'null removes the discount.' }) @IsOptional() @ValidateNested() discount?: InvoiceDiscountInput | null;
  @Field(() => JSONObjectScalar, { nullable: true }) customFields?: Record<string, unknown> | null;
}
