import { Field, InputType } from 'type-graphql';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { DecimalScalar, LocalDateScalar } from '../../common/scalars';

/** One line of a created or replaced invoice; money is checked against the invoice currency by the service. */
@InputType({ description: 'An invoice line: amount = round(quantity x unitPrice) - discountAmount.' })
export class InvoiceLineItemInput {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) productCode?: string | null;
  @Field(() => String) @IsString() @MinLength(1) @MaxLength(2000) description: string;
  @Field(() => DecimalScalar) quantity: string;
  @Field(() => DecimalScalar) unitPrice: string;
  @Field(() => DecimalScalar, { nullable: true, description: 'Line-level discount in money.' }) discountAmount?: string | null;
  @Field(() => DecimalScalar, { nullable: true }) taxAmount?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) startDate?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) endDate?: string | null;
}
