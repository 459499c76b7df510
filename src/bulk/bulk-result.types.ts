import { Arg, Field, ID, Int, ObjectType } from 'type-graphql';
import { Max, Min } from 'class-validator';
import type { ErrorCode } from '../common/errors';
import { InvoiceStatus } from '../invoices/invoice-status';
import { InvoiceAction } from '../lifecycle/invoice-lifecycle';

@ObjectType({ description: 'Why one invoice of a bulk call was refused.' })
export class BulkInvoiceError {
  @Field(() => ID) invoiceId: string;
  @Field(() => String, { description: 'A code of the error catalogue (INVALID_TRANSITION, INVOICE_HAS_PAYMENTS, INVOICE_NOT_FOUND, ...).' }) code: ErrorCode;
  @Field(() => String) message: string;
}

/**
 * One invoice's outcome. `invoice` is resolved lazily (DataLoader, one query for the whole
 * list), so a 100,000-invoice activation costs nothing extra unless the client selects it.
 */
@ObjectType()
export class BulkInvoiceResult {
  @Field(() => ID) invoiceId: string;
  @Field(() => Boolean) success: boolean;
  @Field(() => InvoiceStatus, { nullable: true, description: 'Status before the action (null when not found).' }) fromStatus: InvoiceStatus | null;
  @Field(() => InvoiceStatus, { nullable: true, description: 'Status after the action (or that it would have, on a dry run); null when deleted or refused.' }) toStatus: InvoiceStatus | null;
  @Field(() => Boolean, { description: 'The invoice was (or, on a dry run, would be) deleted.' }) deleted: boolean;
  @Field(() => BulkInvoiceError, { nullable: true }) error: BulkInvoiceError | null;
}

@ObjectType({ description: 'Outcome of a bulk lifecycle mutation: counts plus one result per selected invoice.' })
export class BulkInvoiceActionResult {
  @Field(() => InvoiceAction) action: InvoiceAction;
  @Field(() => Boolean) dryRun: boolean;
  @Field(() => Int, { description: 'Invoices selected (plus requested ids that were not found).' }) selectedCount: number;
  @Field(() => Int) succeededCount: number;
  @Field(() => Int) failedCount: number;

  /** All results, ids in ascending order; the `results` field pages over them. */
  all: BulkInvoiceResult[];

  @Field(() => [BulkInvoiceResult], { description: 'Per-invoice results in invoice id order; page with offset/limit or ask only for failures.' })
  results(
    @Arg('onlyFailures', () => Boolean, { nullable: true }) onlyFailures?: boolean | null,
    @Arg('offset', () => Int, { nullable: true }) offset?: number | null,
    @Arg('limit', () => Int, { nullable: true }) limit?: number | null,
  ): BulkInvoiceResult[] {
    const list = onlyFailures ? this.all.filter((r) => !r.success) : this.all;
    const start = Math.max(offset ?? 0, 0);
    return list.slice(start, limit == null ? undefined : start + Math.max(limit, 0));
  }
}
