import { Arg } from 'type-graphql';

export const IDEMPOTENCY_KEY_DESCRIPTION = 'Makes the call safe to retry: the same key with the same input returns the first result and changes nothing '
  + '(kept 24 h per tenant). Same as the Idempotency-Key header.';

/** The optional `idempotencyKey` argument of a mutation that creates something (resolve it with resolveIdempotencyKey). */
export const IdempotencyKeyArg = () =>
  Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION });
