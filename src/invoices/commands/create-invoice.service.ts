import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AppError, isAppError } from '../../common/errors';
import { allowedSql, decide, InvoiceAction } from '../../lifecycle/invoice-lifecycle';
import type { CreateInvoicesResult } from '../create-invoices-result.type';
import { CreateInvoiceInput } from '../inputs/create-invoice.input';
import { Invoice } from '../invoice.entity';
import { Actor } from './actor';
import { differingFields, invoiceNumberConflict, StoredInvoice } from './import-content';
import { idempotentTransaction } from './idempotent-transaction';
import { insertInvoices, InvoiceToInsert } from './invoice-batch-insert';
import { nextInvoiceNumbers } from './invoice-number';
import { contactNotFound, customerExternalIdNotFound, customerNotFound, findParties, KnownParties, upsertCustomers } from './invoice-parties';
import { invoiceSelectList } from './invoice-rows';
import { Path, PreparedInvoice, prepareInvoice } from './prepared-invoice';
import { validationFailed } from './validation';

/**
 * The most inputs one createInvoices call takes. A batch is one transaction holding its
 * invoices' rows until it commits, and one request body (BODY_LIMIT_BYTES, 1 MB by default, fits
 * about 1,000 invoices of three lines): larger imports are several calls.
 */
export const MAX_CREATE_BATCH = 1000;

export enum CreateOutcome {
  CREATED = 'CREATED',
  /** An invoice with that invoiceNumber and the same content already existed; nothing was written. */
  EXISTING = 'EXISTING',
  /** isActive: false soft-deleted the invoice with that invoiceNumber. */
  SOFT_DELETED = 'SOFT_DELETED',
  FAILED = 'FAILED',
}

export interface CreateResult {
  outcome: CreateOutcome;
  invoice: Invoice | null;
  error: AppError | null;
}

/** One prepared input's result; EXISTING carries the fields in which the input differs from the stored invoice. */
interface Outcome extends CreateResult {
  index: number;
  differing?: string[];
}

const failed = (index: number, error: AppError): Outcome => ({ index, outcome: CreateOutcome.FAILED, invoice: null, error });

/**
 * createInvoice / createInvoices: a DRAFT with lines, discount, tax and shipping and computed
 * totals, or a Nymble import (supplied invoiceNumber, importedInvoiceTotal/importedBalance,
 * isActive). Both go through one set-based path (`create`): every input is checked in JS first,
 * then the batch costs a handful of statements whatever its size (stored invoices with those
 * numbers, the named customers, the named contacts, new customers, the number counter, one
 * statement inserting invoices, lines, imported payments and history, the soft deletes).
 * Each call is one transaction, idempotent when given a key.
 */
export class CreateInvoiceService {
  constructor(private readonly ds: DataSource) {}

  /** One invoice; a supplied invoiceNumber that exists is DUPLICATE_INVOICE_NUMBER (unless isActive: false). */
  async createOne(actor: Actor, input: CreateInvoiceInput, idempotencyKey?: string): Promise<Invoice> {
    const prepared = prepareInvoice(input, ['input']);
    return idempotentTransaction(this.ds, { tenantId: actor.tenantId, idempotencyKey, operation: 'createInvoice', args: { input } }, async (m) => {
      const [result] = await this.create(m, actor, [prepared], false);
      if (result.error) throw result.error;
      if (result.outcome === CreateOutcome.EXISTING) {
        throw new AppError('DUPLICATE_INVOICE_NUMBER', `Invoice number ${input.invoiceNumber} already exists`, {
          path: ['input', 'invoiceNumber'],
          invoiceId: result.invoice?.id,
        });
      }
      return result.invoice!;
    });
  }

