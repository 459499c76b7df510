import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { AppDeps } from '../app-deps';
import { money, roundMoney } from '../common/money';
import { DecimalScalar } from '../common/scalars';
import { loader, requirePrincipal } from '../http/context';
import type { RequestContext } from '../http/context';
import { Payment } from './payment.entity';
import { refundsByPaymentLoader } from './payment.loaders';
import { Refund } from './refund.entity';

/** `Payment.refunds` (batched) and `Payment.netAmount`. */
@Resolver(() => Payment)
export class PaymentFieldsResolver {
  constructor(private readonly deps: AppDeps) {}

  @FieldResolver(() => [Refund], { description: 'Refunds of this payment, oldest first.' })
  refunds(@Root() payment: Payment, @Ctx() ctx: RequestContext): Promise<Refund[]> {
    const { tenantId } = requirePrincipal(ctx);
    return loader(ctx, 'refunds.byPayment', () => refundsByPaymentLoader(this.deps.dataSource, tenantId)).load(payment.id);
  }

  @FieldResolver(() => DecimalScalar, { description: 'amount - refundedAmount: what is left to refund. Only COMPLETED payments count toward the invoice amountPaid.' })
  netAmount(@Root() payment: Payment): string {
    return roundMoney(money(payment.amount).minus(payment.refundedAmount), payment.currency);
  }
}
