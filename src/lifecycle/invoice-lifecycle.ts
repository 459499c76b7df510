import { registerEnumType } from 'type-graphql';
import { ErrorCode } from '../common/errors';
import { InvoiceStatus } from './invoice-status';

/**
 * The invoice lifecycle as data: (status, action) -> next status, with named guards.
 * Every state change, `availableActions`, the README state diagram and every refusal are
 * derived from this table; nothing else in the code base decides whether an action is allowed.
 */
export enum InvoiceAction {
  UPDATE = 'UPDATE',
  ACTIVATE = 'ACTIVATE',
  CANCEL = 'CANCEL',
  VOID = 'VOID',
  DELETE = 'DELETE',
  /** An import's `isActive: false`: the invoice is kept (with its ledger and history) but hidden from lists. */
  SOFT_DELETE = 'SOFT_DELETE',
  APPLY_DISCOUNT = 'APPLY_DISCOUNT',
  REMOVE_DISCOUNT = 'REMOVE_DISCOUNT',
  ADD_COMMENT = 'ADD_COMMENT',
  RECORD_PAYMENT = 'RECORD_PAYMENT',
  COMPLETE_PAYMENT = 'COMPLETE_PAYMENT',
  FAIL_PAYMENT = 'FAIL_PAYMENT',
  REFUND_PAYMENT = 'REFUND_PAYMENT',
}
registerEnumType(InvoiceAction, { name: 'InvoiceAction', description: 'An action of the invoice lifecycle table.' });

/** What guards may look at: the invoice row's own columns plus ledger facts (factsSql reads them). */
export interface InvoiceFacts {
  status: InvoiceStatus;
  /** Completed payments minus refunds. */
  amountPaid: string;
  /** Any payment row at all (pending, failed or refunded ones count). */
  hasPaymentHistory: boolean;
  /** A PENDING payment (a hosted payment not yet completed or failed). */
  hasPendingPayments: boolean;
  /** The total came from an import (importedInvoiceTotal) and is authoritative. */
  importedTotal: boolean;
}

const payments = (a: string) => `FROM payment p WHERE p.tenant_id = ${a}.tenant_id AND p.invoice_id = ${a}.id`;

/** How each fact is read, as SQL over an invoice aliased `a` (a boolean, or text). */
export const FACTS: { readonly [F in keyof InvoiceFacts]: { sql: (a: string) => string; kind: 'boolean' | 'text' } } = {
  status: { sql: (a) => `${a}.status`, kind: 'text' },
  amountPaid: { sql: (a) => `${a}.amount_paid`, kind: 'text' },
  hasPaymentHistory: { sql: (a) => `EXISTS (SELECT 1 ${payments(a)})`, kind: 'boolean' },
  hasPendingPayments: { sql: (a) => `EXISTS (SELECT 1 ${payments(a)} AND p.status = 'PENDING')`, kind: 'boolean' },
  importedTotal: { sql: (a) => `${a}.imported_invoice_total IS NOT NULL`, kind: 'boolean' },
};

/**
 * The facts of invoices aliased `alias` as a SELECT list with InvoiceFacts' property names:
 * the one reading of them, for lockInvoice, bulk actions and (through FACTS) availableActions.
 */
export function factsSql(alias = 'i'): string {
  return Object.entries(FACTS).map(([name, fact]) => `${fact.sql(alias)} AS "${name}"`).join(', ');
}

export interface Guard {
  name: string;
  /** Code and message when the guard refuses. */
  code: ErrorCode;
  message: string;
  test(facts: InvoiceFacts): boolean;
  /** The same rule as a SQL predicate over `invoice` aliased `i`, for set-based bulk actions. */
  sql: string;
}

const isZero = (value: string) => /^0*(\.0*)?$/.test(value.replace('-', ''));

export const GUARDS = {
  noNetPayments: {
    name: 'noNetPayments',
    code: 'INVOICE_HAS_PAYMENTS',
    message: 'The invoice has a net paid amount above zero; refund the payments first.',
    test: (f) => isZero(f.amountPaid),
    sql: 'i.amount_paid = 0',
  },
  noPendingPayments: {
    name: 'noPendingPayments',
    code: 'INVOICE_HAS_PENDING_PAYMENTS',
    message: 'The invoice has a pending payment; complete or fail it first.',
    test: (f) => !f.hasPendingPayments,
    sql: "NOT EXISTS (SELECT 1 FROM payment p WHERE p.tenant_id = i.tenant_id AND p.invoice_id = i.id AND p.status = 'PENDING')",
  },
  noPaymentHistory: {
    name: 'noPaymentHistory',
    code: 'INVOICE_HAS_PAYMENTS',
    message: 'The invoice has payment history and cannot be deleted; cancel or void it instead.',
    test: (f) => !f.hasPaymentHistory,
    sql: 'NOT EXISTS (SELECT 1 FROM payment p WHERE p.tenant_id = i.tenant_id AND p.invoice_id = i.id)',
  },
  totalNotImported: {
    name: 'totalNotImported',
    code: 'INVOICE_TOTAL_IMPORTED',
    message: 'The invoice total was imported (importedInvoiceTotal) and is authoritative; it cannot be recomputed.',
    test: (f) => !f.importedTotal,
    sql: 'i.imported_invoice_total IS NULL',
  },
} satisfies Record<string, Guard>;