  /**
   * Many invoices in one transaction, idempotent on invoiceNumber: an input whose number exists
   * with the same content returns that invoice as EXISTING (so sending the same batch twice
   * creates nothing new); with different content it fails with INVOICE_NUMBER_CONFLICT. Each
   * input succeeds or fails alone: a bad input, or one the database refuses, is reported in its
   * result and undoes nothing of the others.
   */
  async createMany(actor: Actor, inputs: CreateInvoiceInput[], idempotencyKey?: string, invalid: ReadonlyMap<number, AppError> = new Map()): Promise<CreateInvoicesResult> {
    if (inputs.length > MAX_CREATE_BATCH) throw validationFailed([{ path: ['inputs'], message: `at most ${MAX_CREATE_BATCH} invoices per call` }]);
    const results: CreateResult[] = new Array(inputs.length);
    const prepared: PreparedInvoice[] = [];
    inputs.forEach((input, index) => {
      // `invalid`: the inputs the API layer's field rules (class-validator) already refused, each alone.
      const refused = invalid.get(index);
      if (refused) {
        results[index] = failed(index, refused);
        return;
      }
      try {
        prepared.push(prepareInvoice(input, ['inputs', index], index));
      } catch (error) {
        if (!isAppError(error)) throw error;
        results[index] = failed(index, error);
      }
    });
    return idempotentTransaction(this.ds, { tenantId: actor.tenantId, idempotencyKey, operation: 'createInvoices', args: { inputs } }, async (m) => {
      const outcomes = await this.create(m, actor, prepared, true);
      const byIndex = new Map(prepared.map((p) => [p.index, p]));
      const all = [...results];
      for (const o of outcomes) {
        all[o.index] = o.differing?.length ? failed(o.index, invoiceNumberConflict(byIndex.get(o.index)!, o.invoice as StoredInvoice, o.differing)) : o;
      }
      return summarize(inputs, all);
    });
  }

  /**
   * The shared path. `isolate`: each input's database failure is its own (savepoints), as
   * createInvoices promises; without, the first failure is thrown (createInvoice).
   */
  private async create(m: EntityManager, actor: Actor, prepared: PreparedInvoice[], isolate: boolean): Promise<Outcome[]> {
    const tenantId = actor.tenantId;
    const outcomes: Outcome[] = [];
    const supplied = [...new Set(prepared.flatMap((p) => (p.input.invoiceNumber != null ? [p.input.invoiceNumber] : [])))];
    const softDeleting = prepared.some((p) => !p.isActive && p.input.invoiceNumber != null);
    const stored = await this.findStored(m, tenantId, supplied, softDeleting);
    const parties = await findParties(m, tenantId, {
      customerIds: prepared.flatMap((p) => (p.input.customerId ? [p.input.customerId] : [])),
      customerExternalIds: prepared.flatMap((p) => (p.input.customerExternalId ? [p.input.customerExternalId] : [])),
      customerNumbers: prepared.flatMap((p) => (!p.input.customerId && !p.input.customerExternalId && p.input.customer ? [p.input.customer.customerNumber] : [])),
      contactIds: prepared.flatMap((p) => (p.input.billToContactId ? [p.input.billToContactId] : [])),
    });

    // Inputs whose number is stored, or taken by an earlier input of this batch, answer from the
    // stored invoice (after the insert, for the latter); the others are inserted once their parties check out.
    const claimed = new Set<string>();
    const againstStored: PreparedInvoice[] = [];
    const toInsert: InvoiceToInsert[] = [];
    for (const p of prepared) {
      const number = p.input.invoiceNumber;
      if (number != null && (stored.has(number) || claimed.has(number))) {
        againstStored.push(p);
        continue;
      }
      const checked = checkParties(p, parties);
      if (checked instanceof AppError) {
        outcomes.push(failed(p.index, checked));
        continue;
      }
      if (number != null) claimed.add(number);
      toInsert.push({ prepared: p, id: randomUUID(), invoiceNumber: number ?? '', customerId: checked.customerId ?? '', billToContactId: checked.billToContactId });
    }

    const inserted = isolate ? await this.insertIsolated(m, actor, toInsert, parties, outcomes) : await this.insertOrThrow(m, actor, toInsert, parties);
    const answered = new Set(outcomes.map((o) => o.index));
    for (const row of toInsert) {
      const invoice = inserted.get(row.id);
      if (invoice) outcomes.push({ index: row.prepared.index, outcome: CreateOutcome.CREATED, invoice, error: null });
      else if (!answered.has(row.prepared.index)) {
        // Another transaction took the number between our look-up and our insert: answer as if it had been first.
        if (row.prepared.input.invoiceNumber != null) againstStored.push(row.prepared);
        else outcomes.push(failed(row.prepared.index, new AppError('DUPLICATE_INVOICE_NUMBER', `Invoice number ${row.invoiceNumber} was taken meanwhile; retry`, { path: [...row.prepared.path, 'invoiceNumber'] })));
      }
    }

    if (againstStored.length) {
      const missing = [...new Set(againstStored.map((p) => p.input.invoiceNumber!).filter((n) => !stored.has(n)))];
      for (const [number, s] of await this.findStored(m, tenantId, missing, softDeleting)) stored.set(number, s);
      outcomes.push(...(await this.answerFromStored(m, actor, againstStored.sort((a, b) => a.index - b.index), stored, parties)));
    }
    return outcomes.sort((a, b) => a.index - b.index);
  }

