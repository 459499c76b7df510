import { EntityManager } from 'typeorm';
import { AppError } from '../common/errors';
import { entityColumns } from '../common/entity-columns';
import { Payment } from './payment.entity';
import { Refund } from './refund.entity';

/** Every column as the entity's property names (qualified by the table): raw rows are Payment/Refund objects without hydration. */
export const PAYMENT_COLUMNS = entityColumns(Payment, 'payment');
export const REFUND_COLUMNS = entityColumns(Refund, 'refund');

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