export type GuardName = keyof typeof GUARDS;

/** Where an action leads: a status, the same status, or the row is gone. */
export type Target = InvoiceStatus | 'SAME' | 'DELETED';

export interface TransitionRule {
  action: InvoiceAction;
  from: InvoiceStatus;
  to: Target;
  guards: readonly GuardName[];
  /** Alternative target picked by the caller (activation scheduled for a later date). */
  scheduledTo?: InvoiceStatus;
}

const { DRAFT, PENDING_ACTIVATION, ACTIVE, CANCELED, VOIDED } = InvoiceStatus;
const A = InvoiceAction;

const rule = (action: InvoiceAction, from: InvoiceStatus, to: Target, guards: GuardName[] = [], scheduledTo?: InvoiceStatus): TransitionRule =>
  Object.freeze({ action, from, to, guards: Object.freeze(guards), scheduledTo });

export const TRANSITIONS: readonly TransitionRule[] = Object.freeze([
  rule(A.UPDATE, DRAFT, 'SAME'),
  rule(A.UPDATE, PENDING_ACTIVATION, 'SAME'),
  rule(A.UPDATE, ACTIVE, 'SAME'),

  rule(A.ACTIVATE, DRAFT, ACTIVE, [], PENDING_ACTIVATION),
  rule(A.ACTIVATE, PENDING_ACTIVATION, ACTIVE),

  // No payment is stranded: a pending one must be completed or failed before the invoice closes.
  rule(A.CANCEL, DRAFT, CANCELED, ['noNetPayments', 'noPendingPayments']),
  rule(A.CANCEL, PENDING_ACTIVATION, CANCELED, ['noNetPayments', 'noPendingPayments']),
  rule(A.CANCEL, ACTIVE, CANCELED, ['noNetPayments', 'noPendingPayments']),

  rule(A.VOID, DRAFT, VOIDED, ['noNetPayments', 'noPendingPayments']),
  rule(A.VOID, ACTIVE, VOIDED, ['noNetPayments', 'noPendingPayments']),

  rule(A.DELETE, DRAFT, 'DELETED', ['noPaymentHistory']),
  rule(A.DELETE, CANCELED, 'DELETED', ['noPaymentHistory']),
  rule(A.DELETE, VOIDED, 'DELETED', ['noPaymentHistory']),

  // Soft delete is the import's delete, so it leaves from the same statuses as DELETE: an issued
  // (ACTIVE or scheduled) invoice is cancelled or voided first, never just hidden. The row, its
  // payments and history stay, so payment history does not stand in the way (unlike DELETE);
  // money still received does (the guard of CANCEL and VOID): a paid invoice is never hidden,
  // nor one with a pending payment.
  rule(A.SOFT_DELETE, DRAFT, 'SAME', ['noNetPayments', 'noPendingPayments']),
  rule(A.SOFT_DELETE, CANCELED, 'SAME', ['noNetPayments', 'noPendingPayments']),
  rule(A.SOFT_DELETE, VOIDED, 'SAME', ['noNetPayments', 'noPendingPayments']),

  // A discount recomputes the total, which an imported total forbids.
  rule(A.APPLY_DISCOUNT, DRAFT, 'SAME', ['noNetPayments', 'totalNotImported']),
  rule(A.APPLY_DISCOUNT, ACTIVE, 'SAME', ['noNetPayments', 'totalNotImported']),
  rule(A.REMOVE_DISCOUNT, DRAFT, 'SAME', ['noNetPayments', 'totalNotImported']),
  rule(A.REMOVE_DISCOUNT, ACTIVE, 'SAME', ['noNetPayments', 'totalNotImported']),

  rule(A.ADD_COMMENT, DRAFT, 'SAME'),
  rule(A.ADD_COMMENT, PENDING_ACTIVATION, 'SAME'),
  rule(A.ADD_COMMENT, ACTIVE, 'SAME'),
  rule(A.ADD_COMMENT, CANCELED, 'SAME'),
  rule(A.ADD_COMMENT, VOIDED, 'SAME'),

  // Only ACTIVE invoices are payable. Completing a payment brings money onto the invoice, so it is
  // an ACTIVE-only action too: a CANCELED or VOIDED invoice never holds a net payment (the guards
  // of CANCEL and VOID), and a hosted payment that lands on one anyway (a pending payment from
  // before that guard existed) is failed here and its money returned by the payment provider.
  // Failing a pending payment moves no money, so it works in every status: no payment is stranded.
  rule(A.RECORD_PAYMENT, ACTIVE, 'SAME'),
  rule(A.COMPLETE_PAYMENT, ACTIVE, 'SAME'),
  rule(A.FAIL_PAYMENT, DRAFT, 'SAME'),
  rule(A.FAIL_PAYMENT, PENDING_ACTIVATION, 'SAME'),
  rule(A.FAIL_PAYMENT, ACTIVE, 'SAME'),
  rule(A.FAIL_PAYMENT, CANCELED, 'SAME'),
  rule(A.FAIL_PAYMENT, VOIDED, 'SAME'),
  rule(A.REFUND_PAYMENT, ACTIVE, 'SAME'),
]);

