import { Field, ID, InputType } from 'type-graphql';
import { ArrayMaxSize, IsBoolean, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { LocalDateScalar } from '../common/scalars';
import { InvoiceWhereInput } from '../read/where-inputs';
import { InvoiceCommentInput } from '../invoices/inputs/invoice-comment.input';

export const MAX_BULK_IDS = 100_000;

/** The selection fields of every bulk input, as the services read them. */
export interface BulkSelectionFields {
  invoiceIds?: string[] | null;
  where?: unknown;
  all?: boolean | null;
  dryRun?: boolean | null;
}

/**
 * Which invoices a bulk mutation acts on: `invoiceIds`, a `where` filter (the invoices query's
 * InvoiceWhereInput, so Nue's graphqlFilter translates one to one), or both (intersection).
 * Neither, or an empty `where`, is refused unless `all: true` says "every invoice" on purpose.
 * A base class only: its fields appear in each subclass's input type (it is never an argument
 * itself, so the schema does not list it).
 */
@InputType('BulkInvoiceSelectionInput')
export class BulkInvoiceSelectionInput implements BulkSelectionFields {
  @Field(() => [ID], { nullable: true, description: 'Invoices to act on (intersected with `where` when both are given).' })
  @IsOptional() @ArrayMaxSize(MAX_BULK_IDS) @IsUUID('all', { each: true }) invoiceIds?: string[] | null;

  @Field(() => InvoiceWhereInput, { nullable: true, description: 'The invoices query filter (Nue graphqlFilter); an empty object is refused.' })
  where?: InvoiceWhereInput | null;

  @Field(() => Boolean, { nullable: true, description: 'Required to act on every invoice of the tenant without ids or a filter.' })
  @IsOptional() @IsBoolean() all?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Report per invoice what would happen; change nothing.' })
  @IsOptional() @IsBoolean() dryRun?: boolean | null;
}

/** A bulk selection plus Nue's `invoiceComment`, kept on each invoice the action changes. */
@InputType('CommentedBulkInvoiceSelectionInput')
export class CommentedBulkInvoiceSelectionInput extends BulkInvoiceSelectionInput {
  @Field(() => InvoiceCommentInput, { nullable: true }) @IsOptional() @ValidateNested() invoiceComment?: InvoiceCommentInput | null;
}

@InputType({ description: 'Nue DELETE /billing/invoices: DRAFT, or CANCELED/VOIDED without payment history, is deleted for good.' })
export class DeleteInvoicesInput extends BulkInvoiceSelectionInput {}

@InputType({ description: 'Nue POST /billing/invoices:cancel.' })
export class CancelInvoicesInput extends CommentedBulkInvoiceSelectionInput {}

@InputType({ description: 'Void: removes the invoices from receivables (Nymble void).' })
export class VoidInvoicesInput extends CommentedBulkInvoiceSelectionInput {}

@InputType({ description: 'Nue POST /billing/invoices:activate (Nymble issue).' })
export class ActivateInvoicesInput extends CommentedBulkInvoiceSelectionInput {
  @Field(() => LocalDateScalar, { nullable: true, description: 'New invoice date; the due date is recalculated from the payment terms.' })
  invoiceDate?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'A future date schedules the activation (PENDING_ACTIVATION until then).' })
  activateOn?: string | null;
}
