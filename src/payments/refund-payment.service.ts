import { randomUUID } from 'node:crypto';
import { AppDeps } from '../app-deps';
import { AppError } from '../common/errors';
import { money, roundMoney } from '../common/money';
import { assertAllowed } from '../invoices/commands/refusal';
import { lockInvoice } from '../invoices/invoice-lock';
import { InvoiceAction } from '../lifecycle/invoice-lifecycle';
import { checkAmount } from './payment-checks';
import { PaymentRecordStatus } from '../lifecycle/payment-enums';
import { writePaymentHistory } from './payment-history';
import { applyLedger, recomputeRefunded } from './payment-ledger';
import { RefundPayload } from './payment-payload.type';
import { lockPayment, PaymentRefArgs, REFUND_COLUMNS } from './payment-rows';
import { PaymentCall, paymentTransaction } from './payment-transaction';
import { Refund } from './refund.entity';
import { RefundPaymentInput } from './refund-payment.input';

export interface RefundPaymentArgs extends PaymentRefArgs {
  input: RefundPaymentInput;
}

/** Nymble "Refund a payment": partial or full, several per payment, up to its net amount. */
export function refundPayment(deps: AppDeps, call: PaymentCall<RefundPaymentArgs>): Promise<RefundPayload> {
  const { tenantId, apiKeyId } = call.principal;
  const { invoiceId, paymentId, input } = call.args;
  return paymentTransaction(deps, 'refundPayment', call, async (manager) => {
    const locked = await lockInvoice(manager, tenantId, invoiceId);
    assertAllowed(locked.facts, InvoiceAction.REFUND_PAYMENT, invoiceId);
    const payment = await lockPayment(manager, tenantId, invoiceId, paymentId);
    if (payment.status !== PaymentRecordStatus.COMPLETED) {
      throw new AppError('PAYMENT_NOT_REFUNDABLE', `Payment ${paymentId} is ${payment.status}; only a COMPLETED payment can be refunded`, {
        path: ['paymentId'],
        paymentId,
        paymentStatus: payment.status,
      });
    }
    const currency = locked.invoice.currencyIsoCode;
    const amount = checkAmount(input.amount, currency, ['input', 'amount']);
    const net = roundMoney(money(payment.amount).minus(payment.refundedAmount), currency);
    if (money(amount).greaterThan(net)) {
      throw new AppError('REFUND_EXCEEDS_PAYMENT', `The refund of ${amount} ${currency} exceeds the payment's net amount of ${net} ${currency}`, {
        path: ['input', 'amount'],
        paymentId,
        amount,
        netAmount: net,
      });
    }

    const [refund] = (await manager.query(
      `INSERT INTO refund (tenant_id, id, payment_id, invoice_id, amount, reference_number, reason, created_date, created_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, clock_timestamp(), $8)
       RETURNING ${REFUND_COLUMNS}`,
      [tenantId, randomUUID(), paymentId, invoiceId, amount, input.referenceNumber ?? null, input.reason ?? null, apiKeyId],
    )) as Refund[];
    const refundedAmount = await recomputeRefunded(manager, tenantId, paymentId, currency);

    const change = await applyLedger(manager, locked, apiKeyId);
    await writePaymentHistory(
      manager, change, InvoiceAction.REFUND_PAYMENT, apiKeyId,
      {
        refund: { id: refund.id, amount, currency, referenceNumber: refund.referenceNumber },
        payment: { id: paymentId, refundedAmount: { from: roundMoney(payment.refundedAmount, currency), to: roundMoney(refundedAmount, currency) } },
      },
      input.reason,
    );
    return { refund, payment: { ...payment, refundedAmount }, invoice: change.invoice };
  });
}
