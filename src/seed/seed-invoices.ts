import type { DataSource, QueryRunner } from 'typeorm';
import { environmentConfig } from '../config';
import { loadCustomerPlan, seedCustomers } from './seed-customers';
import { SeedMix, seedInvoiceBatch } from './seed-invoice-batch';

export interface SeedOptions {
  tenantId: string;
  invoices: number;
  /** New customers to spread the invoices over; default invoices / 50 (at least 1). */
  customers?: number;
  mix?: SeedMix;
  /** Invoices per transaction. */
  batchSize?: number;
  /** Connections loading batches side by side (default 2: one per core of a small machine). */
  concurrency?: number;
  /** Called after each committed batch with the number of invoices it added. */
  onBatch?: (invoices: number) => void;
}

export interface SeedSummary {
  tenantId: string;
  customers: number;
  invoices: number;
  lineItems: number;
  payments: number;
  refunds: number;
  comments: number;
  history: number;
  firstInvoiceNumber: number | null;
  lastInvoiceNumber: number | null;
  seconds: number;
}

async function inTransaction<T>(runner: QueryRunner, body: () => Promise<T>): Promise<T> {
  await runner.startTransaction();
  try {
    const result = await body();
    await runner.commitTransaction();
    return result;
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  }
}

/** SEED_PROFILE=1: phase times on stderr. */
function profile(phase: string, since: number): void {
  if (environmentConfig().seedProfile) process.stderr.write(`\n[seed] ${phase} done at ${((Date.now() - since) / 1000).toFixed(1)}s\n`);
}

async function seedSession(dataSource: DataSource): Promise<QueryRunner> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  // A seed can be re-run: losing its last batches on a crash is acceptable, waiting on fsync is not.
  await runner.query('SET synchronous_commit = off');
  await runner.query(`SET work_mem = '64MB'`);
  return runner;
}

/**
 * Loads invoices set-based inside PostgreSQL (no row crosses the wire), one transaction per
 * batch, on `concurrency` connections. Each batch reserves its invoice numbers from the
 * tenant's sequence row in its own transaction, so numbers stay gapless even while the service
 * creates invoices. Indexes and constraints stay in place; ANALYZE runs at the end.
 */
export async function seedInvoices(dataSource: DataSource, options: SeedOptions): Promise<SeedSummary> {
  const started = Date.now();
  const total = Math.max(0, Math.floor(options.invoices));
  const customers = Math.max(1, Math.floor(options.customers ?? Math.ceil(total / 50)));
  const batchSize = Math.max(1, options.batchSize ?? 25_000);
  const mix = options.mix ?? 'realistic';
  const batches = Math.ceil(total / batchSize);
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 2, batches));
  const summary: SeedSummary = {
    tenantId: options.tenantId, customers, invoices: 0, lineItems: 0, payments: 0, refunds: 0, comments: 0, history: 0,
    firstInvoiceNumber: null, lastInvoiceNumber: null, seconds: 0,
  };

  const first = await seedSession(dataSource);
  const runners = [first];
  try {
    const base = await inTransaction(first, async () => {
      await first.query(
        'INSERT INTO invoice_number_sequence (tenant_id, last_value) VALUES ($1, 0) ON CONFLICT (tenant_id) DO NOTHING',
        [options.tenantId],
      );
      return seedCustomers(first, options.tenantId, customers);
    });
    profile('customers', started);
    while (runners.length < concurrency) runners.push(await seedSession(dataSource));

    // Reserve every number up front in one short transaction: holding the sequence row's lock
    // for a whole batch would serialize the workers. (A seed that fails midway skips the
    // numbers of its failed batches; a successful one is gapless.)
    const [reserved] = await first.query(
      'UPDATE invoice_number_sequence SET last_value = last_value + $2 WHERE tenant_id = $1 RETURNING last_value',
      [options.tenantId, total],
    );
    const startNumber = Number(reserved[0].last_value) - total + 1; // TypeORM: [rows, rowCount]
    let nextBatch = 0;
    let stopped = false;
    const worker = async (runner: QueryRunner) => {
      await loadCustomerPlan(runner, options.tenantId, base, customers);
      while (!stopped && nextBatch < batches) {
        const index = nextBatch++;
        const firstNumber = startNumber + index * batchSize;
        const count = Math.min(batchSize, total - index * batchSize);
        const counts = await inTransaction(runner, () =>
          seedInvoiceBatch(runner, options.tenantId, firstNumber, count, customers, mix));
        summary.firstInvoiceNumber = Math.min(summary.firstInvoiceNumber ?? firstNumber, firstNumber);
        summary.lastInvoiceNumber = Math.max(summary.lastInvoiceNumber ?? 0, firstNumber + count - 1);
        summary.invoices += count;
        summary.lineItems += counts.lineItems;
        summary.payments += counts.payments;
        summary.refunds += counts.refunds;
        summary.comments += counts.comments;
        summary.history += counts.history;
        options.onBatch?.(count);
      }
      await runner.query('DROP TABLE IF EXISTS seed_customer');
    };
    const stopOthersOnError = (runner: QueryRunner) => worker(runner).catch((error) => {
      stopped = true;
      throw error;
    });
    const results = await Promise.allSettled(runners.map(stopOthersOnError));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    profile('invoices', started);
    await first.query('ANALYZE customer, contact, invoice, invoice_line_item, payment, refund, invoice_comment, invoice_history, invoice_number_sequence');
    profile('analyze', started);
  } finally {
    for (const runner of runners) await runner.release();
  }
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}
