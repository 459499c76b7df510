import type { DataSource } from 'typeorm';
import { progress } from '../../src/observability/progress';
import { seedMissingActivity } from '../../src/seed/seed-activity';
import { SeedMix } from '../../src/seed/seed-invoice-batch';
import { seedInvoices } from '../../src/seed/seed-invoices';
import { tenantWithFreshKey } from '../../src/seed/seed-tenant';
import type { W1Params, W2Params, W3Params } from './workloads';

export interface BenchTenant {
  name: string;
  tenantId: string;
  apiKey: string;
  invoices: number;
  seededNow: number;
  seedSeconds: number;
  /** Invoices seeded before the seed wrote comments and history, given theirs now. */
  activityAddedNow?: number;
  activitySeconds?: number;
}

export const sizeLabel = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));

/** The tenant "Bench <size>", seeded up to `size` invoices when it has fewer (reused across runs). */
export async function ensureBenchTenant(ds: DataSource, size: number, log: (m: string) => void): Promise<BenchTenant> {
  const name = `Bench ${sizeLabel(size)}`;
  const issued = await tenantWithFreshKey(ds, name);
  const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM invoice WHERE tenant_id = $1', [issued.tenantId]);
  let seededNow = 0;
  let seedSeconds = 0;
  const activity = n > 0 ? await addMissingActivity(ds, name, issued.tenantId, log) : {};
  if (n < size) {
    log(`seeding ${name}: ${size - n} invoices`);
    const bar = progress(size - n, `seed ${name}`);
    const summary = await seedInvoices(ds, { tenantId: issued.tenantId, invoices: size - n, onBatch: (k) => bar.tick(k) });
    bar.done();
    seededNow = summary.invoices;
    seedSeconds = summary.seconds;
  }
  return { name, tenantId: issued.tenantId, apiKey: issued.apiKey, invoices: Math.max(n, size), seededNow, seedSeconds, ...activity };
}

/** A tenant seeded before the seed wrote comments and history gets them once, so w3's lists are not empty. */
async function addMissingActivity(ds: DataSource, name: string, tenantId: string, log: (m: string) => void) {
  const [{ missing }] = await ds.query(
    `SELECT count(*)::int AS missing FROM invoice i
     WHERE i.tenant_id = $1 AND NOT EXISTS (SELECT 1 FROM invoice_history h WHERE h.tenant_id = i.tenant_id AND h.invoice_id = i.id)`,
    [tenantId],
  );
  if (missing === 0) return {};
  log(`adding comments and history to ${missing} invoices of ${name} (seeded without them)`);
  const t0 = Date.now();
  const bar = progress(missing, `activity ${name}`);
  const added = await seedMissingActivity(ds, tenantId, { onBatch: (k) => bar.tick(k) });
  bar.done();
  return { activityAddedNow: added.invoices, activitySeconds: (Date.now() - t0) / 1000 };
}

/** A throwaway tenant with a uniform set (drafts for bulk activation, active unpaid for payments). */
export async function throwawayTenant(ds: DataSource, name: string, invoices: number, mix: SeedMix): Promise<BenchTenant> {
  const issued = await tenantWithFreshKey(ds, name);
  const summary = await seedInvoices(ds, { tenantId: issued.tenantId, invoices, mix, customers: Math.max(1, Math.ceil(invoices / 50)) });
  return { name, tenantId: issued.tenantId, apiKey: issued.apiKey, invoices, seededNow: invoices, seedSeconds: summary.seconds };
}

/**
 * Removes a throwaway tenant and everything it owns, table by table with the foreign-key
 * triggers off (session_replication_role): every row of the tenant goes, so nothing can dangle,
 * and the per-row checks would otherwise scan the tenant's invoices once per deleted contact.
 */
export async function dropTenant(ds: DataSource, tenantId: string): Promise<void> {
  await ds.transaction(async (m) => {
    await m.query("SET LOCAL session_replication_role = 'replica'");
    for (const table of ['refund', 'payment', 'invoice_history', 'invoice_comment', 'invoice_line_item', 'invoice', 'contact', 'customer',
      'idempotency_key', 'invoice_number_sequence', 'api_key']) {
      await m.query(`DELETE FROM ${table} WHERE tenant_id = $1`, [tenantId]);
    }
    await m.query('DELETE FROM tenant WHERE id = $1', [tenantId]);
  });
}

/** Customers with about 50 invoices (Nue's query then returns their ACTIVE ones). */
export async function pickW1(ds: DataSource, tenantId: string, count = 200): Promise<W1Params[]> {
  const rows: Array<{ customer_id: string }> = await ds.query(
    `SELECT customer_id FROM invoice WHERE tenant_id = $1 GROUP BY customer_id
     ORDER BY abs(count(*) - 50), customer_id LIMIT $2`,
    [tenantId, count],
  );
  return rows.map((r) => ({ customerId: r.customer_id }));
}

/** Six 30-day windows over the last half year. */
export function pickW2(): W2Params[] {
  const day = 86_400_000;
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  return Array.from({ length: 6 }, (_, k) => ({
    from: new Date(today - (k + 2) * 30 * day).toISOString().slice(0, 10),
    to: new Date(today - (k + 1) * 30 * day - day).toISOString().slice(0, 10),
  }));
}

/**
 * Invoices spread over the whole number range, preferring ones with payments and comments (more
 * to nest: every seeded invoice has history, a quarter have comments).
 */
export async function pickW3(ds: DataSource, tenantId: string, invoices: number, count = 300): Promise<W3Params[]> {
  const candidates = count * 4;
  const numbers = Array.from({ length: candidates }, (_, k) => `INV-${String(1 + Math.floor(((k + 0.5) * invoices) / candidates)).padStart(8, '0')}`);
  const rows: Array<{ id: string }> = await ds.query(
    `SELECT i.id FROM invoice i
     CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM invoice_comment m WHERE m.tenant_id = i.tenant_id AND m.invoice_id = i.id) AS commented) c
     WHERE i.tenant_id = $1 AND i.invoice_number = ANY($2)
     ORDER BY (i.payment_status <> 'UNPAID' AND c.commented) DESC, (i.payment_status <> 'UNPAID') DESC, i.invoice_number LIMIT $3`,
    [tenantId, numbers, count],
  );
  return rows.map((r) => ({ invoiceId: r.id }));
}

export async function dataSize(ds: DataSource): Promise<Record<string, unknown>> {
  const [row] = await ds.query(`SELECT pg_size_pretty(pg_database_size(current_database())) AS database,
      (SELECT reltuples::bigint FROM pg_class WHERE relname = 'invoice') AS invoices,
      (SELECT reltuples::bigint FROM pg_class WHERE relname = 'invoice_line_item') AS line_items,
      (SELECT reltuples::bigint FROM pg_class WHERE relname = 'payment') AS payments,
      (SELECT reltuples::bigint FROM pg_class WHERE relname = 'customer') AS customers,
      (SELECT reltuples::bigint FROM pg_class WHERE relname = 'invoice_comment') AS comments,
      (SELECT reltuples::bigint FROM pg_class WHERE relname = 'invoice_history') AS history,
      current_setting('server_version') AS postgres, current_setting('shared_buffers') AS shared_buffers`);
  return row;
}
