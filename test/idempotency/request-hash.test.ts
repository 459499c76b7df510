import { canonicalJson, requestHash } from '../../src/idempotency/request-hash';
import { decodeResponse, encodeResponse } from '../../src/idempotency/response-codec';

describe('idempotency request hash and stored response', () => {
  it('hashes equal inputs equally whatever the key order, absent = null, and differs otherwise', () => {
    expect(requestHash({ a: 1, b: { c: '2', d: null } })).toBe(requestHash({ b: { c: '2' }, a: 1 }));
    expect(canonicalJson({ z: [{ y: 1, x: 2 }], a: undefined })).toBe('{"z":[{"x":2,"y":1}]}');
    expect(requestHash({ amount: '10.5' })).not.toBe(requestHash({ amount: '10.51' }));
    expect(requestHash({ invoiceId: 'a', paymentId: 'b' })).not.toBe(requestHash({ invoiceId: 'b', paymentId: 'a' }));
  });

  it('round-trips Dates as Dates and leaves timestamp-looking strings alone', () => {
    const value = { at: new Date('2025-07-01T10:00:00.000Z'), note: '2025-07-01T10:00:00.000Z', nested: [{ d: new Date(0) }], n: null };
    const back = decodeResponse<typeof value>(JSON.parse(encodeResponse(value)));
    expect(back.at).toBeInstanceOf(Date);
    expect(back.at.toISOString()).toBe('2025-07-01T10:00:00.000Z');
    expect(back.note).toBe('2025-07-01T10:00:00.000Z');
    expect(back.nested[0].d).toEqual(new Date(0));
    expect(back.n).toBeNull();
  });
});
