import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { BenchTenant, dropTenant, pickW1, pickW2, pickW3, throwawayTenant } from './bench-data';
import { LoadResult, runLoad } from './load';
import { postJson, RssSampler, Server, startServer } from './processes';
import { HttpRequestSpec, requestFor } from './workloads';

/**
 * The write workloads (issue 22): bulk import against a hand-written SQL floor, workload 5
 * (recordPayment) against a floor doing the same locked update and insert with `pg`, a mixed
 * read/write load with the ledger checked afterwards, and the same mixed load on one and on two
 * workers with the cluster's RSS. The floor is bench/write-floor.mjs, started here.
 */
export interface WriteContext {
  ds: DataSource;
  repoRoot: string;
  logDir: string;
  /** Environment of the servers (DATABASE_URL, NODE_ENV, ...). */
  env: NodeJS.ProcessEnv;
  ours: Server;
  /** Arguments of `node` that start our service as `npm start` does. */
  oursArgs: string[];
  freePort(): Promise<number>;
  workloads: Set<string>;
  quick: boolean;
  duration: number;
  rounds: number;
  connections: number;
  stamp: string;
  log(message: string): void;
  mark(phase: string): void;
}

export const WRITE_WORKLOADS = ['import', 'w5', 'mixed', 'workers'] as const;

const BATCH = 1000;
const LINES_PER_INVOICE = 3;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

/** Runs the write workloads asked for; each fills its own entry of `workloads`. */
export async function runWriteWorkloads(ctx: WriteContext, workloads: Record<string, unknown>): Promise<void> {
  if (!WRITE_WORKLOADS.some((w) => ctx.workloads.has(w))) return;
  const port = await ctx.freePort();
  const floor = await startServer({
    name: 'write-floor', command: process.execPath, args: [path.join(ctx.repoRoot, 'bench', 'write-floor.mjs')],
    env: { ...ctx.env, PORT: String(port) }, port, healthPath: '/health', logFile: path.join(ctx.logDir, 'write-floor.log'),
  });
  try {
    if (ctx.workloads.has('import')) workloads.import = await importWorkload(ctx, floor);
    if (ctx.workloads.has('w5')) workloads.w5 = await paymentWorkload(ctx, floor);
    if (ctx.workloads.has('mixed') || ctx.workloads.has('workers')) await mixedWorkloads(ctx, workloads);
  } finally {
    await floor.stop();
  }
}

// --- import --------------------------------------------------------------------------------

const IMPORT_MUTATION = 'mutation Import($inputs: [CreateInvoiceInput!]!) { createInvoices(inputs: $inputs) { createdCount existingCount failedCount } }';

function importBatch(customers: string[], tag: string, size = BATCH): unknown[] {
  return Array.from({ length: size }, (_, n) => ({
    invoiceNumber: `IMP-${tag}-${String(n).padStart(4, '0')}`, customerId: customers[n % customers.length],
    invoiceDate: '2025-06-01', paymentTerms: 'Net30', currencyIsoCode: 'USD',
    lineItems: Array.from({ length: LINES_PER_INVOICE }, (_, k) => ({
      productCode: `SKU-${(n * 7 + k) % 500}`, description: `Imported item ${k + 1}`, quantity: String(1 + ((n + k) % 5)), unitPrice: `${10 + ((n * 13 + k) % 90)}.${String((n + k * 31) % 100).padStart(2, '0')}`,
    })),
  }));
}

/**
 * Batches of 1,000 invoices with 3 line items each, one call at a time, ours and the floor
 * taking turns; invoices/s from the median batch. Then the rows are counted in SQL.
 */
