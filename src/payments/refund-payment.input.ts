import { Field, InputType } from 'type-graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { DecimalScalar } from '../common/scalars';

/** Nymble's "Refund a payment" body. */
@InputType()
export class RefundPaymentInput {
  @Field(() => DecimalScalar, { description: "Positive, at most the payment's net amount (amount - refunds so far)." })
  amount: string;

  @Field(() => String, { nullable: true })
  @IsOptional() @IsString() @MaxLength(200)
  referenceNumber?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional() @IsString() @MaxLength(4000)
  reason?: string | null;
}
