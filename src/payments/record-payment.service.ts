import { randomUUID } from 'node:crypto';
import { AppDeps } from '../app-deps';
import { assertAllowed } from '../invoices/commands/refusal';
import { lockInvoice } from '../invoices/invoice-lock';
import { roundMoney } from '../common/money';
import { InvoiceAction } from '../lifecycle/invoice-lifecycle';
import { assertNoOverpayment, checkAmount, checkCurrency, invalidInput } from './payment-checks';
import { PaymentRecordStatus } from '../lifecycle/payment-enums';
import { writePaymentHistory } from './payment-history';
import { applyLedger } from './payment-ledger';
import { PaymentPayload } from './payment-payload.type';
import { PAYMENT_COLUMNS } from './payment-rows';
import { PaymentCall, paymentTransaction } from './payment-transaction';
import { Payment } from './payment.entity';
import { RecordPaymentInput } from './record-payment.input';

export interface RecordPaymentArgs {
  invoiceId: string;
  input: RecordPaymentInput;
}

const todayUtc = () => new Date().toISOString().slice(0, 10);

/**
 * Nymble "Record an offline payment": a COMPLETED payment (default) reduces the balance at once
 * and may not exceed it; a PENDING one waits for completePayment / failPayment.
 */
export function recordPayment(deps: AppDeps, call: PaymentCall<RecordPaymentArgs>): Promise<PaymentPayload> {
  const { principal, args } = call;
  const { tenantId, apiKeyId } = principal;
  const { invoiceId, input } = args;
  return paymentTransaction(deps, 'recordPayment', call, async (manager) => {
    const locked = await lockInvoice(manager, tenantId, invoiceId);
    assertAllowed(locked.facts, InvoiceAction.RECORD_PAYMENT, invoiceId);
    const status = input.status ?? PaymentRecordStatus.COMPLETED;
    if (status === PaymentRecordStatus.FAILED) {
      throw invalidInput(['input', 'status'], 'a payment is recorded as COMPLETED or PENDING; use failPayment to fail a pending one');
    }
    const currency = checkCurrency(input.currency, locked.invoice.currencyIsoCode, ['input', 'currency']);
    const amount = checkAmount(input.amount, currency, ['input', 'amount']);
    if (status === PaymentRecordStatus.COMPLETED) assertNoOverpayment(amount, locked.invoice.balance, currency, invoiceId, ['input', 'amount']);

    const completed = status === PaymentRecordStatus.COMPLETED;
    const [payment] = (await manager.query(
      `INSERT INTO payment (tenant_id, id, invoice_id, amount, currency, method, status, received_date, reference_number, notes,
         payment_profile_id, card_brand, card_last4, created_date, created_by_id, completed_at, refunded_amount)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, clock_timestamp(), $14, CASE WHEN $15::boolean THEN now() END, $16)
       RETURNING ${PAYMENT_COLUMNS}`,
      [tenantId, randomUUID(), invoiceId, amount, currency, input.method, status,
        input.receivedDate ?? (completed ? todayUtc() : null), input.referenceNumber ?? null, input.notes ?? null,
        input.paymentProfileId ?? null, input.cardBrand ?? null, input.cardLast4 ?? null, apiKeyId, completed, roundMoney('0', currency)],
    )) as Payment[];

    const change = await applyLedger(manager, locked, apiKeyId);
    await writePaymentHistory(manager, change, InvoiceAction.RECORD_PAYMENT, apiKeyId, {
      payment: { id: payment.id, amount, currency, method: payment.method, status, referenceNumber: payment.referenceNumber },
    });
    return { payment, invoice: change.invoice };
  });
}