async function importWorkload(ctx: WriteContext, floor: Server): Promise<Record<string, unknown>> {
  ctx.mark('import');
  const batches = ctx.quick ? 3 : 8;
  const tenants = { ours: await throwawayTenant(ctx.ds, `Bench import ours ${ctx.stamp}`, 0, 'draft'), floor: await throwawayTenant(ctx.ds, `Bench import floor ${ctx.stamp}`, 0, 'draft') };
  try {
    const customers: Record<'ours' | 'floor', string[]> = { ours: [], floor: [] };
    for (const target of ['ours', 'floor'] as const) {
      for (let c = 0; c < 20; c++) {
        const id = randomUUID();
        await ctx.ds.query('INSERT INTO customer (tenant_id, id, customer_number, company_name) VALUES ($1, $2, $3, $4)', [tenants[target].tenantId, id, `IMPC-${c}`, `Import customer ${c}`]);
        customers[target].push(id);
      }
    }
    const send = async (target: 'ours' | 'floor', tag: string, size = BATCH) => {
      const inputs = importBatch(customers[target], tag, size);
      const res = target === 'ours'
        ? await postJson(`${ctx.ours.url}/graphql`, { query: IMPORT_MUTATION, variables: { inputs } }, { 'x-api-key': tenants.ours.apiKey })
        : await postJson(`${floor.url}/import`, { inputs }, { 'x-tenant-id': tenants.floor.tenantId });
      const data = res.body?.data?.createInvoices;
      const error = res.body?.errors?.[0] ? String(res.body.errors[0].message).slice(0, 300) : data?.createdCount === size ? null : `created ${data?.createdCount}`;
      return { seconds: res.ms / 1000, error };
    };
    for (const target of ['ours', 'floor'] as const) await send(target, 'warmup', 100);
    const runs: Record<'ours' | 'floor', Array<{ seconds: number; error: string | null }>> = { ours: [], floor: [] };
    for (let b = 0; b < batches; b++) {
      for (const target of ['ours', 'floor'] as const) {
        const r = await send(target, `b${b}`);
        runs[target].push(r);
        ctx.log(`import ${target} batch ${b + 1}/${batches}: ${r.seconds.toFixed(3)} s (${(BATCH / r.seconds).toFixed(0)} invoices/s)${r.error ? ` ERROR ${r.error}` : ''}`);
      }
    }
    const summary = async (target: 'ours' | 'floor') => {
      const [rows] = await ctx.ds.query(
        `SELECT (SELECT count(*) FROM invoice WHERE tenant_id = $1)::int AS invoices, (SELECT count(*) FROM invoice_line_item WHERE tenant_id = $1)::int AS lines,
           (SELECT count(*) FROM invoice_history WHERE tenant_id = $1)::int AS history`, [tenants[target].tenantId]);
      const seconds = runs[target].map((r) => r.seconds);
      const expected = (batches * BATCH) + 100;
      return {
        batches: seconds.length, batchSize: BATCH, linesPerInvoice: LINES_PER_INVOICE, medianSeconds: median(seconds), seconds,
        invoicesPerSecond: BATCH / median(seconds), errors: runs[target].filter((r) => r.error).length, firstError: runs[target].find((r) => r.error)?.error ?? null,
        rows, ok: rows.invoices === expected && rows.lines === expected * LINES_PER_INVOICE && rows.history === expected,
      };
    };
    const result = { ours: await summary('ours'), floor: await summary('floor') };
    ctx.log(`  -> import ours ${result.ours.invoicesPerSecond.toFixed(0)} invoices/s, floor ${result.floor.invoicesPerSecond.toFixed(0)} invoices/s (rows ${JSON.stringify(result.ours.rows)})`);
    return result;
  } finally {
    for (const t of Object.values(tenants)) await dropTenant(ctx.ds, t.tenantId).catch((e) => ctx.log(`could not drop ${t.name}: ${e}`));
  }
}

// --- workload 5: recordPayment --------------------------------------------------------------

const PAY_MUTATION = 'mutation P($id: ID!, $amount: Decimal!) { recordPayment(invoiceId: $id, input: {amount: $amount, method: EFT}) { payment { id amount } invoice { id balance paymentStatus } } }';
const MINOR: Record<string, string> = { JPY: '1', KWD: '0.001' };

