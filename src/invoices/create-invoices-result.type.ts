import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { JSONObjectScalar } from '../common/scalars';
import { CreateOutcome } from './commands/create-invoice.service';
import { Invoice } from './invoice.entity';

registerEnumType(CreateOutcome, { name: 'InvoiceCreateOutcome', description: 'What createInvoices did with one input.' });

@ObjectType({ description: 'Why one input of createInvoices failed.' })
export class InvoiceInputError {
  @Field(() => String) code: string;
  @Field(() => String) message: string;
  @Field(() => [String], { nullable: true, description: 'Path of the offending value, e.g. ["inputs", "2", "lineItems", "0", "quantity"].' }) path: string[] | null;
  @Field(() => JSONObjectScalar, { nullable: true, description: 'The error extensions (fields, invoiceId, ...).' }) extensions: Record<string, unknown> | null;
}

@ObjectType()
export class CreateInvoiceResult {
  @Field(() => Int) index: number;
  @Field(() => String, { nullable: true }) invoiceNumber: string | null;
  @Field(() => CreateOutcome) outcome: CreateOutcome;
  @Field(() => Invoice, { nullable: true }) invoice: Invoice | null;
  @Field(() => InvoiceInputError, { nullable: true }) error: InvoiceInputError | null;
}

/** Plain data (no class instances): an idempotent replay hands back the stored JSON as is. */
@ObjectType({ description: 'createInvoices: counts and one result per input, in input order.' })
export class CreateInvoicesResult {
  @Field(() => Int) createdCount: number;
  @Field(() => Int) existingCount: number;
  @Field(() => Int) softDeletedCount: number;
  @Field(() => Int) failedCount: number;
  @Field(() => [CreateInvoiceResult]) results: CreateInvoiceResult[];
}
