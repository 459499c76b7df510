import { DataSource, EntityManager } from 'typeorm';
import { AppError, invoiceNotFound } from '../../common/errors';
import { money, normalizeCurrencyCode, roundMoney } from '../../common/money';
import { DiscountType } from '../invoice-status';
import { fieldRefusals, InvoiceAction, TOTALS_FIELDS } from '../../lifecycle/invoice-lifecycle';
import { UpdateInvoiceInput } from '../inputs/update-invoice.input';
import { writeHistory } from '../invoice-history.writer';
import { lockInvoice } from '../invoice-lock';
import { ledgerFiguresOf } from '../ledger-figures';
import { addDays, computeTotals, sumLineTax, termDays } from './totals-support';
import { Invoice } from '../invoice.entity';
import { Actor, isUuid } from './actor';
import { checkDiscount, checkLines } from './input-checks';
import { insertLines, loadLineInputs, rewriteLineAmounts } from './invoice-lines';
import { customerReferences, resolveBillToContact, resolveCustomer } from './invoice-parties';
import { loadInvoiceRow } from './invoice-rows';
import { assertAllowed } from './refusal';
import { inTransaction } from './transaction';
import { InputChecker, validationFailed } from './validation';

/** Plain invoice fields an update copies as given: property -> column. */
const SIMPLE_FIELDS: Record<string, string> = {
  externalId: 'external_id', orderId: 'order_id', orderNumber: 'order_number', salesAccountId: 'sales_account_id',
  poNumber: 'po_number', invoiceDate: 'invoice_date', dueDate: 'due_date', startDate: 'start_date', endDate: 'end_date',
  targetDate: 'target_date', paymentTerms: 'payment_terms', notes: 'notes', billToContactId: 'bill_to_contact_id',
  customerId: 'customer_id', currencyIsoCode: 'currency_iso_code', invoiceNumber: 'invoice_number',
};
const JSON_FIELDS: Record<string, string> = { salesRep: 'sales_rep', customFields: 'custom_fields' };

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * updateInvoice: a partial update of one invoice under its row lock. The table decides whether
 * UPDATE is allowed at all and which fields the status accepts; a stale `version` is refused
 * (compared under the lock, and the UPDATE is also conditioned on it). Only real changes are
 * written, so repeating an update is a no-op that keeps the version.
 */
export class UpdateInvoiceService {
  constructor(private readonly ds: DataSource) {}

