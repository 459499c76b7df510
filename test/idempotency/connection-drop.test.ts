import { startTestService, TestService } from '../support/test-service';
import { invoiceOf, ledgerOf, PayTenant, payTenant, record, RECORD } from '../payments/payment-support';
import { blockerPid, waitUntilBlockedBy } from './lock-waits';

/**
 * Issue 7, faults: "an idempotent payment retried after a connection drop is applied exactly once".
 * The client aborts its socket after the server has the request (it is provably running: blocked
 * on the invoice row we hold), then retries with the same key.
 */
describe('an idempotent payment retried after a connection drop', () => {
  let svc: TestService;
  /** Retries may land on another instance behind a load balancer. */
  let svc2: TestService;
  let t: PayTenant;
  beforeAll(async () => {
    [svc, svc2] = await Promise.all([startTestService(), startTestService()]);
    t = await payTenant(svc, 'Connection drop tenant');
  });
  afterAll(() => Promise.all([svc?.stop(), svc2?.stop()]));

  async function dropMidRequest(invoiceId: string, key: string) {
    const blocker = svc.dataSource.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    await blocker.query('SELECT 1 FROM invoice WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [t.tenantId, invoiceId]);
    const pid = await blockerPid(blocker);
    const controller = new AbortController();
    const dropped = fetch(svc.server.url, {
      method: 'POST',
      signal: controller.signal,
      headers: { 'content-type': 'application/json', 'x-api-key': t.apiKey, 'idempotency-key': key },
      body: JSON.stringify({ query: RECORD, variables: { invoiceId, input: { amount: '25.00', method: 'WIRE' } } }),
    }).then(() => 'answered', (e: Error) => e.name);
    await waitUntilBlockedBy(svc.dataSource, pid, 1);
    controller.abort();
    expect(await dropped).toBe('AbortError');
    return {
      pid,
      async release() {
        await blocker.commitTransaction();
        await blocker.release();
      },
    };
  }

  it('applies it once when the retry reaches another instance while the first attempt is still running', async () => {
    const id = await invoiceOf(svc.dataSource, t, '100.00');
    const held = await dropMidRequest(id, 'drop-1');
    const [{ pid: firstPid }] = await svc.dataSource.query(
      'SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))',
      [held.pid],
    );
    const retry = record(svc2, t, id, '25.00', { method: 'WIRE', key: 'drop-1' });
    await waitUntilBlockedBy(svc.dataSource, firstPid, 1); // the retry waits on the first attempt's key
    await held.release();
    const res = await retry;
    expect(res.errors).toBeUndefined();
    const rows = await svc.dataSource.query('SELECT id, amount FROM payment WHERE tenant_id = $1 AND invoice_id = $2', [t.tenantId, id]);
    expect(rows).toEqual([{ id: res.data.recordPayment.payment.id, amount: '25.00' }]);
    expect(await ledgerOf(svc.dataSource, t.tenantId, id)).toMatchObject({ amount_paid: '25.00', balance: '75.00', history: 1, version: 2 });
  });

  it('applies it once when the retry reaches the same instance while the first attempt is still running', async () => {
    const id = await invoiceOf(svc.dataSource, t, '100.00');
    const held = await dropMidRequest(id, 'drop-3');
    const retry = record(svc, t, id, '25.00', { method: 'WIRE', key: 'drop-3' });
    await new Promise((r) => setTimeout(r, 200)); // the retry is in flight (queued behind the first)
    await held.release();
    const res = await retry;
    expect(res.errors).toBeUndefined();
    const rows = await svc.dataSource.query('SELECT id FROM payment WHERE tenant_id = $1 AND invoice_id = $2', [t.tenantId, id]);
    expect(rows).toEqual([{ id: res.data.recordPayment.payment.id }]);
  });

  it('applies it once when the retry arrives after the first attempt committed', async () => {
    const id = await invoiceOf(svc.dataSource, t, '100.00');
    const held = await dropMidRequest(id, 'drop-2');
    await held.release();
    // The dropped attempt finishes on the server; wait for its commit.
    for (let i = 0; i < 200 && (await ledgerOf(svc.dataSource, t.tenantId, id)).payments === 0; i++) await new Promise((r) => setTimeout(r, 20));
    const res = await record(svc, t, id, '25.00', { method: 'WIRE', key: 'drop-2' });
    expect(res.errors).toBeUndefined();
    const rows = await svc.dataSource.query('SELECT id FROM payment WHERE tenant_id = $1 AND invoice_id = $2', [t.tenantId, id]);
    expect(rows).toEqual([{ id: res.data.recordPayment.payment.id }]);
    expect(await ledgerOf(svc.dataSource, t.tenantId, id)).toMatchObject({ amount_paid: '25.00', history: 1 });
  });
});
