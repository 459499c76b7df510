import { DataSource, EntityManager } from 'typeorm';
import { invoiceNotFound } from '../common/errors';
import { SqlParams } from '../common/sql-params';
import { BulkInvoiceActionResult, BulkInvoiceResult } from './bulk-result.types';
import { allowedSql, decide, factsSql, InvoiceAction, InvoiceFacts, targetOf, targetSql } from '../lifecycle/invoice-lifecycle';
import { ActivateInvoicesInput, BulkSelectionFields } from './bulk-selection.input';
import { termDays } from '../invoices/invoice-totals';
import { InvoiceStatus } from '../invoices/invoice-status';
import { Actor, todayUtc } from '../invoices/commands/actor';
import { selectionSql } from './bulk-selection';
import { authorName } from '../invoices/commands/comment.service';
import { inTransaction } from '../invoices/commands/transaction';

/** A selected invoice with its guard facts (factsSql), read under the row lock. */
interface SelectedRow extends InvoiceFacts {
  id: string;
  done?: boolean;
  to_status?: InvoiceStatus | null;
}

interface TransitionPlan {
  action: InvoiceAction;
  /** Extra `SET` assignments (over `i` = the row, `s` = the locked pre-image). */
  set: string[];
  /** jsonb of changed fields for the history entry, or 'NULL'. */
  changes: string;
  scheduled: boolean;
  comment: string | null;
}

/**
 * The statement's answer: the changed rows (kind 'u') then every selected row with its facts
 * (kind 's'), as one UNION ALL. Matching them up happens in memory: a join of two CTEs has no
 * statistics and can degrade to a nested loop (minutes for 100,000 rows).
 */
const FINAL_SELECT = (changed: string, toStatus: string, detail: boolean) => detail ? `
      SELECT 'u' AS kind, u.id, ${toStatus} AS to_status, NULL::text AS status, NULL::numeric AS "amountPaid", NULL::boolean AS "hasPaymentHistory",
        NULL::boolean AS "hasPendingPayments", NULL::boolean AS "importedTotal" FROM ${changed} u
      UNION ALL
      SELECT 's', s.id, NULL, ${factsSql('s')} FROM s`
  // Counts only, when the client did not ask for per-invoice results: nothing per row leaves PostgreSQL.
  : `
      SELECT (SELECT count(*) FROM s)::int AS selected, (SELECT count(*) FROM ${changed})::int AS changed`;

interface CountsRow { selected: number; changed: number }

