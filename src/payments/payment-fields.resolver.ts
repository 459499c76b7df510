import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { money, roundMoney } from '../common/money';
import { DecimalScalar } from '../common/scalars';
import type { RequestContext } from '../http/context';
import { prefetched } from '../invoices/invoice-nested-prefetch';
import { Payment } from './payment.entity';
import { refundsLoader } from './payment.loaders';
import { Refund } from './refund.entity';

/** `Payment.refunds` (prefetched with the invoice, or batched) and `Payment.netAmount`. */
@Resolver(() => Payment)
export class PaymentFieldsResolver {
  @FieldResolver(() => [Refund], { description: 'Refunds of this payment, oldest first.' })
  refunds(@Root() payment: Payment, @Ctx() ctx: RequestContext): Refund[] | Promise<Refund[]> {
    return prefetched<Refund[]>(payment, 'refunds') ?? refundsLoader(ctx).load(payment.id);
  }

  @FieldResolver(() => DecimalScalar, { description: 'amount - refundedAmount: what is left to refund. Only COMPLETED payments count toward the invoice amountPaid.' })
  netAmount(@Root() payment: Payment): string {
    return roundMoney(money(payment.amount).minus(payment.refundedAmount), payment.currency);
  }
}