  /** createInvoice: the database's refusal of its one input is that input's error. */
  private async insertOrThrow(m: EntityManager, actor: Actor, rows: InvoiceToInsert[], parties: KnownParties): Promise<Map<string, Invoice>> {
    try {
      return await this.insertSet(m, actor, rows, parties);
    } catch (error) {
      if (rows.length === 1 && refusedInput(error)) throw refusal(error as Error, rows[0].prepared);
      throw error;
    }
  }

  /** New customers, generated numbers, then one insert statement for the whole set. */
  private async insertSet(m: EntityManager, actor: Actor, rows: InvoiceToInsert[], parties: KnownParties): Promise<Map<string, Invoice>> {
    if (rows.length === 0) return new Map();
    const newCustomers = rows.flatMap((r) => (r.customerId ? [] : [r.prepared.input.customer!]));
    if (newCustomers.length) {
      for (const [number, id] of await upsertCustomers(m, actor.tenantId, newCustomers)) parties.customersByNumber.set(number, id);
    }
    const generated = rows.filter((r) => r.prepared.input.invoiceNumber == null);
    const numbers = generated.length ? await nextInvoiceNumbers(m, actor.tenantId, generated.length) : [];
    let next = 0; // generated numbers in input order
    const ready = rows.map((r) => ({
      ...r,
      customerId: r.customerId || parties.customersByNumber.get(r.prepared.input.customer!.customerNumber)!,
      invoiceNumber: r.prepared.input.invoiceNumber ?? numbers[next++],
    }));
    try {
      return await insertInvoices(this.ds, m, actor.tenantId, actor.apiKeyId, ready);
    } finally {
      // The numbers handed out are visible to the caller (a skipped generated number is reported with it).
      ready.forEach((r, k) => (rows[k].invoiceNumber = r.invoiceNumber));
    }
  }

  /**
   * The set in one savepoint; when the database refuses it (a value PostgreSQL rejects, a
   * constraint), the savepoint is rolled back (new customers and numbers included) and each
   * input runs in a savepoint of its own, so that only the refused ones fail.
   */
  private async insertIsolated(m: EntityManager, actor: Actor, rows: InvoiceToInsert[], parties: KnownParties, outcomes: Outcome[]): Promise<Map<string, Invoice>> {
    if (rows.length === 0) return new Map();
    const attempt = async (set: InvoiceToInsert[]) => {
      await m.query('SAVEPOINT create_invoices');
      try {
        const result = await this.insertSet(m, actor, set, parties);
        await m.query('RELEASE SAVEPOINT create_invoices');
        return result;
      } catch (error) {
        if (!refusedInput(error)) throw error;
        await m.query('ROLLBACK TO SAVEPOINT create_invoices');
        await m.query('RELEASE SAVEPOINT create_invoices');
        return error as Error;
      }
    };
    const whole = await attempt(rows);
    if (!(whole instanceof Error)) return whole;
    const inserted = new Map<string, Invoice>();
    for (const row of rows) {
      const one = await attempt([row]);
      if (one instanceof Error) outcomes.push(failed(row.prepared.index, refusal(one, row.prepared)));
      else for (const [id, invoice] of one) inserted.set(id, invoice);
    }
    return inserted;
  }