/**
 * The ledger of a tenant checked in SQL: amountPaid = completed payments - refunds, balance =
 * amount - amountPaid, and paymentStatus for the invoices paid during the run (`since`).
 */
async function ledgerCheck(ds: DataSource, tenantId: string, since: Date): Promise<Record<string, number>> {
  const [ledger] = await ds.query(
    `WITH p AS (SELECT invoice_id, count(*)::int AS n, sum(amount) FILTER (WHERE status = 'COMPLETED') AS paid, sum(refunded_amount) AS refunded,
                  bool_or(created_date >= $2) AS touched
                FROM payment WHERE tenant_id = $1 GROUP BY invoice_id)
     SELECT (SELECT count(*) FROM payment WHERE tenant_id = $1 AND created_date >= $2)::int AS payments,
       count(*) FILTER (WHERE i.amount_paid <> coalesce(p.paid, 0) - coalesce(p.refunded, 0))::int AS amount_paid_mismatches,
       count(*) FILTER (WHERE i.balance <> i.amount - i.amount_paid)::int AS balance_mismatches,
       count(*) FILTER (WHERE p.touched AND i.payment_status <> CASE WHEN i.amount_paid >= i.amount THEN 'PAID' ELSE 'PARTIALLY_PAID' END)::int AS status_mismatches
     FROM invoice i LEFT JOIN p ON p.invoice_id = i.id WHERE i.tenant_id = $1`, [tenantId, since]);
  return ledger;
}

const exact = (l: Record<string, number>) => l.amount_paid_mismatches === 0 && l.balance_mismatches === 0 && l.status_mismatches === 0;

/**
 * 1,000 recordPayment at concurrency 50 over 200 ACTIVE invoices, per round and target (ours,
 * floor, ours, ...), each target on a tenant of its own; then both ledgers are checked.
 */
async function paymentWorkload(ctx: WriteContext, floor: Server): Promise<Record<string, unknown>> {
  ctx.mark('w5');
  const since = new Date(Date.now() - 1000);
  const tenants = {
    ours: await throwawayTenant(ctx.ds, `Bench payments ours ${ctx.stamp}`, 200, 'active-unpaid'),
    floor: await throwawayTenant(ctx.ds, `Bench payments floor ${ctx.stamp}`, 200, 'active-unpaid'),
  };
  try {
    const requests = async (target: 'ours' | 'floor'): Promise<HttpRequestSpec[]> => {
      const invoices: Array<{ id: string; currency_iso_code: string }> = await ctx.ds.query(
        'SELECT id, currency_iso_code FROM invoice WHERE tenant_id = $1 ORDER BY invoice_number', [tenants[target].tenantId]);
      return invoices.map((inv): HttpRequestSpec => {
        const amount = MINOR[inv.currency_iso_code] ?? '0.01';
        return target === 'ours'
          ? { path: '/graphql', headers: { 'content-type': 'application/json', 'x-api-key': tenants.ours.apiKey }, body: JSON.stringify({ query: PAY_MUTATION, variables: { id: inv.id, amount } }) }
          : { path: '/pay', headers: { 'content-type': 'application/json', 'x-tenant-id': tenants.floor.tenantId }, body: JSON.stringify({ invoiceId: inv.id, amount }) };
      });
    };
    const specs = { ours: await requests('ours'), floor: await requests('floor') };
    const rounds: Record<'ours' | 'floor', LoadResult[]> = { ours: [], floor: [] };
    for (let round = 1; round <= ctx.rounds; round++) {
      for (const target of ['ours', 'floor'] as const) {
        const url = target === 'ours' ? ctx.ours.url : floor.url;
        const result = await runLoad(ctx.repoRoot, { url, connections: 50, amount: 1000, requests: specs[target] });
        rounds[target].push(result);
        ctx.log(`w5 ${target} round ${round}/${ctx.rounds}: ${result.rps.toFixed(0)} req/s, p99 ${result.latency.p99} ms, errors ${result.errors}`);
        if (result.firstError) ctx.log(`  first error: ${result.firstError}`);
      }
    }
    const summary = async (target: 'ours' | 'floor') => {
      const results = rounds[target];
      const requestsDone = results.reduce((n, r) => n + r.requests, 0);
      const errors = results.reduce((n, r) => n + r.errors, 0);
      const ledger = await ledgerCheck(ctx.ds, tenants[target].tenantId, since);
      return {
        rps: requestsDone / results.reduce((n, r) => n + r.seconds, 0), p50: median(results.map((r) => r.latency.p50)), p99: median(results.map((r) => r.latency.p99)),
        requests: requestsDone, errors, firstError: results.find((r) => r.firstError)?.firstError ?? null, rounds: results, ledger,
        ledgerExact: exact(ledger) && ledger.payments === requestsDone - errors,
      };
    };
    const ours = await summary('ours');
    const floorResult = await summary('floor');
    ctx.log(`  -> w5 ours ${ours.rps.toFixed(0)} req/s p99 ${ours.p99} ms, floor ${floorResult.rps.toFixed(0)} req/s p99 ${floorResult.p99} ms; ledger ${ours.ledgerExact ? 'exact' : `WRONG ${JSON.stringify(ours.ledger)}`}`);
    return { ours, floor: floorResult, ok: ours.errors === 0 && ours.ledgerExact };
  } finally {
    for (const t of Object.values(tenants)) await dropTenant(ctx.ds, t.tenantId).catch((e) => ctx.log(`could not drop ${t.name}: ${e}`));
  }
}

