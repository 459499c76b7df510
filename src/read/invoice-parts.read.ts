import { money, roundMoney } from '../common/money';
import { DecimalScalar } from '../common/scalars';
import { PaymentMethodFilter, PaymentRecordStatusFilter } from '../filters/filter-operators.input';
import { enumValues } from '../filters/filter-values';
import { InvoiceComment } from '../invoices/invoice-comment.entity';
import { InvoiceHistory } from '../invoices/invoice-history.entity';
import { InvoiceLineItem } from '../invoices/invoice-line-item.entity';
import { PaymentMethod, PaymentRecordStatus } from '../lifecycle/payment-enums';
import { Payment } from '../payments/payment.entity';
import { Refund } from '../payments/refund.entity';
import { column, columns, computed, many, readType } from './registry';

/** What an invoice holds: its lines, payments and refunds, comments and history. */
const F = { filter: true } as const;

export const LINE_ITEM = readType(InvoiceLineItem, {
  alias: 'li',
  fields: {
    invoiceId: column(),
    ...columns(F, 'id', 'lineNumber', 'productCode', 'description', 'quantity', 'unitPrice', 'discountAmount', 'taxAmount', 'amount', 'startDate', 'endDate'),
  },
});

export const PAYMENT = readType(Payment, {
  alias: 'pa',
  fields: {
    ...columns({}, 'invoiceId', 'createdById'),
    ...columns(F, 'id', 'amount'),
    currency: column({ filter: true, as: 'currency' }),
    ...columns(F, 'receivedDate', 'referenceNumber', 'notes', 'paymentProfileId', 'cardBrand', 'cardLast4', 'failureReason', 'refundedAmount'),
    ...columns(F, 'createdDate', 'completedAt', 'failedAt'),
    method: column({ filter: true, values: { input: PaymentMethodFilter, values: enumValues('payment method', Object.values(PaymentMethod)) } }),
    status: column({ filter: true, values: { input: PaymentRecordStatusFilter, values: enumValues('payment record status', Object.values(PaymentRecordStatus)) } }),
    netAmount: computed(['amount', 'refundedAmount', 'currency'], ([amount, refunded, currency]) => roundMoney(money(amount as string).minus(refunded as string), currency as string), {
      declare: { type: () => DecimalScalar, description: 'amount - refundedAmount: what is left to refund. Only COMPLETED payments count toward the invoice amountPaid.' },
    }),
    refunds: many(() => Refund, 'paymentId', ['createdDate', 'id'], { declare: { type: () => [Refund], description: 'Refunds of this payment, oldest first.' } }),
  },
});

readType(Refund, { alias: 're', fields: columns({}, 'id', 'paymentId', 'invoiceId', 'amount', 'referenceNumber', 'reason', 'createdDate', 'createdById') });
readType(InvoiceComment, { alias: 'cm', fields: columns({}, 'id', 'invoiceId', 'comment', 'createTime', 'authorId', 'authorName') });
readType(InvoiceHistory, { alias: 'hi', fields: columns({}, 'id', 'invoiceId', 'action', 'fromStatus', 'toStatus', 'actorId', 'createdAt', 'comment', 'changes') });
