import { EntityManager } from 'typeorm';
import { AppError } from '../common/errors';
import { minorUnits, money, roundMoney } from '../common/money';
import { LockedInvoice } from '../invoices/invoice-lock';
import { Invoice } from '../invoices/invoice.entity';
import { deriveLedgerFigures, LedgerFigures, readLedgerSums } from '../invoices/ledger-figures';

export interface LedgerChange {
  invoice: Invoice;
  before: LedgerFigures;
  after: LedgerFigures;
}

/**
 * Recomputes the invoice's amountPaid, balance and paymentStatus from the ledger (never by
 * adding to the stored figures, so nothing can drift; deriveLedgerFigures is the one rule) and
 * bumps version and lastModified. Runs inside the caller's transaction, after its ledger
 * change, on the invoice it locked.
 */
export async function applyLedger(manager: EntityManager, locked: LockedInvoice, actorId: string | null): Promise<LedgerChange> {
  const { invoice } = locked;
  const currency = invoice.currencyIsoCode;
  const before: LedgerFigures = {
    amountPaid: roundMoney(invoice.amountPaid, currency),
    balance: roundMoney(invoice.balance, currency),
    paymentStatus: invoice.paymentStatus,
  };
  const sums = await readLedgerSums(manager, invoice.tenantId, invoice.id);
  const paid = money(sums.completed).minus(sums.refunded);
  if (paid.isNegative() || paid.greaterThan(invoice.amount)) {
    // The services refuse overpayments and over-refunds before writing; this is the last line.
    throw new AppError('INTERNAL_SERVER_ERROR', `Ledger of invoice ${invoice.id} is inconsistent (paid ${paid.toString()})`);
  }
  const after = deriveLedgerFigures(invoice.amount, sums, currency);
  // UPDATE through TypeORM answers [rows, rowCount].
  const [[row]] = await manager.query(
    `UPDATE invoice SET amount_paid = $3, balance = $4, payment_status = $5, version = version + 1,
       last_modified_date = now(), last_modified_by_id = $6
     WHERE tenant_id = $1 AND id = $2
     RETURNING version, last_modified_date AS "lastModifiedDate"`,
    [invoice.tenantId, invoice.id, after.amountPaid, after.balance, after.paymentStatus, actorId],
  );
  Object.assign(invoice, after, { version: row.version, lastModifiedDate: row.lastModifiedDate, lastModifiedById: actorId });
  return { invoice, before, after };
}

/** A payment's refundedAmount as the sum of its refunds, in the currency's minor unit. */
export async function recomputeRefunded(manager: EntityManager, tenantId: string, paymentId: string, currency: string): Promise<string> {
  const [[row]] = await manager.query(
    `UPDATE payment SET refunded_amount = round((SELECT COALESCE(SUM(amount), 0) FROM refund WHERE tenant_id = $1 AND payment_id = $2), $3)
     WHERE tenant_id = $1 AND id = $2 RETURNING refunded_amount AS "refundedAmount"`,
    [tenantId, paymentId, minorUnits(currency)],
  );
  return row.refundedAmount;
}
/** The history entry's amount details: each ledger figure as {from, to}. */
export function ledgerChanges(change: LedgerChange): Record<string, { from: string; to: string }> {
  const out: Record<string, { from: string; to: string }> = {};
  for (const field of ['amountPaid', 'balance', 'paymentStatus'] as const) {
    if (change.before[field] !== change.after[field]) out[field] = { from: change.before[field], to: change.after[field] };
  }
  return out;
}
