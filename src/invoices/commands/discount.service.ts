import { DataSource } from 'typeorm';
import { invoiceNotFound } from '../../common/errors';
import { InvoiceAction } from '../../lifecycle/invoice-lifecycle';
import { InvoiceDiscountInput } from '../inputs/invoice-discount.input';
import { writeHistory } from '../invoice-history.writer';
import { lockInvoice } from '../invoice-lock';
import { Invoice } from '../invoice.entity';
import { Actor, isUuid } from './actor';
import { checkDiscount } from './input-checks';
import { loadLineInputs } from './invoice-lines';
import { loadInvoiceRow } from './invoice-rows';
import { assertAllowed } from './refusal';
import { ledgerFiguresOf } from '../ledger-figures';
import { computeTotals } from './totals-support';
import { inTransaction } from './transaction';
import { InputChecker } from './validation';

/**
 * Nymble's order-level discount: apply (replacing any existing one) or remove, on the invoices
 * the table allows (DRAFT, or ACTIVE with nothing paid, and a total that was not imported).
 * Totals are recomputed from the stored lines, the ledger figures from the new amount; the
 * discount is capped at the subtotal, so nothing goes below zero.
 */
export class DiscountService {
  constructor(private readonly ds: DataSource) {}

  apply(actor: Actor, invoiceId: string, discount: InvoiceDiscountInput): Promise<Invoice> {
    return this.set(actor, invoiceId, InvoiceAction.APPLY_DISCOUNT, discount);
  }

  remove(actor: Actor, invoiceId: string): Promise<Invoice> {
    return this.set(actor, invoiceId, InvoiceAction.REMOVE_DISCOUNT, null);
  }

  private async set(actor: Actor, invoiceId: string, action: InvoiceAction, discount: InvoiceDiscountInput | null): Promise<Invoice> {
    if (!isUuid(invoiceId)) throw invoiceNotFound(invoiceId);
    return inTransaction(this.ds, async (m) => {
      const { invoice, facts } = await lockInvoice(m, actor.tenantId, invoiceId);
      assertAllowed(facts, action, invoiceId);
      const currency = invoice.currencyIsoCode;
      const c = new InputChecker();
      checkDiscount(c, discount, currency, ['discount']);
      c.throwIfAny();
      if (!discount && !invoice.discountType) return loadInvoiceRow(this.ds, m, actor.tenantId, invoiceId); // nothing to remove

      const totals = computeTotals({
        currency,
        lines: await loadLineInputs(m, actor.tenantId, invoiceId),
        discount,
        taxAmount: invoice.taxAmount,
        shippingAndHandling: invoice.shippingAndHandling,
      });
      // The ledger is untouched; the figures follow the new amount by the one rule.
      const figures = await ledgerFiguresOf(m, actor.tenantId, invoiceId, totals.amount, currency);
      await m.query(
        `UPDATE invoice SET discount_type = $3, discount_value = $4, discount_code = $5, discount_description = $6,
           subtotal = $7, discount_amount = $8, amount_without_tax = $9, amount = $10, amount_paid = $11, balance = $12, payment_status = $13,
           version = version + 1, last_modified_date = now(), last_modified_by_id = $14
         WHERE tenant_id = $1 AND id = $2`,
        [actor.tenantId, invoiceId, discount?.type ?? null, discount?.value ?? null, discount?.code ?? null, discount?.description ?? null,
          totals.subtotal, totals.discountAmount, totals.amountWithoutTax, totals.amount, figures.amountPaid, figures.balance,
          figures.paymentStatus, actor.apiKeyId],
      );
      await writeHistory(m, {
        tenantId: actor.tenantId, invoiceId, action, fromStatus: invoice.status, toStatus: invoice.status, actorId: actor.apiKeyId,
        changes: {
          discount: {
            from: invoice.discountType ? { type: invoice.discountType, value: invoice.discountValue, code: invoice.discountCode } : null,
            to: discount ? { type: discount.type, value: discount.value, code: discount.code ?? null } : null,
          },
          discountAmount: { from: invoice.discountAmount, to: totals.discountAmount },
          amount: { from: invoice.amount, to: totals.amount },
          ...(figures.paymentStatus !== invoice.paymentStatus ? { paymentStatus: { from: invoice.paymentStatus, to: figures.paymentStatus } } : {}),
        },
      });
      return loadInvoiceRow(this.ds, m, actor.tenantId, invoiceId);
    });
  }
}
