import type { DataSource, QueryRunner } from 'typeorm';
import { environmentConfig } from '../config';
import { hash, pick } from './seed-sql';
import { COMMENT_AUTHORS, INVOICE_COMMENTS } from './seed-vocabulary';

/**
 * Comments and history for seeded invoices, as the service would have written them: every
 * invoice has its CREATE entry, then ACTIVATE (to ACTIVE, or to PENDING_ACTIVATION when
 * scheduled), one RECORD_PAYMENT per payment, one REFUND_PAYMENT per refund, CANCEL or VOID, and
 * a quarter of the invoices carry 1-3 comments (each with its ADD_COMMENT entry), written after
 * the invoice's last transition. Times come from the stored rows and hashes of the invoice
 * number; within an invoice no two entries share a time, so every API's order by time alone is
 * the same order.
 *
 * Everything is derived from three temp tables of facts about the invoices, their payments and
 * refunds (ACTIVITY_TABLES). A seed batch fills them from its own INSERTs' RETURNING
 * (`capture`): looking rows up again in the big tables would be planned on statistics that are
 * stale until the seed's final ANALYZE. A backfill of invoices seeded before the seed wrote any
 * activity (`seedMissingActivity`) fills them from the stored rows.
 */

export const ACTIVITY_TABLES = `
CREATE TEMP TABLE seed_act (num bigint NOT NULL, id uuid NOT NULL, status text NOT NULL, created timestamptz NOT NULL,
  activated_time timestamptz, cancellation_date timestamptz, voided_date timestamptz) ON COMMIT DROP;
CREATE TEMP TABLE seed_act_payment (invoice_id uuid NOT NULL, id uuid NOT NULL, created_date timestamptz NOT NULL, amount numeric NOT NULL,
  currency text NOT NULL, method text NOT NULL, status text NOT NULL, reference_number text) ON COMMIT DROP;
CREATE TEMP TABLE seed_act_refund (invoice_id uuid NOT NULL, id uuid NOT NULL, payment_id uuid NOT NULL, created_date timestamptz NOT NULL,
  amount numeric NOT NULL, reference_number text, reason text) ON COMMIT DROP`;

const COLUMNS = {
  invoice: 'substr(invoice_number, 5)::bigint AS num, id, status, created_date, activated_time, cancellation_date, voided_date',
  payment: 'invoice_id, id, created_date, amount, currency, method, status, reference_number',
  refund: 'invoice_id, id, payment_id, created_date, amount, reference_number, reason',
};
const TABLE = { invoice: 'seed_act', payment: 'seed_act_payment', refund: 'seed_act_refund' };
type Captured = keyof typeof COLUMNS;

/** An `INSERT INTO invoice|payment|refund ... SELECT ...` that also records its rows' facts in ACTIVITY_TABLES. */
export function capture(table: Captured, insertSql: string): string {
  const columns = COLUMNS[table].replace('substr(invoice_number, 5)::bigint AS num, ', 'invoice_number, ');
  return `WITH inserted AS (${insertSql.trim()}\nRETURNING ${columns})\nINSERT INTO ${TABLE[table]} SELECT ${COLUMNS[table]} FROM inserted`;
}

/** When each invoice was activated (or scheduled), closed and last changed. */
const EVENTS_PLAN = `
CREATE TEMP TABLE seed_event ON COMMIT DROP AS
SELECT a.num, a.id, a.status, a.created, ev.activated, ev.closed, coalesce(ev.closed, ev.activated, a.created) AS last
FROM seed_act a
CROSS JOIN LATERAL (SELECT CASE WHEN a.status = 'PENDING_ACTIVATION'
                                  THEN least(a.created + make_interval(hours => 1 + ${hash('a.num', 84)} % 20), now())
                                  ELSE a.activated_time END AS activated,
                           coalesce(a.cancellation_date, a.voided_date) AS closed) ev`;