// --- mixed load and workers ----------------------------------------------------------------

/**
 * 80 % reads (workloads 1-3 in equal parts) and 20 % writes (recordPayment of the minor unit on
 * ACTIVE invoices with a balance, addInvoiceComment, updateInvoice notes), interleaved in a fixed
 * order over many parameter sets, on a throwaway tenant with realistic data.
 */
async function mixedRequests(ds: DataSource, tenant: BenchTenant): Promise<HttpRequestSpec[]> {
  const auth = { apiKey: tenant.apiKey, tenantId: tenant.tenantId };
  const reads = [
    ...(await pickW1(ds, tenant.tenantId, 100)).map((p) => requestFor('ours', 'w1', p, auth)),
    ...pickW2().map((p) => requestFor('ours', 'w2', p, auth)),
    ...(await pickW3(ds, tenant.tenantId, tenant.invoices, 100)).map((p) => requestFor('ours', 'w3', p, auth)),
  ];
  const byKind = { w1: reads.filter((r) => r.body.includes('W1')), w2: reads.filter((r) => r.body.includes('W2')), w3: reads.filter((r) => r.body.includes('W3')) };
  const payable: Array<{ id: string; currency_iso_code: string }> = await ds.query(
    `SELECT id, currency_iso_code FROM invoice WHERE tenant_id = $1 AND status = 'ACTIVE' AND balance >= 1 ORDER BY invoice_number LIMIT 300`, [tenant.tenantId]);
  const editable: Array<{ id: string }> = await ds.query(
    `SELECT id FROM invoice WHERE tenant_id = $1 AND status IN ('DRAFT', 'ACTIVE') ORDER BY invoice_number DESC LIMIT 300`, [tenant.tenantId]);
  const headers = { 'content-type': 'application/json', 'x-api-key': tenant.apiKey };
  const gql = (query: string, variables: Record<string, unknown>): HttpRequestSpec => ({ path: '/graphql', headers, body: JSON.stringify({ query, variables }) });
  const writes = (k: number): HttpRequestSpec => {
    if (k % 2 === 0) {
      const inv = payable[(k / 2) % payable.length];
      return gql(PAY_MUTATION, { id: inv.id, amount: MINOR[inv.currency_iso_code] ?? '0.01' });
    }
    const inv = editable[k % editable.length];
    return k % 4 === 1
      ? gql('mutation C($id: ID!, $c: String!) { addInvoiceComment(invoiceId: $id, comment: $c) { id } }', { id: inv.id, c: `mixed load comment ${k}` })
      : gql('mutation U($id: ID!, $n: String!) { updateInvoice(id: $id, input: {notes: $n}) { id version } }', { id: inv.id, n: `mixed load note ${k}` });
  };
  // Blocks of ten: eight reads (w1, w2, w3 in turn), two writes (payment, comment or update).
  const specs: HttpRequestSpec[] = [];
  let r = 0;
  let w = 0;
  for (let block = 0; block < 200; block++) {
    for (let k = 0; k < 8; k++, r++) {
      const kind = (['w1', 'w2', 'w3'] as const)[r % 3];
      specs.push(byKind[kind][Math.floor(r / 3) % byKind[kind].length]);
    }
    specs.push(writes(w++), writes(w++));
  }
  return specs;
}

