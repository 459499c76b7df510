import { Field, ObjectType } from 'type-graphql';
import { Invoice } from '../invoices/invoice.entity';
import { Payment } from './payment.entity';
import { Refund } from './refund.entity';

/**
 * What every payment mutation returns: the payment it touched and the invoice as updated in the
 * same transaction (Nymble answers with the updated invoice; integrations also need the payment id).
 */
@ObjectType()
export class PaymentPayload {
  @Field(() => Payment)
  payment: Payment;

  @Field(() => Invoice, { description: 'The invoice after the change: amountPaid, balance, paymentStatus, version.' })
  invoice: Invoice;
}

@ObjectType()
export class RefundPayload {
  @Field(() => Refund)
  refund: Refund;

  @Field(() => Payment, { description: 'The refunded payment, with its new refundedAmount.' })
  payment: Payment;

  @Field(() => Invoice)
  invoice: Invoice;
}
