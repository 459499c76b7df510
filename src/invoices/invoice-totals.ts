import { AppError } from '../common/errors';
import { maxMoney, minMoney, money, MoneyValue, roundMoney, sumMoney } from '../common/money';
import { DiscountType } from './invoice-status';

export interface LineInput {
  quantity: string;
  unitPrice: string;
  discountAmount?: string | null;
  taxAmount?: string | null;
}

export interface DiscountInput {
  type: DiscountType;
  value: string;
}

export interface TotalsInput {
  currency: string;
  lines: LineInput[];
  discount?: DiscountInput | null;
  /** Invoice-level tax; when absent, the sum of the lines' tax. */
  taxAmount?: string | null;
  shippingAndHandling?: string | null;
  /** Nymble import: an authoritative total that overrides the computed one. */
  importedInvoiceTotal?: string | null;
}

export interface LineTotals {
  quantity: string;
  unitPrice: string;
  discountAmount: string;
  taxAmount: string;
  amount: string;
}

export interface Totals {
  lines: LineTotals[];
  subtotal: string;
  discountAmount: string;
  amountWithoutTax: string;
  taxAmount: string;
  shippingAndHandling: string;
  amount: string;
}

/**
 * Invoice totals, rounded half-up to the currency minor unit at each stored figure:
 * line amount = round(qty x unitPrice) - lineDiscount; subtotal = sum of lines;
 * discount = round(subtotal x pct / 100) or the fixed amount, never more than the subtotal;
 * amount = subtotal - discount + tax + shipping. Nothing can go below zero.
 */
export function computeTotals(input: TotalsInput): Totals {
  const c = input.currency;
  const lines = input.lines.map((line, index) => {
    const gross = money(roundMoney(money(line.quantity).times(line.unitPrice), c));
    const lineDiscount = money(roundMoney(line.discountAmount ?? '0', c));
    if (lineDiscount.greaterThan(gross)) {
      throw new AppError('VALIDATION_FAILED', `Line ${index + 1}: discount exceeds the line amount`, {
        path: ['lineItems', index, 'discountAmount'],
        fields: [{ field: `lineItems.${index}.discountAmount`, message: 'exceeds the line amount' }],
      });
    }
    return {
      quantity: money(line.quantity).toString(),
      unitPrice: money(line.unitPrice).toString(),
      discountAmount: roundMoney(lineDiscount, c),
      taxAmount: roundMoney(line.taxAmount ?? '0', c),
      amount: roundMoney(gross.minus(lineDiscount), c),
    };
  });
  const subtotal = sumMoney(lines.map((l) => l.amount));
  const discountAmount = discountOf(subtotal, input.discount, c);
  const amountWithoutTax = subtotal.minus(discountAmount);
  const tax = input.taxAmount != null ? money(input.taxAmount) : sumMoney(lines.map((l) => l.taxAmount));
  const shipping = money(input.shippingAndHandling ?? '0');
  const computed = amountWithoutTax.plus(tax).plus(shipping);
  const amount = input.importedInvoiceTotal != null ? money(input.importedInvoiceTotal) : computed;
  return {
    lines,
    subtotal: roundMoney(subtotal, c),
    discountAmount: roundMoney(discountAmount, c),
    amountWithoutTax: roundMoney(amountWithoutTax, c),
    taxAmount: roundMoney(tax, c),
    shippingAndHandling: roundMoney(shipping, c),
    amount: roundMoney(maxMoney(amount, money(0)), c),
  };
}

export function discountOf(subtotal: MoneyValue, discount: DiscountInput | null | undefined, currency: string): MoneyValue {
  if (!discount) return money(0);
  const raw =
    discount.type === DiscountType.PERCENTAGE
      ? subtotal.times(discount.value).dividedBy(100)
      : money(discount.value);
  return minMoney(money(roundMoney(raw, currency)), subtotal);
}

/** Net-30 style terms to days; unknown terms leave the due date alone. */
export function termDays(paymentTerms: string | null | undefined): number | null {
  if (!paymentTerms) return null;
  const normalized = paymentTerms.trim().toLowerCase();
  if (normalized === 'dueonreceipt' || normalized === 'due on receipt') return 0;
  const match = /^net\s*-?\s*(\d{1,3})$/.exec(normalized);
  return match ? Number(match[1]) : null;
}

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
