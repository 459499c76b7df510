import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AppError, isAppError } from '../../common/errors';
import { DEFAULT_CURRENCY, money, normalizeCurrencyCode, roundMoney } from '../../common/money';
import { PaymentMethod, PaymentRecordStatus } from '../../payments/payment-enums';
import type { CreateInvoicesResult } from '../create-invoices-result.type';
import { CreateInvoiceInput } from '../inputs/create-invoice.input';
import { writeHistory } from '../invoice-history.writer';
import { addDays, computeTotals, termDays, Totals } from '../invoice-totals';
import { deriveLedgerFigures } from '../ledger-figures';
import { InvoiceStatus } from '../invoice-status';
import { Invoice } from '../invoice.entity';
import { Actor } from './actor';
import { idempotentTransaction } from './idempotent-transaction';
import { checkDiscount, checkLines } from './input-checks';
import { insertLines } from './invoice-lines';
import { nextInvoiceNumber } from './invoice-number';
import { loadInvoiceRow } from './invoice-rows';
import { customerReferences, resolveBillToContact, resolveCustomer } from './invoice-parties';
import { InputChecker, validationFailed } from './validation';

export const MAX_CREATE_BATCH = 1000;

export enum CreateOutcome {
  CREATED = 'CREATED',
  /** An invoice with that invoiceNumber already existed; nothing was written. */
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

type Path = Array<string | number>;

interface Prepared {
  currency: string;
  totals: Totals;
  amountPaid: string;
}

/**
 * createInvoice / createInvoices: a DRAFT with lines, discount, tax and shipping and computed
 * totals, or a Nymble import (supplied invoiceNumber, importedInvoiceTotal/importedBalance, isActive).
 * Each call is one transaction, idempotent when given a key; the number comes from the
 * tenant's gapless counter in it.
 */
export class CreateInvoiceService {
  constructor(private readonly ds: DataSource) {}