  /** EXISTING (with the differing fields), SOFT_DELETED, or the lifecycle's refusal of the soft delete, in input order. */
  private async answerFromStored(m: EntityManager, actor: Actor, inputs: PreparedInvoice[], stored: Map<string, StoredInvoice>, parties: KnownParties): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    const softDelete = new Map<string, number>(); // invoice id -> the input that deletes it
    for (const p of inputs) {
      const s = stored.get(p.input.invoiceNumber!);
      if (!s) {
        outcomes.push(failed(p.index, new AppError('DUPLICATE_INVOICE_NUMBER', `Invoice number ${p.input.invoiceNumber} is in use by a change in progress; retry`, { path: [...p.path, 'invoiceNumber'] })));
        continue;
      }
      if (!p.isActive && s.isActive) {
        const d = decide({ status: s.status, amountPaid: s.amountPaid, hasPaymentHistory: s.hasPaymentHistory, hasPendingPayments: s.hasPendingPayments, importedTotal: s.importedTotal }, InvoiceAction.SOFT_DELETE);
        if (!d.allowed) {
          outcomes.push(failed(p.index, new AppError(d.code, d.message, { path: [...p.path, 'isActive'], invoiceId: s.id, status: s.status, action: InvoiceAction.SOFT_DELETE })));
          continue;
        }
        s.isActive = false; // later inputs of the batch with this number see it deleted
        softDelete.set(s.id, p.index);
        continue;
      }
      // isActive: false names an invoice to hide, not content to compare.
      const differing = p.isActive ? differingFields(p, s, customerOf(p, parties)) : [];
      outcomes.push({ index: p.index, outcome: CreateOutcome.EXISTING, invoice: differing.length ? s : rowOf(s), error: null, differing });
    }
    if (softDelete.size) {
      const rows: Invoice[] = await m.query(
        `WITH upd AS (
           UPDATE invoice i SET is_active = false, version = i.version + 1, last_modified_date = now(), last_modified_by_id = $3
           WHERE i.tenant_id = $1 AND i.id = ANY($2::uuid[]) AND i.is_active AND ${allowedSql(InvoiceAction.SOFT_DELETE)}
           RETURNING i.*
         ), h AS (
           INSERT INTO invoice_history (tenant_id, id, invoice_id, action, from_status, to_status, actor_id, changes)
           SELECT $1, gen_random_uuid(), u.id, '${InvoiceAction.SOFT_DELETE}', u.status, u.status, $3, '{"isActive":{"from":true,"to":false}}'::jsonb FROM upd u
         )
         SELECT ${invoiceSelectList(this.ds)} FROM upd i`,
        [actor.tenantId, [...softDelete.keys()], actor.apiKeyId],
      );
      // The rows were locked when read, so the table's answer in JS and the same rule in SQL agree.
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const [id, index] of softDelete) outcomes.push({ index, outcome: CreateOutcome.SOFT_DELETED, invoice: byId.get(id) ?? null, error: null });
    }
    return outcomes;
  }

  /**
   * The stored invoices with these numbers, with their lines and imported payment (the content
   * rule) and ledger facts (the soft-delete guards); row-locked when a soft delete may follow.
   */
  private async findStored(m: EntityManager, tenantId: string, numbers: string[], lock: boolean): Promise<Map<string, StoredInvoice>> {
    if (numbers.length === 0) return new Map();
    const rows: StoredInvoice[] = await m.query(
      `SELECT ${invoiceSelectList(this.ds)},
         coalesce((SELECT json_agg(json_build_object('productCode', l.product_code, 'description', l.description, 'quantity', l.quantity::text,
             'unitPrice', l.unit_price::text, 'discountAmount', l.discount_amount::text, 'taxAmount', l.tax_amount::text,
             'startDate', l.start_date::text, 'endDate', l.end_date::text) ORDER BY l.line_number)
           FROM invoice_line_item l WHERE l.tenant_id = i.tenant_id AND l.invoice_id = i.id), '[]'::json) AS "lines",
         coalesce((SELECT sum(p.amount) FROM payment p WHERE p.tenant_id = i.tenant_id AND p.invoice_id = i.id AND p.method = 'IMPORTED'), 0)::text AS "importedPaid",
         EXISTS (SELECT 1 FROM payment p WHERE p.tenant_id = i.tenant_id AND p.invoice_id = i.id) AS "hasPaymentHistory",
         EXISTS (SELECT 1 FROM payment p WHERE p.tenant_id = i.tenant_id AND p.invoice_id = i.id AND p.status = 'PENDING') AS "hasPendingPayments",
         i.imported_invoice_total IS NOT NULL AS "importedTotal"
       FROM invoice i WHERE i.tenant_id = $1 AND i.invoice_number = ANY($2::text[])
       ORDER BY i.invoice_number${lock ? ' FOR UPDATE OF i' : ''}`,
      [tenantId, numbers],
    );
    return new Map(rows.map((r) => [r.invoiceNumber, r]));
  }
}

