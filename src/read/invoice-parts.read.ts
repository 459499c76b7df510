import { money, roundMoney } from '../common/money';
import { DecimalScalar } from '../common/scalars';
import { PaymentMethodFilter, PaymentRecordStatusFilter } from '../filters/filter-operators.input';
import { enumValues } from '../filters/filter-values';
import { InvoiceComment } from '../invoices/invoice-comment.entity';
import { InvoiceHistory } from '../invoices/invoice-history.entity';
import { InvoiceLineItem } from '../invoices/invoice-line-item.entity';
import { PaymentMethod, PaymentRecordStatus } from '../payments/payment-enums';
import { Payment } from '../payments/payment.entity';
import { Refund } from '../payments/refund.entity';
import { column, computed, many, readType } from './registry';

/** What an invoice holds: its lines, payments and refunds, comments and history. */
const F = { filter: true } as const;

export const LINE_ITEM = readType(InvoiceLineItem, {
  alias: 'li',
  fields: {
    id: column(F), invoiceId: column(), lineNumber: column(F), productCode: column(F), description: column(F), quantity: column(F),
    unitPrice: column(F), discountAmount: column(F), taxAmount: column(F), amount: column(F), startDate: column(F), endDate: column(F),
  },
});

export const PAYMENT = readType(Payment, {
  alias: 'pa',
  fields: {
    id: column(F),
    invoiceId: column(),
    amount: column(F),
    currency: column(F),
    method: column({ filter: true, values: { input: PaymentMethodFilter, values: enumValues('payment method', Object.values(PaymentMethod)) } }),
    status: column({ filter: true, values: { input: PaymentRecordStatusFilter, values: enumValues('payment record status', Object.values(PaymentRecordStatus)) } }),
    receivedDate: column(F),
    referenceNumber: column(F),
    notes: column(F),
    paymentProfileId: column(F),
    cardBrand: column(F),
    cardLast4: column(F),
    failureReason: column(F),
    refundedAmount: column(F),
    createdDate: column(F),
    createdById: column(),
    completedAt: column(F),
    failedAt: column(F),
    netAmount: computed(['amount', 'refundedAmount', 'currency'], ([amount, refunded, currency]) => roundMoney(money(amount as string).minus(refunded as string), currency as string), {
      declare: { type: () => DecimalScalar, description: 'amount - refundedAmount: what is left to refund. Only COMPLETED payments count toward the invoice amountPaid.' },
    }),
    refunds: many(() => Refund, 'paymentId', ['createdDate', 'id'], { declare: { type: () => [Refund], description: 'Refunds of this payment, oldest first.' } }),
  },
});

readType(Refund, {
  alias: 're',
  fields: { id: column(), paymentId: column(), invoiceId: column(), amount: column(), referenceNumber: column(), reason: column(), createdDate: column(), createdById: column() },
});

readType(InvoiceComment, {
  alias: 'cm',
  fields: { id: column(), invoiceId: column(), comment: column(), createTime: column(), authorId: column(), authorName: column() },
});

readType(InvoiceHistory, {
  alias: 'hi',
  fields: {
    id: column(), invoiceId: column(), action: column(), fromStatus: column(), toStatus: column(), actorId: column(), createdAt: column(), comment: column(), changes: column(),
  },
});
