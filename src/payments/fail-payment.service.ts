import { AppDeps } from '../app-deps';
import { validationFailed } from '../invoices/commands/validation';
import { assertAllowed } from '../invoices/commands/refusal';
import { lockInvoice } from '../invoices/invoice-lock';
import { InvoiceAction } from '../lifecycle/invoice-lifecycle';
import { PaymentRecordStatus } from '../lifecycle/payment-enums';
import { writePaymentHistory } from './payment-history';
import { applyLedger } from './payment-ledger';
import { PaymentPayload } from './payment-payload.type';
import { lockPayment, PAYMENT_COLUMNS, paymentNotPending, PaymentRefArgs } from './payment-rows';
import { PaymentCall, paymentTransaction } from './payment-transaction';
import { Payment } from './payment.entity';

export interface FailPaymentArgs extends PaymentRefArgs {
  reason?: string | null;
}

/** The same bound as a refund's reason (RefundPaymentInput). */
const MAX_REASON_LENGTH = 4000;

/** Nymble "Mark a payment as failed": PENDING -> FAILED; the balance does not move. */
export function failPayment(deps: AppDeps, call: PaymentCall<FailPaymentArgs>): Promise<PaymentPayload> {
  const { tenantId, apiKeyId } = call.principal;
  const { invoiceId, paymentId, reason } = call.args;
  if (reason && reason.length > MAX_REASON_LENGTH) throw validationFailed([{ path: ['reason'], message: `must be at most ${MAX_REASON_LENGTH} characters` }]);
  return paymentTransaction(deps, 'failPayment', call, async (manager) => {
    const locked = await lockInvoice(manager, tenantId, invoiceId);
    assertAllowed(locked.facts, InvoiceAction.FAIL_PAYMENT, invoiceId);
    const pending = await lockPayment(manager, tenantId, invoiceId, paymentId);
    if (pending.status !== PaymentRecordStatus.PENDING) throw paymentNotPending(pending);

    const [[payment]] = (await manager.query(
      `UPDATE payment SET status = 'FAILED', failed_at = now(), failure_reason = $3
       WHERE tenant_id = $1 AND id = $2 RETURNING ${PAYMENT_COLUMNS}`,
      [tenantId, paymentId, reason ?? null],
    )) as [Payment[], number];

    // Figures stay as they are, but the invoice still gets a new version and lastModified.
    const change = await applyLedger(manager, locked, apiKeyId);
    await writePaymentHistory(
      manager, change, InvoiceAction.FAIL_PAYMENT, apiKeyId,
      { payment: { id: payment.id, amount: payment.amount, currency: payment.currency, method: payment.method, status: { from: pending.status, to: payment.status } } },
      reason,
    );
    return { payment, invoice: change.invoice };
  });
}