/** Statuses no action leaves. */
export const FINAL_STATUSES: ReadonlySet<InvoiceStatus> = new Set([CANCELED, VOIDED]);

/**
 * Fields Nue lists as editable after activation. DRAFT accepts every field; CANCELED and
 * VOIDED accept none (UPDATE has no rule from them).
 */
export const EDITABLE_AFTER_ACTIVATION: ReadonlySet<string> = new Set(['dueDate', 'billToContactId', 'poNumber', 'notes', 'customFields']);

export function rulesFor(action: InvoiceAction): TransitionRule[] {
  return TRANSITIONS.filter((r) => r.action === action);
}

export function findRule(status: InvoiceStatus, action: InvoiceAction): TransitionRule | undefined {
  return TRANSITIONS.find((r) => r.action === action && r.from === status);
}

export function statusesAllowing(action: InvoiceAction): InvoiceStatus[] {
  return rulesFor(action).map((r) => r.from);
}

/**
 * How a refusal names each action: "Cannot <phrase> an invoice in status X." Every action has
 * one (the Record type makes a missing one a compile error), so every message is a sentence.
 */
export const ACTION_PHRASES: Readonly<Record<InvoiceAction, string>> = Object.freeze({
  UPDATE: 'update',
  ACTIVATE: 'activate',
  CANCEL: 'cancel',
  VOID: 'void',
  DELETE: 'delete',
  SOFT_DELETE: 'soft delete',
  APPLY_DISCOUNT: 'apply a discount to',
  REMOVE_DISCOUNT: 'remove the discount of',
  ADD_COMMENT: 'comment on',
  RECORD_PAYMENT: 'record a payment on',
  COMPLETE_PAYMENT: 'complete a payment on',
  FAIL_PAYMENT: 'fail a payment on',
  REFUND_PAYMENT: 'refund a payment on',
});

export type Decision =
  | { allowed: true; rule: TransitionRule }
  | { allowed: false; code: ErrorCode; message: string; guard?: GuardName };

/** Decides one (invoice, action) pair from the table and its guards. Pure. */
export function decide(facts: InvoiceFacts, action: InvoiceAction): Decision {
  const found = findRule(facts.status, action);
  if (!found) {
    const allowedFrom = statusesAllowing(action);
    return {
      allowed: false,
      code: 'INVALID_TRANSITION',
      message: `Cannot ${ACTION_PHRASES[action]} an invoice in status ${facts.status}` +
        (allowedFrom.length ? ` (allowed from ${allowedFrom.join(', ')}).` : '.'),
    };
  }
  for (const name of found.guards) {
    const guard: Guard = GUARDS[name];
    if (!guard.test(facts)) return { allowed: false, code: guard.code, message: guard.message, guard: name };
  }
  return { allowed: true, rule: found };
}

/**
 * The SQL predicate (over `invoice i`) selecting the invoices on which `action` is allowed:
 * the status list from the table OR-ed per rule with that rule's guards.
 */
export function allowedSql(action: InvoiceAction): string {
  const rules = rulesFor(action);
  if (rules.length === 0) return 'FALSE';
  // Statuses are enum constants from the table, never user input; safe to inline.
  const parts = rules.map((r) => ['i.status = ' + `'${r.from}'`, ...r.guards.map((g) => `(${GUARDS[g].sql})`)].join(' AND '));
  return '(' + parts.map((p) => `(${p})`).join(' OR ') + ')';
}

