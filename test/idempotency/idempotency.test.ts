import { deleteExpiredIdempotencyKeys } from '../../src/idempotency/idempotency-cleanup.job';
import { startTestService, TestService } from '../support/test-service';
import { blockerPid, waitUntilBlockedBy } from './lock-waits';
import { codeOf, invoiceOf, ledgerOf, PayTenant, payTenant, record, refund } from '../payments/payment-support';

describe('idempotency keys on payment mutations', () => {
  let svc: TestService;
  /** A second service instance on the same database: a retry that lands on another process. */
  let svc2: TestService;
  let t: PayTenant;
  beforeAll(async () => {
    [svc, svc2] = await Promise.all([startTestService(), startTestService()]);
    t = await payTenant(svc, 'Idempotency tenant');
  });
  afterAll(() => Promise.all([svc?.stop(), svc2?.stop()]));

  const paymentCount = async (invoiceId: string) => (await ledgerOf(svc.dataSource, t.tenantId, invoiceId)).payments;

  it('replays the first result for the same key and input (argument or header), changing nothing', async () => {
    const id = await invoiceOf(svc.dataSource, t, '100.00');
    const first = await record(svc, t, id, '10.00', { key: 'pay-1' });
    expect(first.errors).toBeUndefined();
    const after = await ledgerOf(svc.dataSource, t.tenantId, id);

    const again = await record(svc, t, id, '10.00', { key: 'pay-1' });
    expect(again).toEqual(first);
    const viaHeader = await record(svc, t, id, '10.00', { headers: { 'Idempotency-Key': 'pay-1' } });
    expect(viaHeader).toEqual(first);
    // Equal after normalization: "10" and "10.00" are the same amount.
    expect((await record(svc, t, id, '10', { key: 'pay-1' })).data.recordPayment.payment.id).toBe(first.data.recordPayment.payment.id);
    expect(await ledgerOf(svc.dataSource, t.tenantId, id)).toEqual(after);
    expect(after).toMatchObject({ payments: 1, history: 1, amount_paid: '10.00', version: 2 });

    const stored = await svc.dataSource.query(
      `SELECT operation, state, expires_at - created_at >= interval '24 hours' AS kept_a_day FROM idempotency_key WHERE tenant_id = $1 AND key = 'pay-1'`, [t.tenantId]);
    expect(stored).toEqual([{ operation: 'recordPayment', state: 'DONE', kept_a_day: true }]);
  });

  it('refuses the same key with another input or another operation (IDEMPOTENCY_KEY_REUSED)', async () => {
    const id = await invoiceOf(svc.dataSource, t, '100.00');
    const first = await record(svc, t, id, '10.00', { key: 'pay-2' });
    const other = await record(svc, t, id, '11.00', { key: 'pay-2' });
    expect(codeOf(other)).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(other.errors![0].extensions!.path).toEqual(['idempotencyKey']);
    expect(codeOf(await record(svc, t, id, '10.00', { key: 'pay-2', method: 'WIRE' }))).toBe('IDEMPOTENCY_KEY_REUSED');
    const otherInvoice = await invoiceOf(svc.dataSource, t, '100.00');
    expect(codeOf(await record(svc, t, otherInvoice, '10.00', { key: 'pay-2' }))).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(codeOf(await refund(svc, t, id, first.data.recordPayment.payment.id, '1.00', {}, 'pay-2'))).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await paymentCount(id)).toBe(1);
    expect(await paymentCount(otherInvoice)).toBe(0);
  });

  it('refuses an argument that contradicts the header, and over-long keys', async () => {
    const id = await invoiceOf(svc.dataSource, t, '100.00');
    const res = await record(svc, t, id, '1.00', { key: 'a', headers: { 'Idempotency-Key': 'b' } });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(codeOf(await record(svc, t, id, '1.00', { key: 'x'.repeat(256) }))).toBe('BAD_USER_INPUT');
    expect(await paymentCount(id)).toBe(0);
  });

  it('keeps keys per tenant: another tenant may use the same key', async () => {
    const other = await payTenant(svc, 'Second idempotency tenant');
    const mine = await invoiceOf(svc.dataSource, t, '100.00');
    const theirs = await invoiceOf(svc.dataSource, other, '100.00');
    expect((await record(svc, t, mine, '5.00', { key: 'shared-key' })).errors).toBeUndefined();
    const res = await record(svc, other, theirs, '5.00', { key: 'shared-key' });
    expect(res.errors).toBeUndefined();
    expect(res.data.recordPayment.invoice.id).toBe(theirs);
  });

  it('releases the key when the first call fails, so a retry runs', async () => {
    const id = await invoiceOf(svc.dataSource, t, '100.00');
    await svc.dataSource.query(`UPDATE invoice SET status = 'DRAFT' WHERE tenant_id = $1 AND id = $2`, [t.tenantId, id]);
    expect(codeOf(await record(svc, t, id, '10.00', { key: 'pay-3' }))).toBe('INVALID_TRANSITION');
    expect(await svc.dataSource.query(`SELECT 1 FROM idempotency_key WHERE tenant_id = $1 AND key = 'pay-3'`, [t.tenantId])).toHaveLength(0);
    await svc.dataSource.query(`UPDATE invoice SET status = 'ACTIVE' WHERE tenant_id = $1 AND id = $2`, [t.tenantId, id]);
    const retry = await record(svc, t, id, '10.00', { key: 'pay-3' });
    expect(retry.errors).toBeUndefined();
    expect(await paymentCount(id)).toBe(1);
  });

  it('runs concurrent calls with one key exactly once, across two processes; every caller gets the same payment', async () => {
    const id = await invoiceOf(svc.dataSource, t, '100.00');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => record(i % 2 ? svc2 : svc, t, id, '7.00', { key: 'burst' })));
    for (const res of results) expect(res.errors).toBeUndefined();
    expect(new Set(results.map((r) => r.data.recordPayment.payment.id)).size).toBe(1);
    expect(await ledgerOf(svc.dataSource, t.tenantId, id)).toMatchObject({ payments: 1, history: 1, amount_paid: '7.00' });
  });

  it('answers IDEMPOTENCY_KEY_IN_PROGRESS (retryable) when the first call runs longer than the wait, then replays', async () => {
    // The retry goes to the second process: within one process, calls on one invoice queue in memory first.
    const id = await invoiceOf(svc.dataSource, t, '100.00');
    const previous = process.env.IDEMPOTENCY_WAIT_MS;
    process.env.IDEMPOTENCY_WAIT_MS = '300';
    const blocker = svc.dataSource.createQueryRunner();
    await blocker.connect();
    try {
      // Hold the invoice lock: the first call claims the key, then waits on the invoice.
      await blocker.startTransaction();
      await blocker.query('SELECT 1 FROM invoice WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [t.tenantId, id]);
      const pid = await blockerPid(blocker);
      const first = record(svc, t, id, '9.00', { key: 'slow' });
      await waitUntilBlockedBy(svc.dataSource, pid, 1);
      const second = await record(svc2, t, id, '9.00', { key: 'slow' });
      expect(codeOf(second)).toBe('IDEMPOTENCY_KEY_IN_PROGRESS');
      expect(second.errors![0].extensions!.retryable).toBe(true);
      await blocker.commitTransaction();
      const firstRes = await first;
      expect(firstRes.errors).toBeUndefined();
      expect(await record(svc, t, id, '9.00', { key: 'slow' })).toEqual(firstRes);
      expect(await paymentCount(id)).toBe(1);
    } finally {
      if (blocker.isTransactionActive) await blocker.rollbackTransaction();
      await blocker.release();
      if (previous === undefined) delete process.env.IDEMPOTENCY_WAIT_MS;
      else process.env.IDEMPOTENCY_WAIT_MS = previous;
    }
  });

  it('forgets expired keys: a reuse runs again, and the cleanup deletes them', async () => {
    const id = await invoiceOf(svc.dataSource, t, '100.00');
    await record(svc, t, id, '1.00', { key: 'old' });
    await svc.dataSource.query(`UPDATE idempotency_key SET expires_at = now() - interval '1 second' WHERE tenant_id = $1 AND key = 'old'`, [t.tenantId]);
    expect((await record(svc, t, id, '2.00', { key: 'old' })).errors).toBeUndefined();
    expect(await paymentCount(id)).toBe(2);
    await svc.dataSource.query(`UPDATE idempotency_key SET expires_at = now() - interval '1 second' WHERE tenant_id = $1 AND key = 'old'`, [t.tenantId]);
    expect(await deleteExpiredIdempotencyKeys(svc.dataSource)).toBeGreaterThanOrEqual(1);
    expect(await svc.dataSource.query(`SELECT 1 FROM idempotency_key WHERE tenant_id = $1 AND key = 'old'`, [t.tenantId])).toHaveLength(0);
    expect(await svc.dataSource.query(`SELECT 1 FROM idempotency_key WHERE tenant_id = $1 AND key = 'pay-1'`, [t.tenantId])).toHaveLength(1);
  });
});
