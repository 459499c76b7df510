import { Field, ID, InputType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { DecimalScalar, JSONObjectScalar, LocalDateScalar } from '../../common/scalars';
import { SalesRepType } from '../sales-rep.type';
import { InvoiceCustomerInput } from './invoice-customer.input';
import { InvoiceLineItemInput } from './invoice-line-item.input';

export const MAX_LINES = 1000;

/** The rules of a supplied invoice number, on create (import) and on update (renumber). */
export function IsInvoiceNumber(): PropertyDecorator {
  const rules = [IsOptional(), IsString(), MinLength(1), MaxLength(100), Matches(/^\S(.*\S)?$/, { message: 'invoiceNumber must not start or end with spaces' })];
  return (target, key) => rules.forEach((rule) => rule(target, key as string));
}

/** A currency code, in any case ("usd" is USD: services store normalizeCurrencyCode of it). */
export function IsCurrencyCode(): PropertyDecorator {
  const rules = [IsOptional(), IsString(), Matches(/^\s*[A-Za-z]{3}\s*$/, { message: 'currencyIsoCode must be a three-letter ISO 4217 code' })];
  return (target, key) => rules.forEach((rule) => rule(target, key as string));
}

/**
 * The invoice fields that createInvoice and updateInvoice take alike (same type, rules and
 * description). A base class only: never an argument itself, so the schema does not list it;
 * fields whose meaning differs between create and update are declared by each.
 */
@InputType('InvoiceFieldsInput')
export class InvoiceFieldsInput {
  @Field(() => ID, { nullable: true, description: 'An existing customer; or give customerExternalId, or `customer` details instead.' })
  @IsOptional() @IsUUID('all') customerId?: string | null;

  @Field(() => String, { nullable: true, description: "An existing customer by its externalId (its id in another system, e.g. Nue's customerId 001ks00000dvz1ayad)." })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(255) customerExternalId?: string | null;

  @Field(() => InvoiceCustomerInput, { nullable: true, description: 'Customer details, matched by customerNumber (created when new): the invoice is for that customer.' })
  @IsOptional() @ValidateNested() customer?: InvoiceCustomerInput | null;

  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all') billToContactId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) externalId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) orderId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) orderNumber?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) salesAccountId?: string | null;
  @Field(() => SalesRepType, { nullable: true }) @IsOptional() @ValidateNested() salesRep?: SalesRepType | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) poNumber?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) invoiceDate?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) startDate?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) endDate?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) targetDate?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(10000) notes?: string | null;

  @Field(() => [InvoiceLineItemInput], { nullable: true })
  @IsOptional() @ArrayMaxSize(MAX_LINES) @ValidateNested({ each: true }) lineItems?: InvoiceLineItemInput[] | null;

  @Field(() => DecimalScalar, { nullable: true }) shippingAndHandling?: string | null;
  @Field(() => JSONObjectScalar, { nullable: true }) customFields?: Record<string, unknown> | null;
}
