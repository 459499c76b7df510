import { Field, ID, InputType } from 'type-graphql';
import { ArrayMaxSize, IsBoolean, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { LocalDateScalar } from '../../common/scalars';
import { InvoiceWhereInput } from '../../filters/invoice-where.input';
import { InvoiceCommentInput } from './invoice-comment.input';

export const MAX_BULK_IDS = 100_000;

/**
 * Which invoices a bulk mutation acts on: `invoiceIds`, a `where` filter (the invoices query's
 * InvoiceWhereInput, so Nue's graphqlFilter translates one to one), or both (intersection).
 * Neither, or an empty `where`, is refused unless `all: true` says "every invoice" on purpose.
 */
/** The selection fields every bulk input declares (repeated per class: type-graphql 2 has no abstract input types). */
export interface BulkSelectionFields {
  invoiceIds?: string[] | null;
  where?: unknown;
  all?: boolean | null;
  dryRun?: boolean | null;
}

@InputType({ description: 'Nue DELETE /billing/invoices: DRAFT, or CANCELED/VOIDED without payment history, is deleted for good.' })
export class DeleteInvoicesInput implements BulkSelectionFields {
  @Field(() => [ID], { nullable: true, description: 'Invoices to act on (intersected with `where` when both are given).' })
  @IsOptional() @ArrayMaxSize(MAX_BULK_IDS) @IsUUID('all', { each: true }) invoiceIds?: string[] | null;

  @Field(() => InvoiceWhereInput, { nullable: true, description: 'The invoices query filter (Nue graphqlFilter); an empty object is refused.' })
  where?: InvoiceWhereInput | null;

  @Field(() => Boolean, { nullable: true, description: 'Required to act on every invoice of the tenant without ids or a filter.' })
  @IsOptional() @IsBoolean() all?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Report per invoice what would happen; change nothing.' })
  @IsOptional() @IsBoolean() dryRun?: boolean | null;
}

@InputType({ description: 'Nue POST /billing/invoices:cancel.' })
export class CancelInvoicesInput implements BulkSelectionFields {
  @Field(() => [ID], { nullable: true, description: 'Invoices to act on (intersected with `where` when both are given).' })
  @IsOptional() @ArrayMaxSize(MAX_BULK_IDS) @IsUUID('all', { each: true }) invoiceIds?: string[] | null;

  @Field(() => InvoiceWhereInput, { nullable: true, description: 'The invoices query filter (Nue graphqlFilter); an empty object is refused.' })
  where?: InvoiceWhereInput | null;

  @Field(() => Boolean, { nullable: true, description: 'Required to act on every invoice of the tenant without ids or a filter.' })
  @IsOptional() @IsBoolean() all?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Report per invoice what would happen; change nothing.' })
  @IsOptional() @IsBoolean() dryRun?: boolean | null;

  @Field(() => InvoiceCommentInput, { nullable: true }) @IsOptional() @ValidateNested() invoiceComment?: InvoiceCommentInput | null;
}

@InputType({ description: 'Void: removes the invoices from receivables (Nymble void).' })
export class VoidInvoicesInput implements BulkSelectionFields {
  @Field(() => [ID], { nullable: true, description: 'Invoices to act on (intersected with `where` when both are given).' })
  @IsOptional() @ArrayMaxSize(MAX_BULK_IDS) @IsUUID('all', { each: true }) invoiceIds?: string[] | null;

  @Field(() => InvoiceWhereInput, { nullable: true, description: 'The invoices query filter (Nue graphqlFilter); an empty object is refused.' })
  where?: InvoiceWhereInput | null;

  @Field(() => Boolean, { nullable: true, description: 'Required to act on every invoice of the tenant without ids or a filter.' })
  @IsOptional() @IsBoolean() all?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Report per invoice what would happen; change nothing.' })
  @IsOptional() @IsBoolean() dryRun?: boolean | null;

  @Field(() => InvoiceCommentInput, { nullable: true }) @IsOptional() @ValidateNested() invoiceComment?: InvoiceCommentInput | null;
}

@InputType({ description: 'Nue POST /billing/invoices:activate (Nymble issue).' })
export class ActivateInvoicesInput implements BulkSelectionFields {
  @Field(() => [ID], { nullable: true, description: 'Invoices to act on (intersected with `where` when both are given).' })
  @IsOptional() @ArrayMaxSize(MAX_BULK_IDS) @IsUUID('all', { each: true }) invoiceIds?: string[] | null;

  @Field(() => InvoiceWhereInput, { nullable: true, description: 'The invoices query filter (Nue graphqlFilter); an empty object is refused.' })
  where?: InvoiceWhereInput | null;

  @Field(() => Boolean, { nullable: true, description: 'Required to act on every invoice of the tenant without ids or a filter.' })
  @IsOptional() @IsBoolean() all?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Report per invoice what would happen; change nothing.' })
  @IsOptional() @IsBoolean() dryRun?: boolean | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'New invoice date; the due date is recalculated from the payment terms.' })
  invoiceDate?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'A future date schedules the activation (PENDING_ACTIVATION until then).' })
  activateOn?: string | null;

  @Field(() => InvoiceCommentInput, { nullable: true }) @IsOptional() @ValidateNested() invoiceComment?: InvoiceCommentInput | null;
}