  /** One invoice; a supplied invoiceNumber that exists is DUPLICATE_INVOICE_NUMBER (unless isActive: false). */
  async createOne(actor: Actor, input: CreateInvoiceInput, idempotencyKey?: string): Promise<Invoice> {
    const prepared = this.prepare(input, ['input']);
    return idempotentTransaction(this.ds, { tenantId: actor.tenantId, idempotencyKey, operation: 'createInvoice', args: { input } }, async (m) => {
      const result = await this.create(m, actor, input, prepared, ['input']);
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
   * returns that invoice as EXISTING, so sending the same batch twice creates nothing new. Each
   * input runs in a savepoint: its failure is reported in its result and undoes only that input.
   */
  async createMany(actor: Actor, inputs: CreateInvoiceInput[], idempotencyKey?: string): Promise<CreateInvoicesResult> {
    if (inputs.length > MAX_CREATE_BATCH) throw validationFailed([{ path: ['inputs'], message: `at most ${MAX_CREATE_BATCH} invoices per call` }]);
    return idempotentTransaction(this.ds, { tenantId: actor.tenantId, idempotencyKey, operation: 'createInvoices', args: { inputs } }, async (m) => {
      const results: CreateResult[] = [];
      for (const [index, input] of inputs.entries()) results.push(await this.createInSavepoint(m, actor, input, ['inputs', index]));
      return summarize(inputs, results);
    });
  }

  private async createInSavepoint(m: EntityManager, actor: Actor, input: CreateInvoiceInput, path: Path): Promise<CreateResult> {
    await m.query('SAVEPOINT create_input');
    try {
      const result = await this.create(m, actor, input, this.prepare(input, path), path);
      await m.query('RELEASE SAVEPOINT create_input');
      return result;
    } catch (error) {
      if (!isAppError(error)) throw error;
      await m.query('ROLLBACK TO SAVEPOINT create_input');
      await m.query('RELEASE SAVEPOINT create_input');
      return { outcome: CreateOutcome.FAILED, invoice: null, error };
    }
  }

  /** Checks the input and computes its totals (no SQL: createInvoice refuses a bad input before opening a transaction). */
  private prepare(input: CreateInvoiceInput, path: Path): Prepared {
    const currency = normalizeCurrencyCode(input.currencyIsoCode) ?? DEFAULT_CURRENCY;
    this.validate(input, currency, path);
    const totals = computeTotals({
      currency,
      lines: input.lineItems ?? [],
      discount: input.discount ?? null,
      taxAmount: input.taxAmount ?? null,
      shippingAndHandling: input.shippingAndHandling ?? null,
      importedInvoiceTotal: input.importedInvoiceTotal ?? null,
    });
    const amountPaid = input.importedBalance != null ? roundMoney(money(totals.amount).minus(input.importedBalance), currency) : roundMoney('0', currency);
    if (money(amountPaid).isNegative()) {
      throw validationFailed([{ path: [...path, 'importedBalance'], message: 'must not exceed the invoice total' }]);
    }
    return { currency, totals, amountPaid };
  }

  private async create(m: EntityManager, actor: Actor, input: CreateInvoiceInput, prepared: Prepared, path: Path): Promise<CreateResult> {
    const { currency, totals, amountPaid } = prepared;
    if (input.invoiceNumber != null) {
      const existing = await this.existing(m, actor, input, path);
      if (existing) return existing;
    }
    const customerId = await resolveCustomer(m, actor.tenantId, input, path);
    const billTo = await resolveBillToContact(m, actor.tenantId, customerId, input.billToContactId, [...path, 'billToContactId']);
    const invoiceNumber = input.invoiceNumber ?? (await nextInvoiceNumber(m, actor.tenantId));
    const id = randomUUID();
    const days = termDays(input.paymentTerms);
    const dueDate = input.dueDate ?? (input.invoiceDate && days != null ? addDays(input.invoiceDate, days) : null);
    const paid = !money(amountPaid).isZero();
    const isActive = input.isActive !== false;
    // What was paid before the import is one completed payment on the ledger (inserted below).
    const figures = deriveLedgerFigures(totals.amount, { completed: amountPaid, refunded: '0' }, currency);

    const inserted: unknown[] = await m.query(
      `INSERT INTO invoice (tenant_id, id, invoice_number, external_id, order_id, order_number, customer_id, bill_to_contact_id,
         sales_account_id, sales_rep, status, payment_status, invoice_date, due_date, start_date, end_date, target_date, payment_terms,
         currency_iso_code, po_number, notes, subtotal, discount_code, discount_type, discount_value, discount_description,
         discount_amount, amount_without_tax, tax_amount, shipping_and_handling, amount, amount_paid, balance, is_active,
         created_by_id, last_modified_by_id, custom_fields, imported_invoice_total)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28,$29,$30,$31,$32,$33,$34,$35,$35,$36,$37)
       ON CONFLICT (tenant_id, invoice_number) DO NOTHING RETURNING id`,
      [
        actor.tenantId, id, invoiceNumber, input.externalId ?? null, input.orderId ?? null, input.orderNumber ?? null, customerId, billTo,
        input.salesAccountId ?? null, input.salesRep ? JSON.stringify(input.salesRep) : null, InvoiceStatus.DRAFT,
        figures.paymentStatus, input.invoiceDate ?? null, dueDate, input.startDate ?? null,
        input.endDate ?? null, input.targetDate ?? null, input.paymentTerms ?? null, currency, input.poNumber ?? null, input.notes ?? null,
        totals.subtotal, input.discount?.code ?? null, input.discount?.type ?? null, input.discount?.value ?? null,
        input.discount?.description ?? null, totals.discountAmount, totals.amountWithoutTax, totals.taxAmount,
        totals.shippingAndHandling, totals.amount, figures.amountPaid, figures.balance, isActive,
        actor.apiKeyId, input.customFields ? JSON.stringify(input.customFields) : null, input.importedInvoiceTotal != null ? totals.amount : null,
      ],
    );
    if (inserted.length === 0) {
      // A concurrent import took the number between our check and insert: same answer as if it had been first.
      const existing = await this.existing(m, actor, input, path);
      if (existing) return existing;
      throw new AppError('DUPLICATE_INVOICE_NUMBER', `Invoice number ${invoiceNumber} already exists`, { path: [...path, 'invoiceNumber'] });
    }
    await insertLines(m, actor.tenantId, id, input.lineItems ?? [], totals.lines);
    if (paid) {
      // Nymble import: what was already paid elsewhere is one completed IMPORTED payment, so the ledger explains amount_paid.
      await m.query(
        `INSERT INTO payment (tenant_id, id, invoice_id, amount, currency, method, status, received_date, notes, created_by_id, completed_at, refunded_amount)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now(), $11)`,
        [actor.tenantId, randomUUID(), id, amountPaid, currency, PaymentMethod.IMPORTED, PaymentRecordStatus.COMPLETED,
          input.invoiceDate ?? null, 'Amount paid before import (importedInvoiceTotal - importedBalance)', actor.apiKeyId, roundMoney('0', currency)],
      );
    }
    await writeHistory(m, {
      tenantId: actor.tenantId, invoiceId: id, action: 'CREATE', fromStatus: null, toStatus: InvoiceStatus.DRAFT, actorId: actor.apiKeyId,
      changes: input.importedInvoiceTotal != null || input.importedBalance != null || !isActive
        ? { imported: { invoiceTotal: input.importedInvoiceTotal ?? null, balance: input.importedBalance ?? null, amountPaid, isActive } }
        : null,
    });
    return { outcome: CreateOutcome.CREATED, invoice: await loadInvoiceRow(this.ds, m, actor.tenantId, id), error: null };
  }

  /** The invoice holding input.invoiceNumber, soft-deleted first when the import says isActive: false. */
  private async existing(m: EntityManager, actor: Actor, input: CreateInvoiceInput, _path: Path): Promise<CreateResult | null> {
    const [row]: Array<{ id: string; is_active: boolean; status: InvoiceStatus }> = await m.query(
      'SELECT id, is_active, status FROM invoice WHERE tenant_id = $1 AND invoice_number = $2 FOR UPDATE',
      [actor.tenantId, input.invoiceNumber],
    );
    if (!row) return null;
    if (input.isActive === false && row.is_active) {
      await m.query(
        `UPDATE invoice SET is_active = false, version = version + 1, last_modified_date = now(), last_modified_by_id = $3
         WHERE tenant_id = $1 AND id = $2`,
        [actor.tenantId, row.id, actor.apiKeyId],
      );
      await writeHistory(m, {
        tenantId: actor.tenantId, invoiceId: row.id, action: 'SOFT_DELETE', fromStatus: row.status, toStatus: row.status,
        actorId: actor.apiKeyId, changes: { isActive: { from: true, to: false } },
      });
      return { outcome: CreateOutcome.SOFT_DELETED, invoice: await loadInvoiceRow(this.ds, m, actor.tenantId, row.id), error: null };
    }
    return { outcome: CreateOutcome.EXISTING, invoice: await loadInvoiceRow(this.ds, m, actor.tenantId, row.id), error: null };
  }

  private validate(input: CreateInvoiceInput, currency: string, path: Path): void {
    const c = new InputChecker();
    if (!c.currency(currency, [...path, 'currencyIsoCode'])) c.throwIfAny();
    const references = customerReferences(input);
    if (references === 0) c.add([...path, 'customerId'], 'customerId, customerExternalId or customer is required');
    if (references > 1) c.add([...path, 'customerId'], 'give one of customerId, customerExternalId and customer');
    checkLines(c, input.lineItems, currency, [...path, 'lineItems']);
    checkDiscount(c, input.discount, currency, [...path, 'discount']);
    c.money(input.taxAmount, currency, [...path, 'taxAmount']);
    c.money(input.shippingAndHandling, currency, [...path, 'shippingAndHandling']);
    c.money(input.importedInvoiceTotal, currency, [...path, 'importedInvoiceTotal']);
    c.money(input.importedBalance, currency, [...path, 'importedBalance']);
    if (input.dueDate && input.invoiceDate && input.dueDate < input.invoiceDate) c.add([...path, 'dueDate'], 'must not be before invoiceDate');
    if (input.endDate && input.startDate && input.endDate < input.startDate) c.add([...path, 'endDate'], 'must not be before startDate');
    c.throwIfAny();
  }
}

/** createInvoices' answer as plain JSON-safe data (it is what an idempotent replay returns). */
function summarize(inputs: CreateInvoiceInput[], results: CreateResult[]): CreateInvoicesResult {
  const mapped = results.map((r, index) => ({
    index,
    invoiceNumber: r.invoice?.invoiceNumber ?? inputs[index].invoiceNumber ?? null,
    outcome: r.outcome,
    invoice: r.invoice,
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
