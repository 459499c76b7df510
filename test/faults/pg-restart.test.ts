import { DataSource } from 'typeorm';
import { AppDeps } from '../../src/app-deps';
import { loadConfig } from '../../src/config';
import { RunningServer, startServer } from '../../src/http/server';
import { buildAppSchema } from '../../src/schema/build-schema';
import { InvoiceStatus } from '../../src/invoices/invoice-status';
import { createTenant } from '../../src/tenancy/api-key.service';
import { insertCustomer, insertInvoice } from '../fixtures/factories';
import { gqlAt, GqlResult, OwnPostgres } from '../stress/support/fault-env';

/**
 * PostgreSQL restarted under load: requests in flight get a retryable DATABASE_UNAVAILABLE (HTTP 200
 * with the error, or 503 when the outage hits the key lookup; never a 500 or an internal error), the service recovers by itself, and no acknowledged write is lost.
 */
describe('PostgreSQL restarted under load', () => {
  const pg = new OwnPostgres();
  let server: RunningServer;
  let serviceDs: DataSource;
  let ds: DataSource;

  beforeAll(async () => {
    await pg.start();
    await pg.migrate();
    // The real HTTP service and pool, as the service runs them (src/app.ts without the embedded database).
    serviceDs = await pg.dataSource(6);
    const deps: AppDeps = { dataSource: serviceDs, config: loadConfig({ port: 0, databaseUrl: pg.url }) };
    server = await startServer(deps, await buildAppSchema(deps), { port: 0, host: '127.0.0.1' });
  }, 120_000);
  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy().catch(() => undefined);
    await server?.close().catch(() => undefined);
    if (serviceDs?.isInitialized) await serviceDs.destroy().catch(() => undefined);
    await pg.dispose();
  });

  it('answers retryable errors during the outage, recovers without a restart and keeps every committed payment', async () => {
    ds = await pg.dataSource(2);
    const tenant = await createTenant(ds, 'Restart tenant');
    const customerId = await insertCustomer(ds, tenant.tenantId);
    const invoiceId = await insertInvoice(ds, tenant.tenantId, { customerId, status: InvoiceStatus.ACTIVE, lines: [{ quantity: '1', unitPrice: '1000000.00' }] });
    await ds.destroy();

    const url = server.url;
    const schema = await gqlAt(url, tenant.apiKey, '{ __type(name: "Mutation") { fields { name } } }');
    const mutations = (schema.body?.data?.__type?.fields ?? []).map((f: { name: string }) => f.name);
    if (!mutations.includes('recordPayment')) throw new Error('Mutation.recordPayment is not in the schema yet (payments issue); this test writes through it');

    const acknowledged: string[] = [];
    const unexpected: string[] = [];
    let retryable = 0;
    let attemptedWrites = 0;
    let stop = false;
    let seq = 0;

    let recoveredAt = 0;
    let failedAfterRecovery = 0;
    const check = (kind: string, res: GqlResult, startedAt: number) => {
      const errors = res.body?.errors ?? [];
      // 503 is the right status for an outage (when it hits the key lookup, before execution);
      // anything else at 5xx, or no answer at all, is not.
      const outage = res.status === 503 && errors.length > 0 && errors.every((e) => e.extensions?.code === 'DATABASE_UNAVAILABLE');
      if (res.networkError || (res.status >= 500 && !outage)) {
        unexpected.push(`${kind}: HTTP ${res.status} ${res.networkError ?? JSON.stringify(res.body)}`);
        return false;
      }
      for (const e of errors) {
        if (e.extensions?.code === 'DATABASE_UNAVAILABLE' && e.extensions?.retryable === true) {
          retryable++;
          if (recoveredAt && startedAt > recoveredAt) failedAfterRecovery++;
        }
        else unexpected.push(`${kind}: ${e.extensions?.code} ${e.message}`);
      }
      return errors.length === 0;
    };

    const worker = async (n: number) => {
      while (!stop) {
        const startedAt = Date.now();
        if ((seq++ + n) % 2 === 0) {
          const res = await gqlAt(url, tenant.apiKey, 'query($id: ID!) { viewer { tenantId } invoiceById(id: $id) { id balance } }', { id: invoiceId });
          check('query', res, startedAt);
        } else {
          attemptedWrites++;
          const res = await gqlAt(url, tenant.apiKey, 'mutation($id: ID!) { recordPayment(invoiceId: $id, input: {amount: "1.00", method: CASH}) { payment { id } } }', { id: invoiceId });
          if (check('recordPayment', res, startedAt)) acknowledged.push(res.body!.data.recordPayment.payment.id);
        }
      }
    };

    const load = Promise.all([0, 1, 2, 3, 4, 5].map(worker));
    const until = async (done: () => boolean, ms: number) => {
      for (const end = Date.now() + ms; !done() && Date.now() < end;) await new Promise((r) => setTimeout(r, 50));
    };
    await until(() => acknowledged.length >= 5, 30_000); // warmed up and writing
    const ackBefore = acknowledged.length;
    await pg.restart();
    const restartedAt = Date.now();

    // Recovery: within a few seconds every request succeeds again, with no service restart.
    while (!recoveredAt && Date.now() - restartedAt < 20_000) {
      const res = await gqlAt(url, tenant.apiKey, '{ viewer { tenantId } }');
      if (res.body?.data?.viewer?.tenantId === tenant.tenantId && !res.body.errors) recoveredAt = Date.now();
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(recoveredAt).toBeGreaterThan(0);
    const ackAtRecovery = acknowledged.length;
    await until(() => acknowledged.length >= ackAtRecovery + 5, 30_000);
    stop = true;
    await load;

    expect(unexpected).toEqual([]);
    expect(ackBefore).toBeGreaterThan(0);
    expect(acknowledged.length).toBeGreaterThan(ackBefore); // writes succeed again after the restart
    expect(retryable).toBeGreaterThan(0); // the outage was really hit
    expect(failedAfterRecovery).toBe(0); // once recovered, requests started afterwards all succeed

    const after = await pg.dataSource(2);
    try {
      const payments: Array<{ id: string }> = await after.query('SELECT id FROM payment WHERE tenant_id = $1 AND invoice_id = $2', [tenant.tenantId, invoiceId]);
      const stored = new Set(payments.map((p) => p.id));
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]); // no acknowledged write lost
      expect(stored.size).toBeLessThanOrEqual(attemptedWrites);
      const [inv] = await after.query(
        `SELECT amount, amount_paid, balance,
                (SELECT coalesce(sum(amount), 0) FROM payment p WHERE p.tenant_id = i.tenant_id AND p.invoice_id = i.id AND p.status = 'COMPLETED') AS paid
           FROM invoice i WHERE tenant_id = $1 AND id = $2`,
        [tenant.tenantId, invoiceId],
      );
      expect(Number(inv.paid)).toBe(stored.size); // every stored payment is 1.00
      expect(inv.amount_paid).toBe(inv.paid);
      expect(Number(inv.balance)).toBe(1_000_000 - stored.size);
    } finally {
      await after.destroy();
    }
  }, 120_000);
});
