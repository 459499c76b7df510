import { Field, InputType } from 'type-graphql';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** Nue's `invoiceComment`: kept on the invoice (comments) and on the history entry. */
@InputType()
export class InvoiceCommentInput {
  @Field(() => String) @IsString() @MinLength(1) @MaxLength(4000) comment: string;
}
