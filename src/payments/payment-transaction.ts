import { EntityManager } from 'typeorm';
import { AppDeps } from '../app-deps';
import { requestHash } from '../idempotency/request-hash';
import { withIdempotency } from '../idempotency/with-idempotency';
import { queueForInvoice } from './invoice-queue';
import type { Principal } from '../schema/request-context';

export interface PaymentCall<A extends { invoiceId: string }> {
  principal: Principal;
  /** Already resolved from the argument / header (see resolveIdempotencyKey). */
  idempotencyKey?: string;
  /** The normalized arguments: hashed for the idempotency check. */
  args: A;
}

/**
 * One transaction per payment mutation, idempotent when a key was given, queued per invoice in
 * this process (see invoice-queue.ts) before it takes a connection.
 */
export function paymentTransaction<A extends { invoiceId: string }, T>(
  deps: AppDeps,
  operation: string,
  call: PaymentCall<A>,
  body: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  const { tenantId } = call.principal;
  return queueForInvoice(deps, tenantId, call.args.invoiceId, () =>
    withIdempotency(deps.dataSource, { tenantId, key: call.idempotencyKey, operation, requestHash: requestHash(call.args) }, body),
  );
}