function mergeChanged(rows: Array<SelectedRow & { kind: 'u' | 's' }>): SelectedRow[] {
  const changed = new Map(rows.filter((r) => r.kind === 'u').map((r) => [r.id, r.to_status ?? null]));
  return rows
    .filter((r) => r.kind === 's')
    .map((r) => ({ ...r, done: changed.has(r.id), to_status: changed.get(r.id) ?? null }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const ACTION_SET: Partial<Record<InvoiceAction, (p: SqlParams, actor: string) => string[]>> = {
  [InvoiceAction.CANCEL]: () => ['cancellation_date = now()'],
  [InvoiceAction.VOID]: () => ['voided_date = now()'],
};

/**
 * Activate / cancel / void / delete for many invoices at once, set-based: one statement locks
 * the selected rows (ordered by id, so concurrent bulk calls cannot deadlock), updates those
 * the lifecycle table allows (`allowedSql`, re-checked on the locked row), writes their history
 * and comments with INSERT ... SELECT, and lists every selected row with whether it changed.
 * Refused rows get their reason from `decide()` on the facts read under the same lock.
 * Each invoice changes atomically; one refusal does not undo the others. A call runs as
 * BULK_PARALLELISM such statements over disjoint hash partitions of its selection, each in its
 * own transaction (every partition still locks in id order, so calls still cannot deadlock).
 */
export class BulkTransitionService {
  /** `partitions`: how many transactions one bulk call splits into (BULK_PARALLELISM). */
  constructor(private readonly ds: DataSource, private readonly partitions = 1) {}

  /** `detail` false: the caller reads only the counts (no per-invoice `results`). */
  async activate(actor: Actor, input: ActivateInvoicesInput, detail = true): Promise<BulkInvoiceActionResult> {
    const scheduled = input.activateOn != null && input.activateOn > todayUtc();
    return this.run(actor, InvoiceAction.ACTIVATE, input, async (m, params, selection) => {
      // Distinct terms first, while params hold only the selection's values.
      const terms: Array<string | null> = input.invoiceDate
        ? (await m.query(`SELECT DISTINCT i.payment_terms FROM invoice i WHERE ${selection}`, params.values)).map((r: { payment_terms: string | null }) => r.payment_terms)
        : [];
      const target = targetSql(InvoiceAction.ACTIVATE, scheduled);
      const actorId = params.add(actor.apiKeyId);
      const set = [
        `activated_time = CASE WHEN ${target} = '${InvoiceStatus.ACTIVE}' THEN now() ELSE i.activated_time END`,
        `activated_by_id = CASE WHEN ${target} = '${InvoiceStatus.ACTIVE}' THEN ${actorId}::uuid ELSE i.activated_by_id END`,
      ];
      const changes: string[] = [];
      let termsJoin: string | undefined;
      if (scheduled) {
        set.push(`activate_on = ${params.add(input.activateOn)}::date`);
        changes.push(`'activateOn', jsonb_build_object('from', s.activate_on, 'to', i.activate_on)`);
      }
      if (input.invoiceDate) {
        // Due date from the payment terms (termDays is the one parser of terms); unknown terms keep the invoice's gap.
        const known = terms.filter((t): t is string => t != null && termDays(t) != null);
        termsJoin = `LEFT JOIN unnest(${params.add(known)}::text[], ${params.add(known.map((t) => termDays(t)))}::int[]) AS pt(terms, days) ON pt.terms = s.payment_terms`;
        const d = params.add(input.invoiceDate);
        set.push(`invoice_date = ${d}::date`);
        set.push(
          `due_date = CASE WHEN pt.days IS NOT NULL THEN ${d}::date + pt.days ` +
            `WHEN s.due_date IS NOT NULL AND s.invoice_date IS NOT NULL THEN ${d}::date + (s.due_date - s.invoice_date) ELSE s.due_date END`,
        );
        changes.push(`'invoiceDate', jsonb_build_object('from', s.invoice_date, 'to', i.invoice_date)`);
        changes.push(`'dueDate', jsonb_build_object('from', s.due_date, 'to', i.due_date)`);
      }
      return {
        action: InvoiceAction.ACTIVATE,
        set,
        changes: changes.length ? `jsonb_build_object(${changes.join(', ')})` : 'NULL',
        scheduled,
        comment: input.invoiceComment?.comment ?? null,
        termsJoin,
      };
    }, scheduled, detail);
  }

  cancel(actor: Actor, input: BulkSelectionFields & { invoiceComment?: { comment: string } | null }, detail = true) {
    return this.simple(actor, InvoiceAction.CANCEL, input, detail);
  }

  void(actor: Actor, input: BulkSelectionFields & { invoiceComment?: { comment: string } | null }, detail = true) {
    return this.simple(actor, InvoiceAction.VOID, input, detail);
  }

  delete(actor: Actor, input: BulkSelectionFields, detail = true) {
    return this.run(actor, InvoiceAction.DELETE, input, async () => 'DELETE', false, detail);
  }

  private simple(actor: Actor, action: InvoiceAction, input: BulkSelectionFields & { invoiceComment?: { comment: string } | null }, detail: boolean) {
    return this.run(actor, action, input, async (_m, params) => ({
      action,
      set: ACTION_SET[action]?.(params, actor.apiKeyId ?? '') ?? [],
      changes: 'NULL',
      scheduled: false,
      comment: input.invoiceComment?.comment ?? null,
    }), false, detail);
  }

  private async run(
    actor: Actor,
    action: InvoiceAction,
    input: BulkSelectionFields & { where?: unknown },
    plan: (m: EntityManager, params: SqlParams, selection: string) => Promise<(TransitionPlan & { termsJoin?: string }) | 'DELETE'>,
    scheduled: boolean,
    detail: boolean,
  ): Promise<BulkInvoiceActionResult> {
    selectionSql(actor.tenantId, input, new SqlParams()); // refuses a bad selection before anything runs
    const dryRun = input.dryRun === true;
    // Before the change: a deleted invoice must not read as "not found".
    const given = await this.givenIds(actor.tenantId, input.invoiceIds);

    // Disjoint partitions of the selection, each one statement in its own transaction, side by
    // side on the pool: a bulk action is CPU-bound in PostgreSQL (index upkeep per row), and each
    // invoice's change is atomic on its own, so one call may use several cores.
    const partitions = dryRun ? 1 : this.partitions;
    const parts = await Promise.all(Array.from({ length: partitions }, async (_, k) => {
      const params = new SqlParams();
      const selection = selectionSql(actor.tenantId, input, params) + (partitions > 1 ? ` AND mod(hashtext(i.id::text) & 2147483647, ${partitions}) = ${k}` : '');
      return inTransaction(this.ds, async (m) => {
        if (dryRun) {
          return (await m.query(`SELECT i.id, ${factsSql('i')} FROM invoice i WHERE ${selection} ORDER BY i.id`, params.values)) as Array<SelectedRow & { kind: 'u' | 's' }>;
        }
        const p = await plan(m, params, selection);
        const sql = p === 'DELETE' ? this.deleteSql(selection, detail) : await this.transitionSql(m, actor, p, selection, params, detail);
        // The locked-rows CTE carries no statistics: with a low row estimate the planner picks a
        // nested loop over it (quadratic; 19 s for 3,000 rows measured). Hash joins are linear.
        await m.query('SET LOCAL enable_nestloop = off');
        return (await m.query(sql, params.values)) as Array<SelectedRow & { kind: 'u' | 's' }>;
      });
    }));
    const rows = parts.flat();

    if (!dryRun && !detail) {
      const counts = (rows as unknown as CountsRow[]).reduce((sum, c) => ({ selected: sum.selected + c.selected, changed: sum.changed + c.changed }), { selected: 0, changed: 0 });
      return this.countsResult(action, counts, given);
    }
    return this.toResult(action, dryRun, scheduled, dryRun ? rows : mergeChanged(rows), given);
  }

  private async transitionSql(m: EntityManager, actor: Actor, p: TransitionPlan & { termsJoin?: string }, selection: string, params: SqlParams, detail: boolean): Promise<string> {
    const tenant = '$1'; // selectionSql adds the tenant first
    const actorId = params.add(actor.apiKeyId);
    const comment = params.add(p.comment);
    // On the transaction's own connection: holding one while waiting for another drains the pool under a burst.
    const author = params.add(p.comment != null && actor.apiKeyId ? await authorName(m, actor) : null);
    const set = [
      `status = ${targetSql(p.action, p.scheduled)}`,
      ...p.set,
      'version = i.version + 1',
      'last_modified_date = now()',
      `last_modified_by_id = ${actorId}::uuid`,
    ];
    return `
      WITH s AS (
        SELECT i.tenant_id, i.id, i.status, i.amount_paid, i.imported_invoice_total, i.invoice_date, i.due_date, i.payment_terms, i.activate_on
        FROM invoice i WHERE ${selection} ORDER BY i.id FOR UPDATE
      ),
      upd AS (
        UPDATE invoice i SET ${set.join(', ')}
        FROM s ${p.termsJoin ?? ''}
        WHERE i.tenant_id = ${tenant} AND i.id = s.id AND ${allowedSql(p.action)}
        RETURNING i.id, s.status AS from_status, i.status AS to_status, (${p.changes})::jsonb AS changes
      ),
      hist AS (
        INSERT INTO invoice_history (tenant_id, id, invoice_id, action, from_status, to_status, actor_id, comment, changes)
        SELECT ${tenant}, gen_random_uuid(), u.id, '${p.action}', u.from_status, u.to_status, ${actorId}::uuid, ${comment}::text, u.changes FROM upd u
      ),
      com AS (
        INSERT INTO invoice_comment (tenant_id, id, invoice_id, comment, create_time, author_id, author_name)
        SELECT ${tenant}, gen_random_uuid(), u.id, ${comment}::text, now(), ${actorId}::uuid, ${author}::text FROM upd u WHERE ${comment}::text IS NOT NULL
      )
      ${FINAL_SELECT('upd', 'u.to_status', detail)}`;
  }

  private deleteSql(selection: string, detail: boolean): string {
    // Line items, comments and history go with the invoice (ON DELETE CASCADE); payments never exist here (guard).
    return `
      WITH s AS (SELECT i.tenant_id, i.id, i.status, i.amount_paid, i.imported_invoice_total FROM invoice i WHERE ${selection} ORDER BY i.id FOR UPDATE),
      del AS (
        DELETE FROM invoice i USING s WHERE i.tenant_id = $1 AND i.id = s.id AND ${allowedSql(InvoiceAction.DELETE)} RETURNING i.id
      )
      ${FINAL_SELECT('del', 'NULL::text', detail)}`;
  }

  /**
   * The requested ids (distinct, lower case) with the status each had before the call, or null
   * for ids that name no invoice of the tenant. Those the selection did not reach are reported
   * per id: INVOICE_NOT_FOUND, or NOT_MATCHED when the `where` excluded them.
   */
  private async givenIds(tenantId: string, ids: string[] | null | undefined): Promise<Map<string, InvoiceStatus | null>> {
    if (!ids?.length) return new Map();
    const rows: Array<{ id: string; status: InvoiceStatus | null }> = await this.ds.query(
      `SELECT x.id, i.status FROM unnest($2::uuid[]) AS x(id)
       LEFT JOIN invoice i ON i.tenant_id = $1 AND i.id = x.id ORDER BY x.id`,
      [tenantId, [...new Set(ids.map((id) => id.toLowerCase()))]],
    );
    return new Map(rows.map((r) => [r.id, r.status]));
  }

  private countsResult(action: InvoiceAction, counts: CountsRow, given: Map<string, InvoiceStatus | null>): BulkInvoiceActionResult {
    const notFound = [...given.values()].filter((s) => s === null).length;
    const notMatched = Math.max(given.size - notFound - counts.selected, 0);
    const result = new BulkInvoiceActionResult();
    result.action = action;
    result.dryRun = false;
    result.all = [];
    result.selectedCount = counts.selected + notMatched + notFound;
    result.succeededCount = counts.changed;
    result.failedCount = result.selectedCount - counts.changed;
    return result;
  }

  private toResult(action: InvoiceAction, dryRun: boolean, scheduled: boolean, rows: SelectedRow[], given: Map<string, InvoiceStatus | null>): BulkInvoiceActionResult {
    const all: BulkInvoiceResult[] = rows.map((row) => {
      const facts: InvoiceFacts = {
        status: row.status, amountPaid: row.amountPaid, hasPaymentHistory: row.hasPaymentHistory,
        hasPendingPayments: row.hasPendingPayments, importedTotal: row.importedTotal,
      };
      const decision = decide(facts, action);
      const base = { invoiceId: row.id, fromStatus: row.status };
      if (dryRun && decision.allowed) {
        const to = targetOf(decision.rule, scheduled);
        return { ...base, success: true, toStatus: to === 'DELETED' ? null : to === 'SAME' ? row.status : to, deleted: to === 'DELETED', error: null };
      }
      if (!dryRun && row.done) {
        return { ...base, success: true, toStatus: row.to_status ?? null, deleted: action === InvoiceAction.DELETE, error: null };
      }
      // Refused: the reason comes from the table via decide() on the facts read under the row lock.
      const refusal = decision.allowed
        ? { code: 'INVALID_TRANSITION' as const, message: 'The invoice changed concurrently; retry.' }
        : { code: decision.code, message: decision.message };
      return { ...base, success: false, toStatus: null, deleted: false, error: { invoiceId: row.id, ...refusal } };
    });
    const selected = new Set(rows.map((r) => r.id));
    const unreached = [...given].filter(([id]) => !selected.has(id));
    for (const [id, status] of unreached.filter(([, status]) => status !== null)) {
      all.push({
        invoiceId: id, success: false, fromStatus: status, toStatus: null, deleted: false,
        error: { invoiceId: id, code: 'NOT_MATCHED', message: `Invoice ${id} does not match the where filter; it was left unchanged.` },
      });
    }
    for (const [id] of unreached.filter(([, status]) => status === null)) {
      all.push({
        invoiceId: id, success: false, fromStatus: null, toStatus: null, deleted: false,
        error: { invoiceId: id, code: 'INVOICE_NOT_FOUND', message: invoiceNotFound(id).message },
      });
    }
    const result = new BulkInvoiceActionResult();
    result.action = action;
    result.dryRun = dryRun;
    result.all = all;
    result.selectedCount = all.length;
    result.succeededCount = all.filter((r) => r.success).length;
    result.failedCount = all.length - result.succeededCount;
    return result;
  }
}
