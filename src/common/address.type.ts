import { Field, InputType, ObjectType } from 'type-graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** A postal address: a customer's billing and shipping address, an invoice party's (stored as jsonb). */
@ObjectType('Address', { simpleResolvers: true })
@InputType('AddressInput')
export class AddressType {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(500) street?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) city?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) state?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(40) postalCode?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(100) country?: string | null;
}
