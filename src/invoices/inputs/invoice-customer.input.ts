import { Field, InputType } from 'type-graphql';
import { IsEmail, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { AddressType } from '../../common/address.type';

/**
 * Nymble's customer details on create: matched by customerNumber within the tenant (created
 * when new), so an import needs no separate customer call.
 */
@InputType()
export class InvoiceCustomerInput {
  @Field(() => String) @IsString() @MinLength(1) @MaxLength(100) customerNumber: string;
  @Field(() => String) @IsString() @MinLength(1) @MaxLength(400) companyName: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsEmail() @MaxLength(320) companyEmail?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(60) companyPhone?: string | null;
  @Field(() => AddressType, { nullable: true }) @IsOptional() @ValidateNested() billingAddress?: AddressType | null;
  @Field(() => AddressType, { nullable: true }) @IsOptional() @ValidateNested() shippingAddress?: AddressType | null;
}