/** The customer and bill-to contact an input to insert names, or why it cannot be inserted. */
function checkParties(p: PreparedInvoice, known: KnownParties): { customerId: string | null; billToContactId: string | null } | AppError {
  const i = p.input;
  if (i.customerId && !known.customerIds.has(i.customerId)) return customerNotFound(i.customerId, [...p.path, 'customerId']);
  if (i.customerExternalId && !known.customersByExternalId.has(i.customerExternalId)) return customerExternalIdNotFound(i.customerExternalId, [...p.path, 'customerExternalId']);
  const customerId = customerOf(p, known);
  const contact = i.billToContactId ?? null;
  if (contact && (customerId == null || known.contactCustomer.get(contact) !== customerId)) {
    return contactNotFound(contact, customerId ?? i.customer?.customerNumber ?? null, [...p.path, 'billToContactId']);
  }
  return { customerId, billToContactId: contact };
}

/** The input's customer id when it exists (null: details of a customer not created yet). */
function customerOf(p: PreparedInvoice, known: KnownParties): string | null {
  if (p.input.customerId) return known.customerIds.has(p.input.customerId) ? p.input.customerId : null;
  if (p.input.customerExternalId) return known.customersByExternalId.get(p.input.customerExternalId) ?? null;
  return known.customersByNumber.get(p.input.customer!.customerNumber) ?? null;
}

/** A stored invoice as the result's invoice (the entity row, without the content rule's extras). */
function rowOf(s: StoredInvoice): Invoice {
  const { lines: _l, importedPaid: _p, hasPaymentHistory: _h, hasPendingPayments: _q, importedTotal: _t, ...row } = s;
  return row as Invoice;
}

const sqlState = (error: unknown): string | undefined =>
  (error as { driverError?: { code?: string } }).driverError?.code ?? (error as { code?: string }).code;

/**
 * A failure that belongs to the input, not to the transaction: PostgreSQL's data exceptions
 * (class 22: a value it cannot store) and integrity violations (class 23). Anything else
 * (deadlock, lost connection, ...) fails the whole call, to be retried whole.
 */
function refusedInput(error: unknown): boolean {
  const code = sqlState(error);
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

/** The input's result for a database refusal, with the closest catalogue code. */
function refusal(error: Error, p: PreparedInvoice): AppError {
  const code = sqlState(error);
  const constraint = String((error as { driverError?: { constraint?: string } }).driverError?.constraint ?? '');
  const at = (field: string): Path => [...p.path, field];
  if (code === '23505' && /invoice_number/.test(constraint)) {
    return new AppError('DUPLICATE_INVOICE_NUMBER', `Invoice number ${p.input.invoiceNumber} already exists`, { path: at('invoiceNumber') });
  }
  if (code === '23503' && /bill_to_contact/.test(constraint)) return contactNotFound(p.input.billToContactId ?? '', null, at('billToContactId'));
  if (code === '23503' && /customer/.test(constraint)) return customerNotFound(p.input.customerId ?? '', at('customerId'));
  return validationFailed([{ path: p.path, message: `the database refused this input: ${error.message}` }]);
}

/** createInvoices' answer as plain JSON-safe data (it is what an idempotent replay returns). */
function summarize(inputs: CreateInvoiceInput[], results: CreateResult[]): CreateInvoicesResult {
  const mapped = results.map((r, index) => ({
    index,
    invoiceNumber: r.invoice?.invoiceNumber ?? inputs[index].invoiceNumber ?? null,
    outcome: r.outcome,
    invoice: r.outcome === CreateOutcome.FAILED ? null : r.invoice,
    error: r.error
      ? { code: r.error.code, message: r.error.message, path: r.error.details.path?.map(String) ?? null, extensions: { ...r.error.extensions } }
      : null,
  }));
  const count = (o: CreateOutcome) => mapped.filter((r) => r.outcome === o).length;
  return {
    createdCount: count(CreateOutcome.CREATED),
    existingCount: count(CreateOutcome.EXISTING),
    softDeletedCount: count(CreateOutcome.SOFT_DELETED),
    failedCount: count(CreateOutcome.FAILED),
    results: mapped,
  };
}