  async update(actor: Actor, invoiceId: string, input: UpdateInvoiceInput, version?: number | null): Promise<Invoice> {
    if (!isUuid(invoiceId)) throw invoiceNotFound(invoiceId);
    if (input.currencyIsoCode != null) input = Object.assign(new UpdateInvoiceInput(), input, { currencyIsoCode: normalizeCurrencyCode(input.currencyIsoCode) });
    const provided = Object.keys(input).filter((k) => (input as Record<string, unknown>)[k] !== undefined);
    return inTransaction(this.ds, async (m) => {
      const { invoice, facts } = await lockInvoice(m, actor.tenantId, invoiceId);
      assertAllowed(facts, InvoiceAction.UPDATE, invoiceId);
      if (version != null && version !== invoice.version) {
        throw new AppError('VERSION_CONFLICT', `Invoice ${invoiceId} is at version ${invoice.version}, not ${version}; reload and retry`, {
          invoiceId, expectedVersion: version, currentVersion: invoice.version,
        });
      }
      // The table decides which fields may change; a currency equal to the stored one is no change.
      const changing = provided.filter((f) => !(f === 'currencyIsoCode' && input.currencyIsoCode === invoice.currencyIsoCode));
      const refused = fieldRefusals(facts, changing);
      if (refused.length) {
        const code = refused[0].code;
        const these = refused.filter((r) => r.code === code);
        throw new AppError(code, `These fields cannot change: ${these.map((r) => `${r.field} (${r.reason})`).join(', ')}.`, {
          invoiceId, status: invoice.status, action: InvoiceAction.UPDATE, path: ['input', these[0].field],
          fields: these.map((r) => ({ field: `input.${r.field}`, message: r.reason })),
        });
      }
      const sets: string[] = [];
      const values: unknown[] = [actor.tenantId, invoiceId];
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const set = (column: string, value: unknown, field: string, from: unknown, to: unknown = value) => {
        values.push(value);
        sets.push(`${column} = $${values.length}`);
        changes[field] = { from: from ?? null, to: to ?? null };
      };

      this.checkParties(input);
      // Customer details resolve (or create, by customerNumber) the customer the invoice moves to; a customerExternalId resolves it.
      const fields: Record<string, unknown> = input.customer
        ? { ...input, customerId: await resolveCustomer(m, actor.tenantId, { customer: input.customer }, ['input', 'customer']) }
        : input.customerExternalId
          ? { ...input, customerId: await resolveCustomer(m, actor.tenantId, { customerExternalId: input.customerExternalId }, ['input']) }
          : (input as unknown as Record<string, unknown>);
      const next = { ...invoice } as Invoice & Record<string, unknown>;
      for (const [field, column] of Object.entries(SIMPLE_FIELDS)) {
        const value = fields[field];
        if (value === undefined || same(value, (invoice as unknown as Record<string, unknown>)[field])) continue;
        next[field] = value;
        set(column, value, field, (invoice as unknown as Record<string, unknown>)[field]);
      }
      for (const [field, column] of Object.entries(JSON_FIELDS)) {
        const value = (input as Record<string, unknown>)[field];
        if (value === undefined || same(value, (invoice as unknown as Record<string, unknown>)[field])) continue;
        set(column, value == null ? null : JSON.stringify(value), field, (invoice as unknown as Record<string, unknown>)[field], value);
      }
      // A new invoice date or terms moves the due date by the terms, unless the caller sets it.
      if ((changes.invoiceDate || changes.paymentTerms) && input.dueDate === undefined && next.invoiceDate) {
        const days = termDays(next.paymentTerms);
        if (days != null) {
          const due = addDays(next.invoiceDate, days);
          if (due !== invoice.dueDate) set('due_date', due, 'dueDate', invoice.dueDate);
          next.dueDate = due;
        }
      }
      this.validate(input, next, changes);
      if (changes.customerId || changes.billToContactId) {
        const customerId = await resolveCustomer(m, actor.tenantId, { customerId: next.customerId }, ['input']);
        await resolveBillToContact(m, actor.tenantId, customerId, next.billToContactId, ['input', 'billToContactId']);
      }

      const totalsTouched = changing.some((f) => TOTALS_FIELDS.has(f));
      if (totalsTouched) await this.applyTotals(m, actor, invoice, input, set);

      if (sets.length === 0) return loadInvoiceRow(this.ds, m, actor.tenantId, invoiceId);
      values.push(actor.apiKeyId, invoice.version);
      // TypeORM answers an UPDATE with [rows, rowCount].
      const [updatedRows]: [unknown[], number] = await m.query(
        `UPDATE invoice SET ${sets.join(', ')}, version = version + 1, last_modified_date = now(), last_modified_by_id = $${values.length - 1}
         WHERE tenant_id = $1 AND id = $2 AND version = $${values.length} RETURNING id`,
        values,
      ).catch((error: { code?: string; constraint?: string }) => {
        // Numbers are unique per tenant: the constraint answers a rename, concurrent or not.
        if (error.code === '23505' && /invoice_number/.test(error.constraint ?? '')) {
          throw new AppError('DUPLICATE_INVOICE_NUMBER', `Invoice number ${input.invoiceNumber} already exists`, { path: ['input', 'invoiceNumber'] });
        }
        throw error;
      });
      if (updatedRows.length !== 1) throw new AppError('VERSION_CONFLICT', `Invoice ${invoiceId} changed concurrently; reload and retry`, { invoiceId });
      await writeHistory(m, {
        tenantId: actor.tenantId, invoiceId, action: InvoiceAction.UPDATE, fromStatus: invoice.status, toStatus: invoice.status,
        actorId: actor.apiKeyId, changes,
      });
      return loadInvoiceRow(this.ds, m, actor.tenantId, invoiceId);
    });
  }

  /** Who the invoice is for: an id or details, never both; and never nothing. */
  private checkParties(input: UpdateInvoiceInput): void {
    const c = new InputChecker();
    if (customerReferences(input) > 1) c.add(['input', 'customer'], 'give one of customerId, customerExternalId and customer');
    if (input.customerExternalId === null) c.add(['input', 'customerExternalId'], 'an invoice needs a customer');
    if (input.customer === null) c.add(['input', 'customer'], 'an invoice needs a customer');
    if (input.invoiceNumber === null) c.add(['input', 'invoiceNumber'], 'an invoice needs a number');
    c.throwIfAny();
  }

  private validate(input: UpdateInvoiceInput, next: Invoice, changes: Record<string, unknown>): void {
    const c = new InputChecker();
    const currency = next.currencyIsoCode;
    if (!c.currency(currency, ['input', 'currencyIsoCode'])) c.throwIfAny();
    if (input.customerId === null) c.add(['input', 'customerId'], 'an invoice needs a customer');
    if (input.currencyIsoCode === null) c.add(['input', 'currencyIsoCode'], 'an invoice needs a currency');
    checkLines(c, input.lineItems, currency, ['input', 'lineItems']);
    checkDiscount(c, input.discount, currency, ['input', 'discount']);
    c.money(input.taxAmount, currency, ['input', 'taxAmount']);
    c.money(input.shippingAndHandling, currency, ['input', 'shippingAndHandling']);
    if ((changes.dueDate || changes.invoiceDate) && next.dueDate && next.invoiceDate && next.dueDate < next.invoiceDate) {
      c.add(['input', 'dueDate'], 'must not be before invoiceDate');
    }
    c.throwIfAny();
  }

