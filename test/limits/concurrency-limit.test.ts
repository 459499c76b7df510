import { QueryRunner } from 'typeorm';
import { limiterFor } from '../../src/http/limits/concurrency-gate';
import { insertCustomer, insertInvoice } from '../fixtures/factories';
import { blockerPid, waitUntilBlockedBy } from '../idempotency/lock-waits';
import { createApiKey, startTestService, TestService } from '../support/test-service';

/**
 * One tenant's requests cannot take the whole process: at most CONCURRENCY_PER_KEY requests of a
 * key and CONCURRENCY_PER_TENANT of a tenant run at once, the excess waits in the tenant's queue
 * (bounded in size and time) or is refused with TOO_MANY_CONCURRENT_REQUESTS, 429 and Retry-After,
 * while another tenant's request runs at once. Tenant A's requests are held in flight for real: they
 * wait on a row lock the test holds on A's invoice (nothing of another file is locked).
 */
describe('concurrency per API key and per tenant', () => {
  let svc: TestService;
  let lock: QueryRunner;
  const a = { tenantId: '', key1: '', key2: '', invoiceId: '' };
  let bKey: string;

  beforeAll(async () => {
    svc = await startTestService({ concurrency: { perKey: 2, perTenant: 3, queueSize: 2, queueTimeoutMs: 60_000 } });
    const tenantA = await svc.newTenant('Concurrency A');
    a.tenantId = tenantA.tenantId;
    a.key1 = tenantA.apiKey;
    a.key2 = (await createApiKey(svc.dataSource, a.tenantId, 'second')).apiKey;
    a.invoiceId = await insertInvoice(svc.dataSource, a.tenantId, { customerId: await insertCustomer(svc.dataSource, a.tenantId) });
    const tenantB = await svc.newTenant('Concurrency B');
    bKey = tenantB.apiKey;
    await insertInvoice(svc.dataSource, tenantB.tenantId, { customerId: await insertCustomer(svc.dataSource, tenantB.tenantId) });
  });
  afterAll(async () => {
    if (lock?.isTransactionActive) await lock.rollbackTransaction().catch(() => undefined);
    await lock?.release().catch(() => undefined);
    await svc?.stop();
  });

  const send = async (key: string, query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(svc.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as any };
  };
  const update = (key: string, n: number) =>
    send(key, 'mutation($id: ID!, $po: String) { updateInvoice(id: $id, input: {poNumber: $po}) { poNumber } }', { id: a.invoiceId, po: `PO-${n}` });
  const waitForLoad = async (inFlight: number, waiting: number) => {
    const limiter = limiterFor(svc.deps);
    for (const end = Date.now() + 10_000; Date.now() < end;) {
      const load = limiter.load(a.tenantId);
      if (load.inFlight === inFlight && load.waiting === waiting) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(limiter.load(a.tenantId)).toEqual({ inFlight, waiting });
  };

  it('bounds a key, then its tenant, queues the excess, refuses past the queue, and lets another tenant through', async () => {
    lock = svc.dataSource.createQueryRunner();
    await lock.connect();
    await lock.startTransaction();
    await lock.query('SELECT id FROM invoice WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [a.tenantId, a.invoiceId]);
    const pid = await blockerPid(lock);

    // Key 1: two run (they wait on the row lock in PostgreSQL), the third waits for a slot of its key.
    const running = [update(a.key1, 1), update(a.key1, 2)];
    await waitForLoad(2, 0);
    await waitUntilBlockedBy(svc.dataSource, pid, 1); // the first holds the lock queue; the second queues behind it
    const queuedOnKey = update(a.key1, 3);
    await waitForLoad(2, 1);
    // Key 2 of the same tenant still runs: the tenant has a third slot. Its next request waits for the tenant.
    running.push(update(a.key2, 4));
    await waitForLoad(3, 1);
    const queuedOnTenant = update(a.key2, 5);
    await waitForLoad(3, 2);

    // The queue is full: refused at once, retryable, with Retry-After.
    const refused = await update(a.key1, 6);
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBe('1');
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'TOO_MANY_CONCURRENT_REQUESTS', retryable: true, perKey: 2, perTenant: 3 });

    // Meanwhile another tenant is served at once.
    const other = await send(bKey, '{ viewer { tenantName } invoice(limit: 5) { id } }');
    expect(other.status).toBe(200);
    expect(other.body.data.viewer.tenantName).toBe('Concurrency B');
    expect(other.body.data.invoice).toHaveLength(1);

    // The lock goes: everything that was admitted or queued completes.
    await lock.rollbackTransaction();
    const done = await Promise.all([...running, queuedOnKey, queuedOnTenant]);
    expect(done.map((r) => [r.status, r.body.errors ?? null])).toEqual(done.map(() => [200, null]));
    expect(limiterFor(svc.deps).load(a.tenantId)).toEqual({ inFlight: 0, waiting: 0 });
  });

  it('refuses a request that waited longer than CONCURRENCY_QUEUE_TIMEOUT_MS', async () => {
    const quick = await startTestService({ concurrency: { perKey: 1, perTenant: 1, queueSize: 5, queueTimeoutMs: 300 } });
    const runner = quick.dataSource.createQueryRunner();
    try {
      const t = await quick.newTenant('Concurrency timeout');
      const invoiceId = await insertInvoice(quick.dataSource, t.tenantId, { customerId: await insertCustomer(quick.dataSource, t.tenantId) });
      await runner.connect();
      await runner.startTransaction();
      await runner.query('SELECT id FROM invoice WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [t.tenantId, invoiceId]);
      const call = () => quick.gql(t.apiKey, 'mutation($id: ID!) { updateInvoice(id: $id, input: {notes: "n"}) { id } }', { id: invoiceId });
      const held = call();
      await waitUntilBlockedBy(quick.dataSource, await blockerPid(runner), 1);
      const started = Date.now();
      const late = await call();
      expect(late.errors?.[0]?.extensions?.code).toBe('TOO_MANY_CONCURRENT_REQUESTS');
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      await runner.rollbackTransaction();
      expect((await held).errors).toBeUndefined();
    } finally {
      await runner.release().catch(() => undefined);
      await quick.stop();
    }
  });
});