/** A Mermaid state diagram of the table, for the README. */
export function stateDiagram(): string {
  const lines = ['stateDiagram-v2', '    [*] --> DRAFT: createInvoice'];
  for (const r of TRANSITIONS) {
    if (r.to === 'SAME') continue;
    const guards = r.guards.length ? ` [${r.guards.join(', ')}]` : '';
    const to = r.to === 'DELETED' ? '[*]' : r.to;
    lines.push(`    ${r.from} --> ${to}: ${r.action}${guards}`);
    if (r.scheduledTo) lines.push(`    ${r.from} --> ${r.scheduledTo}: ${r.action} (activateOn in the future)`);
  }
  return lines.join('\n');
}

/** Statuses whose UPDATE accepts every field; other statuses with an UPDATE rule accept EDITABLE_AFTER_ACTIVATION only. */
export const FULLY_EDITABLE_STATUSES: ReadonlySet<InvoiceStatus> = new Set([DRAFT]);

/** Fields bound to the ledger: money already on the invoice is in its currency. */
export const LEDGER_BOUND_FIELDS: ReadonlySet<string> = new Set(['currencyIsoCode']);

/** Fields whose change recomputes the invoice total. */
export const TOTALS_FIELDS: ReadonlySet<string> = new Set(['lineItems', 'taxAmount', 'shippingAndHandling', 'discount', 'currencyIsoCode']);

export interface FieldRefusal {
  field: string;
  code: ErrorCode;
  /** Why, as a clause ("not editable in status ACTIVE"). */
  reason: string;
}

/**
 * Why an UPDATE may not change some of `fields` (empty when it may change them all): the status
 * (FIELD_NOT_EDITABLE), a currency with payments on the invoice (FIELD_NOT_EDITABLE), a total
 * that was imported (the totalNotImported guard's code). Assumes UPDATE itself is allowed
 * (check `decide` first).
 */
export function fieldRefusals(facts: InvoiceFacts, fields: readonly string[]): FieldRefusal[] {
  const out: FieldRefusal[] = [];
  for (const field of fields) {
    if (!FULLY_EDITABLE_STATUSES.has(facts.status) && !EDITABLE_AFTER_ACTIVATION.has(field)) {
      out.push({ field, code: 'FIELD_NOT_EDITABLE', reason: `not editable in status ${facts.status}` });
    } else if (LEDGER_BOUND_FIELDS.has(field) && facts.hasPaymentHistory) {
      out.push({ field, code: 'FIELD_NOT_EDITABLE', reason: 'cannot change once the invoice has payments' });
    } else if (TOTALS_FIELDS.has(field) && !GUARDS.totalNotImported.test(facts)) {
      out.push({ field, code: GUARDS.totalNotImported.code, reason: 'the imported total is authoritative and cannot be recomputed' });
    }
  }
  return out;
}

/** Where an allowed rule leads; `scheduled` picks the rule's scheduledTo when it has one. */
export function targetOf(rule: TransitionRule, scheduled = false): Target {
  return scheduled && rule.scheduledTo ? rule.scheduledTo : rule.to;
}

/**
 * A SQL CASE over `i.status` giving the next status of `action` per rule (for `UPDATE ... SET
 * status = ...`; SET expressions see the old row). Only meaningful for rows matching
 * `allowedSql(action)`; 'SAME' keeps the status.
 */
export function targetSql(action: InvoiceAction, scheduled = false): string {
  const whens = rulesFor(action)
    .map((r) => {
      const to = targetOf(r, scheduled);
      if (to === 'DELETED') throw new Error(`${action} deletes rows; it has no target status`);
      return `WHEN '${r.from}' THEN ${to === 'SAME' ? 'i.status' : `'${to}'`}`;
    })
    .join(' ');
  return `(CASE i.status ${whens} ELSE i.status END)`;
}

/** Statuses an action may schedule into (PENDING_ACTIVATION): the scheduler promotes these. */
export const SCHEDULED_STATUSES: readonly InvoiceStatus[] = Object.freeze([
  ...new Set(TRANSITIONS.flatMap((r) => (r.scheduledTo ? [r.scheduledTo] : []))),
]);

/** SQL predicate for invoices the scheduler may activate (status scheduled and ACTIVATE allowed). */
export function scheduledActivationSql(): string {
  const statuses = SCHEDULED_STATUSES.map((s) => `'${s}'`).join(', ');
  return `(i.status IN (${statuses}) AND ${allowedSql(InvoiceAction.ACTIVATE)})`;
}

/** The lifecycle actions shown in `availableActions` (payment actions come from the table too). */
export const ALL_ACTIONS: readonly InvoiceAction[] = Object.freeze(Object.values(InvoiceAction));
