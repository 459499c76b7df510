import { EntityManager } from 'typeorm';
import { AppError } from '../common/errors';
import { Payment } from './payment.entity';

/** Columns as the entities' camelCase names: raw rows are returned as Payment/Refund objects without hydration. */
export const PAYMENT_COLUMNS = `tenant_id AS "tenantId", id, invoice_id AS "invoiceId", amount, currency, method, status,
  received_date AS "receivedDate", reference_number AS "referenceNumber", notes, payment_profile_id AS "paymentProfileId",
  card_brand AS "cardBrand", card_last4 AS "cardLast4", failure_reason AS "failureReason", refunded_amount AS "refundedAmount",
  created_date AS "createdDate", created_by_id AS "createdById", completed_at AS "completedAt", failed_at AS "failedAt"`;

export const REFUND_COLUMNS = `tenant_id AS "tenantId", id, payment_id AS "paymentId", invoice_id AS "invoiceId", amount,
  reference_number AS "referenceNumber", reason, created_date AS "createdDate", created_by_id AS "createdById"`;

export const paymentNotFound = (paymentId: string, invoiceId: string) =>
  new AppError('PAYMENT_NOT_FOUND', `Payment ${paymentId} was not found on invoice ${invoiceId}`, { paymentId, invoiceId, path: ['paymentId'] });

/**
 * Locks one payment of the (already locked) invoice. The invoice lock serializes payment
 * actions; this lock also guards the row against any writer that does not take it.
 */
export async function lockPayment(manager: EntityManager, tenantId: string, invoiceId: string, paymentId: string): Promise<Payment> {
  const [row] = await manager.query(
    `SELECT ${PAYMENT_COLUMNS} FROM payment WHERE tenant_id = $1 AND invoice_id = $2 AND id = $3 FOR UPDATE`,
    [tenantId, invoiceId, paymentId],
  );
  if (!row) throw paymentNotFound(paymentId, invoiceId);
  return row as Payment;
}

/** The arguments naming one payment of one invoice. */
export interface PaymentRefArgs {
  invoiceId: string;
  paymentId: string;
}

export const paymentNotPending = (payment: Payment) =>
  new AppError('PAYMENT_NOT_PENDING', `Payment ${payment.id} is ${payment.status}; only a PENDING payment can be completed or failed`, {
    path: ['paymentId'],
    paymentId: payment.id,
    paymentStatus: payment.status,
  });
