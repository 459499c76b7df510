import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { AppDeps } from '../app-deps';
import { requirePrincipal } from '../schema/request-context';
import type { RequestContext } from '../schema/request-context';
import { resolveIdempotencyKey } from '../idempotency/with-idempotency';
import { completePayment } from './complete-payment.service';
import { failPayment } from './fail-payment.service';
import { PaymentPayload, RefundPayload } from './payment-payload.type';
import { RecordPaymentInput } from './record-payment.input';
import { recordPayment } from './record-payment.service';
import { RefundPaymentInput } from './refund-payment.input';
import { refundPayment } from './refund-payment.service';

const KEY_DESCRIPTION = 'Makes the call safe to retry: the same key with the same input returns the first result and changes nothing '
  + '(kept 24 h per tenant). Same as the Idempotency-Key header.';

/** Nymble's payment endpoints as mutations. Thin: key resolution, then one service call each. */
@Resolver()
export class PaymentResolver {
  constructor(private readonly deps: AppDeps) {}

  @Mutation(() => PaymentPayload, { description: 'Record an offline payment (EFT, check, wire, cash, saved card), COMPLETED by default or PENDING. ACTIVE invoices only; never above the balance.' })
  recordPayment(
    @Arg('invoiceId', () => ID) invoiceId: string,
    @Arg('input', () => RecordPaymentInput) input: RecordPaymentInput,
    @Arg('idempotencyKey', () => String, { nullable: true, description: KEY_DESCRIPTION }) idempotencyKey: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<PaymentPayload> {
    return recordPayment(this.deps, { principal: requirePrincipal(ctx), idempotencyKey: resolveIdempotencyKey(idempotencyKey, ctx.idempotencyKey), args: { invoiceId, input } });
  }

  @Mutation(() => PaymentPayload, { description: 'Complete a hosted payment: a PENDING payment becomes COMPLETED (refused if it would overpay).' })
  completePayment(
    @Arg('invoiceId', () => ID) invoiceId: string,
    @Arg('paymentId', () => ID) paymentId: string,
    @Arg('idempotencyKey', () => String, { nullable: true, description: KEY_DESCRIPTION }) idempotencyKey: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<PaymentPayload> {
    return completePayment(this.deps, { principal: requirePrincipal(ctx), idempotencyKey: resolveIdempotencyKey(idempotencyKey, ctx.idempotencyKey), args: { invoiceId, paymentId } });
  }

  @Mutation(() => PaymentPayload, { description: 'Mark a PENDING payment as FAILED (declined by the provider); the balance does not change.' })
  failPayment(
    @Arg('invoiceId', () => ID) invoiceId: string,
    @Arg('paymentId', () => ID) paymentId: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Arg('idempotencyKey', () => String, { nullable: true, description: KEY_DESCRIPTION }) idempotencyKey: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<PaymentPayload> {
    return failPayment(this.deps, { principal: requirePrincipal(ctx), idempotencyKey: resolveIdempotencyKey(idempotencyKey, ctx.idempotencyKey), args: { invoiceId, paymentId, reason } });
  }

  @Mutation(() => RefundPayload, { description: "Refund part or all of a COMPLETED payment; several refunds per payment up to its net amount." })
  refundPayment(
    @Arg('invoiceId', () => ID) invoiceId: string,
    @Arg('paymentId', () => ID) paymentId: string,
    @Arg('input', () => RefundPaymentInput) input: RefundPaymentInput,
    @Arg('idempotencyKey', () => String, { nullable: true, description: KEY_DESCRIPTION }) idempotencyKey: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<RefundPayload> {
    return refundPayment(this.deps, { principal: requirePrincipal(ctx), idempotencyKey: resolveIdempotencyKey(idempotencyKey, ctx.idempotencyKey), args: { invoiceId, paymentId, input } });
  }
}