/** A quarter of the invoices get 1-3 comments, spread between the last transition and now. */
const COMMENTS_PLAN = `
CREATE TEMP TABLE seed_comment ON COMMIT DROP AS
SELECT gen_random_uuid() AS id, e.id AS invoice_id, e.status, k, c.create_time,
  ${pick(INVOICE_COMMENTS, hash('e.num * 4 + k', 85))} AS comment, ${pick(COMMENT_AUTHORS, hash('e.num * 4 + k', 86))} AS author_name
FROM seed_event e
CROSS JOIN LATERAL generate_series(1, CASE WHEN ${hash('e.num', 80)} % 100 < 25 THEN 1 + ${hash('e.num', 81)} % 3 ELSE 0 END) k
CROSS JOIN LATERAL (SELECT e.last + (now() - e.last) * ((k * 1000 + ${hash('e.num * 4 + k', 82)} % 1000) / 4000.0)::float8
                             + make_interval(secs => k / 1000.0) AS create_time) c`;

const INSERT_COMMENTS = `
INSERT INTO invoice_comment (tenant_id, id, invoice_id, comment, create_time, author_name)
SELECT $1, c.id, c.invoice_id, c.comment, c.create_time, c.author_name FROM seed_comment c`;

/**
 * Each entry's time is its event's time plus `seq` microseconds, seq distinct per entry of an
 * invoice (1 CREATE, 2 ACTIVATE, 10+n the n-th payment, 30+n the n-th refund, 50 CANCEL/VOID,
 * 60+k the k-th comment): two entries never share a time, even when both were capped at now().
 */
const INSERT_HISTORY = `
INSERT INTO invoice_history (tenant_id, id, invoice_id, action, from_status, to_status, created_at, comment, changes)
SELECT $1, gen_random_uuid(), x.invoice_id, x.action, x.from_status, x.to_status, x.at + x.seq * interval '1 microsecond', x.comment, x.changes
FROM (
  SELECT e.id AS invoice_id, t.action, t.from_status, t.to_status, t.at, t.seq, NULL::text AS comment, NULL::jsonb AS changes
  FROM seed_event e
  CROSS JOIN LATERAL (VALUES
    ('CREATE', NULL, 'DRAFT', e.created, 1),
    ('ACTIVATE', 'DRAFT', CASE WHEN e.status = 'PENDING_ACTIVATION' THEN 'PENDING_ACTIVATION' ELSE 'ACTIVE' END, e.activated, 2),
    (CASE e.status WHEN 'CANCELED' THEN 'CANCEL' ELSE 'VOID' END, 'ACTIVE', e.status, e.closed, 50)
  ) t(action, from_status, to_status, at, seq)
  WHERE t.at IS NOT NULL
  UNION ALL
  SELECT p.invoice_id, 'RECORD_PAYMENT', 'ACTIVE', 'ACTIVE', p.created_date,
    10 + row_number() OVER (PARTITION BY p.invoice_id ORDER BY p.created_date, p.id), NULL,
    jsonb_build_object('payment', jsonb_build_object('id', p.id, 'amount', p.amount::text, 'currency', p.currency, 'method', p.method,
      'status', p.status, 'referenceNumber', p.reference_number))
  FROM seed_act_payment p
  UNION ALL
  SELECT r.invoice_id, 'REFUND_PAYMENT', 'ACTIVE', 'ACTIVE', r.created_date,
    30 + row_number() OVER (PARTITION BY r.invoice_id ORDER BY r.created_date, r.id), r.reason,
    jsonb_build_object('refund', jsonb_build_object('id', r.id, 'amount', r.amount::text, 'referenceNumber', r.reference_number),
      'payment', jsonb_build_object('id', r.payment_id))
  FROM seed_act_refund r
  UNION ALL
  SELECT c.invoice_id, 'ADD_COMMENT', c.status, c.status, c.create_time, 60 + c.k, c.comment, NULL FROM seed_comment c
) x`;

export interface ActivityCounts {
  comments: number;
  history: number;
}