  /**
   * Recomputes totals from the new or stored lines; the total may not drop below what is already
   * paid. A new currency re-rounds every amount of the invoice for it, the stored lines' included
   * (their prices stay as given: a unit price is not an amount), and a fixed-amount discount.
   */
  private async applyTotals(
    m: EntityManager,
    actor: Actor,
    invoice: Invoice,
    input: UpdateInvoiceInput,
    set: (column: string, value: unknown, field: string, from: unknown, to?: unknown) => void,
  ): Promise<void> {
    const currency = input.currencyIsoCode ?? invoice.currencyIsoCode;
    const currencyChanged = currency !== invoice.currencyIsoCode;
    const storedLines = await loadLineInputs(m, actor.tenantId, invoice.id);
    const lines = input.lineItems ?? storedLines;
    const stored = invoice.discountType && invoice.discountValue != null ? { type: invoice.discountType, value: invoice.discountValue } : null;
    const discount = input.discount !== undefined
      ? input.discount
      : stored && stored.type === DiscountType.AMOUNT ? { ...stored, value: roundMoney(stored.value, currency) } : stored;
    // Tax stays the lines' sum when it was the lines' sum; an invoice-level tax stays as set.
    const taxWasLineSum = money(invoice.taxAmount).equals(sumLineTax(storedLines));
    const taxAmount = input.taxAmount !== undefined ? input.taxAmount : taxWasLineSum && (input.lineItems || currencyChanged) ? null : invoice.taxAmount;
    const totals = computeTotals({
      currency, lines, discount, taxAmount, shippingAndHandling: input.shippingAndHandling !== undefined ? input.shippingAndHandling : invoice.shippingAndHandling,
    });
    if (money(totals.amount).lessThan(invoice.amountPaid)) {
      throw validationFailed([{ path: ['input', 'lineItems'], message: `the new total ${totals.amount} is below the amount already paid ${invoice.amountPaid}` }]);
    }
    if (input.lineItems) {
      await m.query('DELETE FROM invoice_line_item WHERE tenant_id = $1 AND invoice_id = $2', [actor.tenantId, invoice.id]);
      await insertLines(m, actor.tenantId, invoice.id, input.lineItems, totals.lines);
      set('subtotal', totals.subtotal, 'lineItems', storedLines.length, input.lineItems.length);
    } else if (currencyChanged) {
      await rewriteLineAmounts(m, actor.tenantId, invoice.id, totals.lines);
    }
    if (input.discount !== undefined) {
      const d = input.discount;
      const from = invoice.discountType ? { type: invoice.discountType, value: invoice.discountValue, code: invoice.discountCode } : null;
      set('discount_type', d?.type ?? null, 'discount', from, d ? { type: d.type, value: d.value, code: d.code ?? null } : null);
      set('discount_value', d?.value ?? null, 'discountValue', invoice.discountValue, d?.value ?? null);
      set('discount_code', d?.code ?? null, 'discountCode', invoice.discountCode);
      set('discount_description', d?.description ?? null, 'discountDescription', invoice.discountDescription);
    } else if (discount && discount.value !== invoice.discountValue) {
      set('discount_value', discount.value, 'discountValue', invoice.discountValue);
    }
    // Only the amount moved; the ledger did not. Its figures follow by the one rule.
    const figures = await ledgerFiguresOf(m, actor.tenantId, invoice.id, totals.amount, currency);
    const columns: Array<[string, string, string, string]> = [
      ['subtotal', 'subtotal', invoice.subtotal, totals.subtotal],
      ['discount_amount', 'discountAmount', invoice.discountAmount, totals.discountAmount],
      ['amount_without_tax', 'amountWithoutTax', invoice.amountWithoutTax, totals.amountWithoutTax],
      ['tax_amount', 'taxAmount', invoice.taxAmount, totals.taxAmount],
      ['shipping_and_handling', 'shippingAndHandling', invoice.shippingAndHandling, totals.shippingAndHandling],
      ['amount', 'amount', invoice.amount, totals.amount],
      ['amount_paid', 'amountPaid', invoice.amountPaid, figures.amountPaid],
      ['balance', 'balance', invoice.balance, figures.balance],
      ['payment_status', 'paymentStatus', invoice.paymentStatus, figures.paymentStatus],
    ];
    for (const [column, field, from, to] of columns) {
      if (column === 'subtotal' && input.lineItems) continue; // already set with the lines
      if (from !== to) set(column, to, field, from);
    }
  }
}
