import { Field, InputType, ObjectType } from 'type-graphql';
import { IsEmail, IsOptional, IsString, MaxLength } from 'class-validator';

/** Nymble's sales rep details, kept with the invoice as issued. */
@ObjectType('SalesRep')
@InputType('SalesRepInput')
export class SalesRepType {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(100) repNumber?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) firstName?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) lastName?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(400) fullName?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsEmail() @MaxLength(320) email?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(60) phoneNumber?: string | null;
}