/** Seeds comments and history from the facts in ACTIVITY_TABLES, in the caller's transaction. */
export async function seedInvoiceActivity(runner: QueryRunner, tenantId: string): Promise<ActivityCounts> {
  const steps: Array<[string, string]> = [
    ['events', EVENTS_PLAN], ['comments plan', COMMENTS_PLAN], ['comments', INSERT_COMMENTS], ['history', INSERT_HISTORY],
  ];
  const timings: string[] = [];
  const affected: Record<string, number> = {};
  for (const [name, sql] of steps) {
    const t0 = process.hrtime.bigint();
    const result = await runner.query(sql, sql.includes('$1') ? [tenantId] : [], true);
    affected[name] = result.affected ?? 0;
    timings.push(`${name} ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0)}ms`);
  }
  if (environmentConfig().seedProfile) process.stderr.write(`\n[seed activity] ${timings.join(', ')}\n`);
  return { comments: affected.comments, history: affected.history };
}

/**
 * Adds comments and history to the tenant's seeded invoices that have no history at all (seeded
 * before the seed wrote any), in transactions of `batchSize` invoices; returns what it added.
 * Which invoices lack them is decided once, before the first insert: planned on statistics that
 * the inserts make stale, a per-batch check would probe the growing history table row by row.
 */
export async function seedMissingActivity(
  dataSource: DataSource, tenantId: string, options: { batchSize?: number; onBatch?: (invoices: number) => void } = {},
): Promise<ActivityCounts & { invoices: number }> {
  const batchSize = options.batchSize ?? 25_000;
  const total = { invoices: 0, comments: 0, history: 0 };
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SET synchronous_commit = off');
    await runner.query('DROP TABLE IF EXISTS seed_missing');
    await runner.query(
      `CREATE TEMP TABLE seed_missing AS
       SELECT row_number() OVER (ORDER BY i.invoice_number) AS k, ${COLUMNS.invoice} FROM invoice i
       WHERE i.tenant_id = $1 AND i.invoice_number ~ '^INV-[0-9]{8,15}$'
         AND NOT EXISTS (SELECT 1 FROM invoice_history h WHERE h.tenant_id = i.tenant_id AND h.invoice_id = i.id)`,
      [tenantId],
    );
    await runner.query('CREATE INDEX ON seed_missing (k)');
    await runner.query('ANALYZE seed_missing');
    const [{ n: missing }] = await runner.query('SELECT count(*)::int AS n FROM seed_missing');
    for (let from = 0; from < missing; from += batchSize) {
      await runner.startTransaction();
      try {
        await runner.query(ACTIVITY_TABLES);
        await runner.query('INSERT INTO seed_act SELECT num, id, status, created_date, activated_time, cancellation_date, voided_date FROM seed_missing WHERE k > $1 AND k <= $2',
          [from, from + batchSize]);
        await runner.query('ANALYZE seed_act');
        for (const table of ['payment', 'refund'] as const) {
          await runner.query(
            `INSERT INTO ${TABLE[table]} SELECT ${COLUMNS[table]} FROM ${table} WHERE tenant_id = $1 AND invoice_id IN (SELECT id FROM seed_act)`,
            [tenantId],
          );
        }
        const counts = await seedInvoiceActivity(runner, tenantId);
        await runner.commitTransaction();
        const n = Math.min(batchSize, missing - from);
        total.invoices += n;
        total.comments += counts.comments;
        total.history += counts.history;
        options.onBatch?.(n);
      } catch (error) {
        await runner.rollbackTransaction();
        throw error;
      }
    }
    await runner.query('DROP TABLE seed_missing');
    if (total.invoices) await runner.query('ANALYZE invoice_comment, invoice_history');
  } finally {
    await runner.release();
  }
  return total;
}

/** The statements, for EXPLAIN when profiling the seed. */
export const SEED_ACTIVITY_SQL = { ACTIVITY_TABLES, EVENTS_PLAN, COMMENTS_PLAN, INSERT_COMMENTS, INSERT_HISTORY };
