import { AppError } from '../../common/errors';
import { money } from '../../common/money';
import { Invoice } from '../invoice.entity';
import { PreparedInvoice } from './prepared-invoice';

/** A stored line as the content rule compares it (numbers as PostgreSQL prints them). */
export interface StoredLine {
  productCode: string | null;
  description: string;
  quantity: string;
  unitPrice: string;
  discountAmount: string;
  taxAmount: string;
  startDate: string | null;
  endDate: string | null;
}

/** A stored invoice with what the content rule and the soft-delete guards need besides its row. */
export interface StoredInvoice extends Invoice {
  lines: StoredLine[];
  /** Sum of its IMPORTED payments (what an import recorded as paid before), '0' when none. */
  importedPaid: string;
  hasPaymentHistory: boolean;
  hasPendingPayments: boolean;
  importedTotal: boolean;
}

type Comparison = [field: string, same: boolean];

const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);
const sameDecimal = (a: string | null | undefined, b: string | null | undefined) =>
  a == null || b == null ? a == null && b == null : money(a).equals(b);

/** JSON with sorted keys and without null members: `{a: 1, b: null}` and `{a: 1}` say the same. */
function canonical(value: unknown): string {
  if (value == null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v != null).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
const sameJson = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/**
 * The content rule of an import: the names of the input fields (CreateInvoiceInput's) whose
 * value differs from the stored invoice with the same invoiceNumber; none means the same content.
 *
 * "Content" is what the input determines: every field the invoice row would hold if this input
 * created it now, defaults and derivations included (currencyIsoCode USD when absent, dueDate from
 * invoiceDate + paymentTerms, line and invoice totals from the calculator), compared with the
 * stored row field by field. An absent field means null, so an input without `notes` differs from
 * a stored invoice with notes. Numbers compare as numbers ("10" = "10.00"), JSON fields
 * (salesRep, customFields) without regard to key order or null members. `lineItems` differs when
 * the count or any line's productCode, description, quantity, unitPrice, discountAmount, taxAmount,
 * startDate or endDate does, in line order. `customer` (details) is the customer with that
 * customerNumber (its other details are not invoice content); `customerId` the id. The totals:
 * `taxAmount` and `shippingAndHandling` as computed, `importedInvoiceTotal` the invoice amount
 * (named so when the input gives one, or when nothing else explains a different amount),
 * `importedBalance` the IMPORTED payment (total - importedBalance, 0 without). Not content:
 * `isActive` (it is the soft-delete action), and what the service keeps up itself: status,
 * payments recorded since, version, dates of creation and change.
 */
export function differingFields(p: PreparedInvoice, stored: StoredInvoice, customerId: string | null): string[] {
  const i = p.input;
  const t = p.totals;
  const discount = i.discount ?? null;
  const checks: Comparison[] = [
    [i.customerId != null ? 'customerId' : i.customerExternalId != null ? 'customerExternalId' : 'customer', customerId != null && customerId === stored.customerId],
    ['billToContactId', same(i.billToContactId, stored.billToContactId)],
    ['externalId', same(i.externalId, stored.externalId)],
    ['orderId', same(i.orderId, stored.orderId)],
    ['orderNumber', same(i.orderNumber, stored.orderNumber)],
    ['salesAccountId', same(i.salesAccountId, stored.salesAccountId)],
    ['salesRep', sameJson(i.salesRep, stored.salesRep)],
    ['poNumber', same(i.poNumber, stored.poNumber)],
    ['invoiceDate', same(i.invoiceDate, stored.invoiceDate)],
    ['dueDate', same(p.dueDate, stored.dueDate)],
    ['startDate', same(i.startDate, stored.startDate)],
    ['endDate', same(i.endDate, stored.endDate)],
    ['targetDate', same(i.targetDate, stored.targetDate)],
    ['paymentTerms', same(i.paymentTerms, stored.paymentTerms)],
    ['currencyIsoCode', same(p.currency, stored.currencyIsoCode)],
    ['notes', same(i.notes, stored.notes)],
    ['customFields', sameJson(i.customFields, stored.customFields)],
    ['discount', discount == null
      ? stored.discountType == null
      : same(discount.type, stored.discountType) && sameDecimal(discount.value, stored.discountValue)
        && same(discount.code, stored.discountCode) && same(discount.description, stored.discountDescription)],
    ['lineItems', sameLines(p, stored.lines)],
    ['taxAmount', sameDecimal(t.taxAmount, stored.taxAmount)],
    ['shippingAndHandling', sameDecimal(t.shippingAndHandling, stored.shippingAndHandling)],
    ['importedBalance', sameDecimal(p.amountPaid, stored.importedPaid)],
  ];
  const differing = checks.filter(([, equal]) => !equal).map(([field]) => field);
  const explained = ['discount', 'lineItems', 'taxAmount', 'shippingAndHandling'].some((f) => differing.includes(f));
  if (!sameDecimal(t.amount, stored.amount) && (i.importedInvoiceTotal != null || !explained)) differing.push('importedInvoiceTotal');
  return differing;
}

function sameLines(p: PreparedInvoice, stored: StoredLine[]): boolean {
  const lines = p.input.lineItems ?? [];
  if (lines.length !== stored.length) return false;
  return lines.every((line, k) => {
    const s = stored[k];
    const t = p.totals.lines[k];
    return same(line.productCode, s.productCode) && same(line.description, s.description) && sameDecimal(t.quantity, s.quantity)
      && sameDecimal(t.unitPrice, s.unitPrice) && sameDecimal(t.discountAmount, s.discountAmount) && sameDecimal(t.taxAmount, s.taxAmount)
      && same(line.startDate, s.startDate) && same(line.endDate, s.endDate);
  });
}

/** INVOICE_NUMBER_CONFLICT for one input, naming the differing fields. */
export function invoiceNumberConflict(p: PreparedInvoice, stored: StoredInvoice, fields: string[]): AppError {
  return new AppError('INVOICE_NUMBER_CONFLICT',
    `Invoice number ${stored.invoiceNumber} already exists with different content: ${fields.join(', ')}`, {
      path: [...p.path, 'invoiceNumber'],
      invoiceId: stored.id,
      fields: fields.map((f) => ({ field: [...p.path, f].join('.'), message: 'differs from the stored invoice' })),
    });
}