async function mixedWorkloads(ctx: WriteContext, workloads: Record<string, unknown>): Promise<void> {
  const size = ctx.quick ? 2000 : 10_000;
  ctx.log(`mixed: seeding a throwaway tenant with ${size} invoices`);
  const tenant = await throwawayTenant(ctx.ds, `Bench mixed ${ctx.stamp}`, size, 'realistic');
  try {
    const requests = await mixedRequests(ctx.ds, tenant);
    const load = async (url: string, label: string) => {
      const since = new Date(Date.now() - 1000);
      const result = await runLoad(ctx.repoRoot, { url, connections: ctx.connections, duration: ctx.duration, warmup: Math.min(2, ctx.duration / 5), requests });
      const ledger = await ledgerCheck(ctx.ds, tenant.tenantId, since);
      ctx.log(`${label}: ${result.rps.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${result.errors}; ledger ${exact(ledger) ? 'exact' : `WRONG ${JSON.stringify(ledger)}`}`);
      if (result.firstError) ctx.log(`  first error: ${result.firstError}`);
      return { result, ledger, ledgerExact: exact(ledger), ok: result.errors === 0 && exact(ledger) };
    };
    if (ctx.workloads.has('mixed')) {
      ctx.mark('mixed');
      workloads.mixed = { invoices: size, connections: ctx.connections, seconds: ctx.duration, mix: '80 % reads (w1, w2, w3), 20 % writes (recordPayment, addInvoiceComment, updateInvoice)', ...(await load(ctx.ours.url, 'mixed ours')) };
    }
    if (ctx.workloads.has('workers')) {
      const byWorkers: Record<string, unknown> = {};
      for (const workers of [1, 2]) {
        const port = await ctx.freePort();
        const server = await startServer({
          name: `ours-${workers}w`, command: process.execPath, args: ctx.oursArgs,
          env: { ...ctx.env, WORKERS: String(workers), PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, SCHEDULER_INTERVAL_MS: '3600000' },
          port, healthPath: '/health', logFile: path.join(ctx.logDir, `ours-${workers}w.log`),
        });
        const sampler = new RssSampler(server.process.pid!, 250);
        try {
          ctx.mark(`workers:${workers}`);
          const run = await load(server.url, `workers ${workers}`);
          sampler.sample();
          byWorkers[workers] = { ...run, rssMaxMb: Math.round(sampler.max), rssSamples: sampler.samples };
          ctx.log(`  -> ${workers} worker(s): cluster RSS peaked at ${Math.round(sampler.max)} MB`);
        } finally {
          sampler.stop();
          await server.stop();
        }
      }
      workloads.workers = { invoices: size, connections: ctx.connections, seconds: ctx.duration, load: 'the mixed load', byWorkers };
    }
  } finally {
    await dropTenant(ctx.ds, tenant.tenantId).catch((e) => ctx.log(`could not drop ${tenant.name}: ${e}`));
  }
}

// --- report --------------------------------------------------------------------------------

const fmt = (n: number | undefined | null, digits = 0) => (n == null || Number.isNaN(n) ? '–' : n.toFixed(digits));
const met = (ok: boolean) => (ok ? 'met' : '**not met**');

