import { Field, InputType } from 'type-graphql';
import { IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { AddressType } from '../../common/address.type';

/** An id in another system (Nue's 001ks00000dvz1ayad): 1-255 characters, no spaces at either end. */
export function IsExternalId(): PropertyDecorator {
  const rules = [IsOptional(), IsString(), MinLength(1), MaxLength(255), Matches(/^\S(.*\S)?$/, { message: 'externalId must not start or end with spaces' })];
  return (target, key) => rules.forEach((rule) => rule(target, key as string));
}

const rules = {
  customerNumber: () => [IsOptional(), IsString(), MinLength(1), MaxLength(100)],
  companyName: () => [IsString(), MinLength(1), MaxLength(400)],
  companyEmail: () => [IsOptional(), IsEmail(), MaxLength(320)],
  companyPhone: () => [IsOptional(), IsString(), MaxLength(60)],
};
const apply = (decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((d) => d(target, key));

@InputType({ description: 'A new customer (Nymble customer details; Nue customer/account).' })
export class CreateCustomerInput {
  @Field(() => String, { nullable: true, description: "The customer's id in another system, e.g. Nue's 001ks00000dvz1ayad; unique per tenant (DUPLICATE_CUSTOMER)." })
  @IsExternalId() externalId?: string | null;

  @Field(() => String, { nullable: true, description: 'Unique per tenant (DUPLICATE_CUSTOMER); createInvoice matches customer details by it.' })
  @apply(rules.customerNumber()) customerNumber?: string | null;

  @Field(() => String) @apply(rules.companyName()) companyName: string;
  @Field(() => String, { nullable: true }) @apply(rules.companyEmail()) companyEmail?: string | null;
  @Field(() => String, { nullable: true }) @apply(rules.companyPhone()) companyPhone?: string | null;
  @Field(() => AddressType, { nullable: true }) @IsOptional() @ValidateNested() billingAddress?: AddressType | null;
  @Field(() => AddressType, { nullable: true }) @IsOptional() @ValidateNested() shippingAddress?: AddressType | null;
}

@InputType({ description: 'A partial update of a customer: only the fields present change; null clears a field (companyName cannot be cleared).' })
export class UpdateCustomerInput {
  @Field(() => String, { nullable: true }) @IsExternalId() externalId?: string | null;
  @Field(() => String, { nullable: true }) @apply(rules.customerNumber()) customerNumber?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @apply(rules.companyName()) companyName?: string | null;
  @Field(() => String, { nullable: true }) @apply(rules.companyEmail()) companyEmail?: string | null;
  @Field(() => String, { nullable: true }) @apply(rules.companyPhone()) companyPhone?: string | null;
  @Field(() => AddressType, { nullable: true }) @IsOptional() @ValidateNested() billingAddress?: AddressType | null;
  @Field(() => AddressType, { nullable: true }) @IsOptional() @ValidateNested() shippingAddress?: AddressType | null;
}
