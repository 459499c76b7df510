import { DataSource } from 'typeorm';
import { AppDeps } from '../../src/app-deps';
import { loadConfig } from '../../src/config';
import { databaseWatchdogJob } from '../../src/db/database-watchdog';
import { RunningServer, startServer } from '../../src/http/server';
import { InvoiceStatus } from '../../src/invoices/invoice-status';
import { buildAppSchema } from '../../src/schema/build-schema';
import { createTenant } from '../../src/tenancy/api-key.service';
import { insertCustomer, insertInvoice } from '../fixtures/factories';
import { gqlAt, GqlResult, OwnPostgres } from '../stress/support/fault-env';

/**
 * PostgreSQL stops answering (every process of it frozen, as a hung host or a lost network
 * looks) or is killed, under load: every request already waiting on it, and every request after,
 * answers DATABASE_UNAVAILABLE (retryable, 503) within a bounded time, the watchdog's probe
 * interval plus its timeout and some slack, instead of waiting for TCP; and the service works
 * again as soon as the server does. A PostgreSQL of the test's own: it is frozen and killed.
 */
const WATCHDOG = { intervalMs: 500, timeoutMs: 1_500 };
/** Detection (interval + timeout) plus slack for a loaded 2-core machine. */
const BOUND_MS = WATCHDOG.intervalMs + WATCHDOG.timeoutMs + 3_000;

describe('PostgreSQL that stops answering', () => {
  const pg = new OwnPostgres();
  let server: RunningServer;
  let serviceDs: DataSource;
  let watchdog: { stop(): Promise<void> };
  let tenant: { tenantId: string; apiKey: string };
  let invoiceId: string;

  beforeAll(async () => {
    await pg.start();
    await pg.migrate();
    const ds = await pg.dataSource(2);
    tenant = await createTenant(ds, 'Unresponsive tenant');
    invoiceId = await insertInvoice(ds, tenant.tenantId, {
      customerId: await insertCustomer(ds, tenant.tenantId), status: InvoiceStatus.ACTIVE, lines: [{ quantity: '1', unitPrice: '1000000.00' }],
    });
    await ds.destroy();
    serviceDs = await pg.dataSource(6);
    // Key lookups not cached: every request needs the database, as after a cache expiry.
    const deps: AppDeps = { dataSource: serviceDs, config: loadConfig({ port: 0, databaseUrl: pg.url, apiKeyCacheMs: 0, databaseWatchdog: WATCHDOG }) };
    server = await startServer(deps, await buildAppSchema(deps), { port: 0, host: '127.0.0.1' });
    watchdog = databaseWatchdogJob.start(deps);
  }, 120_000);
  afterAll(async () => {
    await watchdog?.stop();
    await server?.close().catch(() => undefined);
    if (serviceDs?.isInitialized) await serviceDs.destroy().catch(() => undefined);
    await pg.dispose();
  });

  interface Outcome { startedAt: number; endedAt: number; kind: string; res: GqlResult }

  /** Six clients reading and paying (the payments queue on one invoice) until `stop()`. */
  function load() {
    const outcomes: Outcome[] = [];
    let stopped = false;
    const worker = async (n: number) => {
      while (!stopped) {
        const startedAt = Date.now();
        const kind = n % 2 ? 'query' : 'payment';
        const res = kind === 'query'
          ? await gqlAt(server.url, tenant.apiKey, 'query($id: ID!) { invoiceById(id: $id) { id balance } }', { id: invoiceId })
          : await gqlAt(server.url, tenant.apiKey, 'mutation($id: ID!) { recordPayment(invoiceId: $id, input: {amount: "1.00", method: CASH}) { payment { id } } }', { id: invoiceId });
        outcomes.push({ startedAt, endedAt: Date.now(), kind, res });
        if (res.body?.errors) await new Promise((r) => setTimeout(r, 50));
      }
    };
    const running = Promise.all([0, 1, 2, 3, 4, 5].map(worker));
    return { outcomes, stop: async () => { stopped = true; await running; } };
  }

  const ok = (o: Outcome) => o.res.status === 200 && !o.res.body?.errors;
  const unavailable = (o: Outcome) => {
    const errors = o.res.body?.errors ?? [];
    return errors.length > 0 && errors.every((e) => e.extensions?.code === 'DATABASE_UNAVAILABLE' && e.extensions?.retryable === true) && [200, 503].includes(o.res.status);
  };
  const until = async (done: () => boolean, ms: number) => {
    for (const end = Date.now() + ms; !done() && Date.now() < end;) await new Promise((r) => setTimeout(r, 50));
  };

  it('answers every waiting request DATABASE_UNAVAILABLE within the bound while the server is frozen, and recovers', async () => {
    const traffic = load();
    await until(() => traffic.outcomes.filter(ok).length >= 10, 30_000);
    const pids = pg.freeze();
    const frozenAt = Date.now();
    await new Promise((r) => setTimeout(r, 3 * BOUND_MS));
    const thawAt = Date.now();
    pg.thaw(pids);
    await until(() => traffic.outcomes.some((o) => o.startedAt > thawAt + 1_000 && ok(o)), 30_000);
    await traffic.stop();

    const during = traffic.outcomes.filter((o) => o.endedAt > frozenAt && o.startedAt < thawAt);
    // Answered, and in time: requests that were in flight when it froze, and those sent later.
    const late = during.filter((o) => o.endedAt < thawAt && o.endedAt - Math.max(o.startedAt, frozenAt) > BOUND_MS);
    expect(late.map((o) => `${o.kind} waited ${o.endedAt - Math.max(o.startedAt, frozenAt)} ms`)).toEqual([]);
    const answeredWhileFrozen = during.filter((o) => o.endedAt < thawAt);
    expect(answeredWhileFrozen.length).toBeGreaterThan(6); // each client got answers, more than once
    // A request sent before the freeze may have been answered just before it took effect; any other answer is the outage.
    const wrong = answeredWhileFrozen.filter((o) => !unavailable(o) && !(o.startedAt < frozenAt && ok(o)));
    expect(wrong.map((o) => `${o.kind}: ${o.res.status} ${JSON.stringify(o.res.body ?? o.res.networkError)}`)).toEqual([]);
    expect(answeredWhileFrozen.filter(unavailable).length).toBeGreaterThan(6);
    // Nothing waited for the thaw to be answered: the first answers came within the bound.
    expect(Math.min(...answeredWhileFrozen.map((o) => o.endedAt)) - frozenAt).toBeLessThanOrEqual(BOUND_MS);
    // Working again once it answers.
    expect(traffic.outcomes.filter((o) => o.startedAt > thawAt + 2_000).every(ok)).toBe(true);
  }, 120_000);

  it('answers at once when the server is killed, without crashing the process', async () => {
    const traffic = load();
    await until(() => traffic.outcomes.filter(ok).length >= 10, 30_000);
    pg.kill();
    const killedAt = Date.now();
    await new Promise((r) => setTimeout(r, BOUND_MS));
    await traffic.stop();
    const after = traffic.outcomes.filter((o) => o.endedAt > killedAt + 200);
    expect(after.length).toBeGreaterThan(6);
    expect(after.filter((o) => !unavailable(o) && !(o.startedAt < killedAt && ok(o))).map((o) => `${o.kind}: ${o.res.status} ${JSON.stringify(o.res.body ?? o.res.networkError)}`)).toEqual([]);
    expect(after.filter((o) => o.endedAt - Math.max(o.startedAt, killedAt) > BOUND_MS)).toEqual([]);
  }, 120_000);
});