/** The write workloads' lines of BENCHMARKS.md's generated section. */
export function renderWriteResults(workloads: Record<string, any>): string[] {
  const out: string[] = [];
  const imp = workloads.import;
  if (imp) {
    const ratio = imp.ours.invoicesPerSecond / imp.floor.invoicesPerSecond;
    out.push(`**Import** (createInvoices, ${imp.ours.batches} batches of ${imp.ours.batchSize} invoices with ${imp.ours.linesPerInvoice} line items, one call at a time, ours and the floor in turn; median batch): ` +
      `ours ${fmt(imp.ours.invoicesPerSecond)} invoices/s (${fmt(imp.ours.medianSeconds, 3)} s per batch${imp.ours.errors ? `, **${imp.ours.errors} errors**: ${imp.ours.firstError}` : ''}), ` +
      `floor (bench/write-floor.mjs, one hand-written statement) ${fmt(imp.floor.invoicesPerSecond)} invoices/s (${fmt(imp.floor.medianSeconds, 3)} s), ours / floor ${fmt(ratio, 2)}×; ` +
      `rows ${imp.ours.ok ? 'complete' : `**incomplete** ${JSON.stringify(imp.ours.rows)}`} (goal ≥ 5,000 invoices/s: ${met(imp.ours.invoicesPerSecond >= 5000 && imp.ours.ok)}).`, '');
  }
  const w5 = workloads.w5;
  if (w5?.ours) {
    const ratio = w5.ours.rps / w5.floor.rps;
    out.push(`**Workload 5** (1,000 recordPayment per round at concurrency 50 over 200 ACTIVE invoices, ${w5.ours.rounds.length} round(s) per target): ` +
      `ours ${fmt(w5.ours.rps)} req/s, p50 ${fmt(w5.ours.p50)} ms, p99 ${fmt(w5.ours.p99)} ms, ${w5.ours.errors} errors; ` +
      `floor (lock, payment insert, invoice update, history insert in one \`pg\` transaction) ${fmt(w5.floor.rps)} req/s, p99 ${fmt(w5.floor.p99)} ms; ours / floor ${fmt(ratio, 2)}× ` +
      `(goal ≥ 0.5×: ${met(ratio >= 0.5)}); ledger ${w5.ours.ledgerExact ? 'exact' : `**wrong** ${JSON.stringify(w5.ours.ledger)}`}, ${w5.ours.ledger.payments} payments stored ` +
      `(goal: no errors and exact: ${met(w5.ok)}).${w5.ours.firstError ? ` First error: \`${String(w5.ours.firstError).slice(0, 200)}\`` : ''}`, '');
  }
  const mixed = workloads.mixed;
  if (mixed) {
    const r = mixed.result;
    out.push(`**Mixed load** (${mixed.mix}, ${mixed.connections} connections, ${mixed.seconds} s, tenant of ${mixed.invoices} invoices): ${fmt(r.rps)} req/s, p50 ${fmt(r.latency.p50)} ms, ` +
      `p99 ${fmt(r.latency.p99)} ms, ${r.errors} errors; ledger afterwards ${mixed.ledgerExact ? 'exact' : `**wrong** ${JSON.stringify(mixed.ledger)}`} (${mixed.ledger.payments} payments).` +
      `${r.firstError ? ` First error: \`${String(r.firstError).slice(0, 200)}\`` : ''}`, '');
  }
  const workers = workloads.workers;
  if (workers) {
    const cell = (n: string) => {
      const w = workers.byWorkers[n];
      return w ? `${n} worker${n === '1' ? '' : 's'}: ${fmt(w.result.rps)} req/s, p99 ${fmt(w.result.latency.p99)} ms, ${w.result.errors} errors, cluster RSS peak ${w.rssMaxMb} MB` : `${n}: –`;
    };
    const two = workers.byWorkers['2'];
    out.push(`**Workers** (the mixed load, ${workers.seconds} s each, same run): ${cell('1')}; ${cell('2')} (goal: cluster RSS < 400 MB with 2 workers: ${met(!!two && two.rssMaxMb < 400)}).`, '');
  }
  return out;
}
