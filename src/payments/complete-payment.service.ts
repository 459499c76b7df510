import { AppDeps } from '../app-deps';
import { assertAllowed } from '../invoices/commands/refusal';
import { lockInvoice } from '../invoices/invoice-lock';
import { InvoiceAction } from '../lifecycle/invoice-lifecycle';
import { assertNoOverpayment } from './payment-checks';
import { PaymentRecordStatus } from '../lifecycle/payment-enums';
import { writePaymentHistory } from './payment-history';
import { applyLedger } from './payment-ledger';
import { PaymentPayload } from './payment-payload.type';
import { lockPayment, PAYMENT_COLUMNS, paymentNotPending, PaymentRefArgs } from './payment-rows';
import { PaymentCall, paymentTransaction } from './payment-transaction';
import { Payment } from './payment.entity';

/** Nymble "Complete a hosted payment": PENDING -> COMPLETED, refused if it would overpay. */
export function completePayment(deps: AppDeps, call: PaymentCall<PaymentRefArgs>): Promise<PaymentPayload> {
  const { tenantId, apiKeyId } = call.principal;
  const { invoiceId, paymentId } = call.args;
  return paymentTransaction(deps, 'completePayment', call, async (manager) => {
    const locked = await lockInvoice(manager, tenantId, invoiceId);
    assertAllowed(locked.facts, InvoiceAction.COMPLETE_PAYMENT, invoiceId);
    const pending = await lockPayment(manager, tenantId, invoiceId, paymentId);
    if (pending.status !== PaymentRecordStatus.PENDING) throw paymentNotPending(pending);
    assertNoOverpayment(pending.amount, locked.invoice.balance, locked.invoice.currencyIsoCode, invoiceId, ['paymentId']);

    const [[payment]] = (await manager.query(
      `UPDATE payment SET status = 'COMPLETED', completed_at = now(),
         received_date = COALESCE(received_date, (now() AT TIME ZONE 'UTC')::date)
       WHERE tenant_id = $1 AND id = $2 RETURNING ${PAYMENT_COLUMNS}`,
      [tenantId, paymentId],
    )) as [Payment[], number];

    const change = await applyLedger(manager, locked, apiKeyId);
    await writePaymentHistory(manager, change, InvoiceAction.COMPLETE_PAYMENT, apiKeyId, {
      payment: { id: payment.id, amount: payment.amount, currency: payment.currency, method: payment.method, status: { from: pending.status, to: payment.status } },
    });
    return { payment, invoice: change.invoice };
  });
}
