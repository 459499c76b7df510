import { Field, InputType } from 'type-graphql';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { DecimalScalar } from '../../common/scalars';
import { DiscountType } from '../invoice-status';

/** Nymble's order-level discount: a percentage of the subtotal or a fixed amount. */
@InputType()
export class InvoiceDiscountInput {
  @Field(() => DiscountType) @IsEnum(DiscountType) type: DiscountType;
  @Field(() => DecimalScalar, { description: 'Percent (0-100) for PERCENTAGE, money in the invoice currency for AMOUNT.' }) value: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(100) code?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(1000) description?: string | null;
}
