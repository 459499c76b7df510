import { Decimal } from 'decimal.js';
import type { EntityManager } from 'typeorm';
import { money, roundMoney } from '../common/money';
import { InvoicePaymentStatus } from './invoice-status';

/** What the ledger holds for one invoice: the sums its figures are derived from. */
export interface LedgerSums {
  /** Sum of the invoice's COMPLETED payments (pending and failed ones count for nothing). */
  completed: string;
  /** Sum of every refund of those payments. */
  refunded: string;
}

export interface LedgerFigures {
  amountPaid: string;
  balance: string;
  paymentStatus: InvoicePaymentStatus;
}

export const NOTHING_RECEIVED: LedgerSums = Object.freeze({ completed: '0', refunded: '0' });

/**
 * THE derivation of an invoice's amountPaid, balance and paymentStatus. Every writer (payments,
 * refunds, discounts, updates, creation and import, the seed's plan) calls it with the same
 * facts: the invoice's amount and its ledger sums. The lifecycle status plays no part.
 *
 * - amountPaid = completed payments - refunds (what the customer has paid, net);
 * - balance = amount - amountPaid, never below zero;
 * - paymentStatus, in this order:
 *   - PAID: nothing is left to pay (balance 0), whatever the amount, zero included (a 0.00
 *     invoice or a 100 % discount is PAID from the start; a fully paid one stays PAID);
 *   - PARTIALLY_PAID: something was paid, and something is left;
 *   - REFUNDED: money came in and all of it went back, so the whole amount is due again;
 *   - UNPAID: nothing came in.
 *
 * All figures are rounded to the currency's minor unit.
 */
export function deriveLedgerFigures(amount: string, sums: LedgerSums, currency: string): LedgerFigures {
  const paid = money(sums.completed).minus(sums.refunded);
  const balance = Decimal.max(money(amount).minus(paid), 0);
  let paymentStatus: InvoicePaymentStatus;
  if (balance.isZero()) paymentStatus = InvoicePaymentStatus.PAID;
  else if (paid.greaterThan(0)) paymentStatus = InvoicePaymentStatus.PARTIALLY_PAID;
  else if (money(sums.refunded).greaterThan(0)) paymentStatus = InvoicePaymentStatus.REFUNDED;
  else paymentStatus = InvoicePaymentStatus.UNPAID;
  return { amountPaid: roundMoney(paid, currency), balance: roundMoney(balance, currency), paymentStatus };
}

/** The ledger's sums for one invoice, read in the caller's transaction. */
export async function readLedgerSums(manager: EntityManager, tenantId: string, invoiceId: string): Promise<LedgerSums> {
  const [row] = await manager.query(
    `SELECT
       (SELECT COALESCE(SUM(amount), 0) FROM payment WHERE tenant_id = $1 AND invoice_id = $2 AND status = 'COMPLETED')::text AS completed,
       (SELECT COALESCE(SUM(amount), 0) FROM refund WHERE tenant_id = $1 AND invoice_id = $2)::text AS refunded`,
    [tenantId, invoiceId],
  );
  return row;
}

/** The figures an invoice of `amount` has given what its ledger holds now. */
export async function ledgerFiguresOf(manager: EntityManager, tenantId: string, invoiceId: string, amount: string, currency: string): Promise<LedgerFigures> {
  return deriveLedgerFigures(amount, await readLedgerSums(manager, tenantId, invoiceId), currency);
}
