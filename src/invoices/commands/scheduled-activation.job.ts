import { DataSource } from 'typeorm';
import type { AppDeps, BackgroundJob } from '../../app-deps';
import { InvoiceAction, scheduledActivationSql, targetSql } from '../../lifecycle/invoice-lifecycle';
import { todayUtc } from './actor';

export interface ScheduledActivationOptions {
  /** 'YYYY-MM-DD' (UTC); defaults to today. */
  today?: string;
  batchSize?: number;
  /** Only this tenant's invoices (an operator re-running one tenant; tests). Default: every tenant. */
  tenantId?: string;
}

/**
 * Moves PENDING_ACTIVATION invoices whose activate_on has come to ACTIVE, with history
 * (actor null = the scheduler). Batches lock with FOR UPDATE SKIP LOCKED, so several processes
 * share the work without waiting on or double-activating each other, and a row another
 * transaction holds is simply picked up by a later pass. Idempotent: an activated invoice no
 * longer matches. Returns how many invoices were activated.
 */
export async function runScheduledActivation(ds: DataSource, options: ScheduledActivationOptions = {}): Promise<number> {
  const today = options.today ?? todayUtc();
  const batchSize = options.batchSize ?? 1000;
  let total = 0;
  for (;;) {
    const rows: Array<{ n: string }> = await ds.transaction(async (m) => {
      // A CTE has no statistics; keep the planner off quadratic nested loops (see bulk-transition.service).
      await m.query('SET LOCAL enable_nestloop = off');
      return m.query(
      `WITH due AS (
         SELECT i.tenant_id, i.id, i.status FROM invoice i
         WHERE ${scheduledActivationSql()} AND i.activate_on <= $1::date
           AND ($3::uuid IS NULL OR i.tenant_id = $3::uuid)
         ORDER BY i.activate_on, i.id LIMIT $2 FOR UPDATE SKIP LOCKED
       ),
       upd AS (
         UPDATE invoice i SET status = ${targetSql(InvoiceAction.ACTIVATE)}, activated_time = now(),
           version = i.version + 1, last_modified_date = now()
         FROM due WHERE i.tenant_id = due.tenant_id AND i.id = due.id AND ${scheduledActivationSql()}
         RETURNING i.tenant_id, i.id, due.status AS from_status, i.status AS to_status
       ),
       hist AS (
         INSERT INTO invoice_history (tenant_id, id, invoice_id, action, from_status, to_status, actor_id, comment, changes)
         SELECT u.tenant_id, gen_random_uuid(), u.id, '${InvoiceAction.ACTIVATE}', u.from_status, u.to_status, NULL,
           'Scheduled activation', jsonb_build_object('scheduledFor', $1::date)
         FROM upd u
       )
       SELECT count(*) AS n FROM upd`,
        [today, batchSize, options.tenantId ?? null],
      );
    });
    const n = Number(rows[0].n);
    total += n;
    if (n < batchSize) return total;
  }
}

/** The scheduler loop: one pass every SCHEDULER_INTERVAL_MS; passes never overlap within a process. */
export const scheduledActivationJob: BackgroundJob = {
  name: 'scheduled-activation',
  start(deps: AppDeps) {
    let stopped = false;
    let inflight: Promise<void> | null = null;
    const tick = () => {
      if (stopped || inflight) return;
      inflight = runScheduledActivation(deps.dataSource)
        .then(() => undefined, () => undefined) // a failed pass is simply retried next tick
        .finally(() => {
          inflight = null;
        });
    };
    const timer = setInterval(tick, Math.max(deps.config.schedulerIntervalMs, 100));
    timer.unref();
    tick();
    return {
      async stop() {
        stopped = true;
        clearInterval(timer);
        await inflight;
      },
    };
  },
};
