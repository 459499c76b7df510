import { Decimal } from 'decimal.js';
import { PAYMENT_STATUS_ALIASES, STATUS_ALIASES } from '../../src/invoices/invoice-status';
import { decide, InvoiceAction } from '../../src/lifecycle/invoice-lifecycle';
import { InvoiceStatus } from '../../src/invoices/invoice-status';
import { Row } from '../fixtures/filter-dataset';

/**
 * The filter language evaluated in plain TypeScript over in-memory rows: the oracle of the
 * property test. Written from the documented semantics, not from the compiler: a comparison
 * with a NULL column is false (so `not` of it is true), `ne`/`notIn` match NULLs, `in: []`
 * nothing, `notIn: []` everything, decimals exact (decimal.js), timestamps by instant,
 * contains/startsWith compare Unicode full-case-folded text literally (like LIKE over
 * PostgreSQL's casefold() under pg_unicode_fast, with the LIKE metacharacters escaped); currency
 * codes compare in upper case ("usd" is USD).
 */
type Kind = 'string' | 'currency' | 'id' | 'decimal' | 'date' | 'datetime' | 'int' | 'boolean' | 'enum' | 'json';
interface Field { prop: string; kind: Kind; aliases?: Record<string, string> }

const norm = (v: string) => v.toLowerCase().replace(/[\s_-]/g, '');
const enumMap = (values: readonly string[], extra: Record<string, string> = {}) =>
  Object.fromEntries([...values.map((v) => [norm(v), v]), ...Object.entries(extra)]);

const fields = (spec: Record<string, Kind | [Kind, Record<string, string>] | [Kind, string]>): Record<string, Field> =>
  Object.fromEntries(Object.entries(spec).map(([name, s]) => {
    if (typeof s === 'string') return [name, { prop: name, kind: s }];
    if (typeof s[1] === 'string') return [name, { prop: s[1], kind: s[0] }];
    return [name, { prop: name, kind: s[0], aliases: s[1] }];
  }));

export const REF_INVOICE_FIELDS = fields({
  id: 'id', name: ['string', 'invoiceNumber'], invoiceNumber: 'string', externalId: 'string', orderId: 'string', orderNumber: 'string',
  customerId: 'id', billToContactId: 'id', salesAccountId: 'string',
  status: ['enum', enumMap(['DRAFT', 'PENDING_ACTIVATION', 'ACTIVE', 'CANCELED', 'VOIDED'], STATUS_ALIASES)],
  paymentStatus: ['enum', enumMap(['UNPAID', 'PARTIALLY_PAID', 'PAID', 'REFUNDED'], PAYMENT_STATUS_ALIASES)],
  invoiceDate: 'date', dueDate: 'date', startDate: 'date', endDate: 'date', targetDate: 'date', paymentTerms: 'string', currencyIsoCode: 'currency',
  poNumber: 'string', notes: 'string', subtotal: 'decimal', discountCode: 'string', discountType: ['enum', enumMap(['PERCENTAGE', 'AMOUNT'])],
  discountValue: 'decimal', discountDescription: 'string', discountAmount: 'decimal', amountWithoutTax: 'decimal', taxAmount: 'decimal',
  shippingAndHandling: 'decimal', amount: 'decimal', amountPaid: 'decimal', balance: 'decimal', isActive: 'boolean', activatedTime: 'datetime',
  activatedById: 'id', activateOn: 'date', cancellationDate: 'datetime', voidedDate: 'datetime', createdDate: 'datetime', createdById: 'id',
  lastModifiedDate: 'datetime', lastModifiedById: 'id', customFields: 'json', version: 'int',
});
export const REF_CUSTOMER_FIELDS = fields({
  id: 'id', externalId: 'string', customerNumber: 'string', companyName: 'string', companyEmail: 'string', companyPhone: 'string', createdDate: 'datetime',
});
export const REF_LINE_ITEM_FIELDS = fields({
  id: 'id', lineNumber: 'int', productCode: 'string', description: 'string', quantity: 'decimal', unitPrice: 'decimal', discountAmount: 'decimal',
  taxAmount: 'decimal', amount: 'decimal', startDate: 'date', endDate: 'date',
});
export const REF_PAYMENT_FIELDS = fields({
  id: 'id', amount: 'decimal', currency: 'currency', method: ['enum', enumMap(['EFT', 'CHECK', 'WIRE', 'CASH', 'CARD', 'HOSTED', 'IMPORTED', 'OTHER'])],
  status: ['enum', enumMap(['PENDING', 'COMPLETED', 'FAILED'])], receivedDate: 'date', referenceNumber: 'string', notes: 'string',
  paymentProfileId: 'string', cardBrand: 'string', cardLast4: 'string', failureReason: 'string', refundedAmount: 'decimal',
  createdDate: 'datetime', completedAt: 'datetime', failedAt: 'datetime',
});

export interface RefData {
  customersById: Map<string, Row>;
  lineItemsByInvoice: Map<string, Row[]>;
  paymentsByInvoice: Map<string, Row[]>;
}

export function indexData(customers: Row[], lineItems: Row[], payments: Row[]): RefData {
  const group = (rows: Row[]) => {
    const m = new Map<string, Row[]>();
    for (const r of rows) m.set(r.invoiceId as string, [...(m.get(r.invoiceId as string) ?? []), r]);
    return m;
  };
  return { customersById: new Map(customers.map((c) => [c.id as string, c])), lineItemsByInvoice: group(lineItems), paymentsByInvoice: group(payments) };
}

/**
 * Unicode full case folding up to equivalence, code point by code point (no context such as
 * JavaScript's final-sigma rule): lower(upper(lower(upper(c)))) sends every character of a folding
 * class to one string (ß, ẞ and SS to "ss", ς and Σ to σ, İ to i + U+0307), as casefold() does.
 */
const foldChar = (c: string) => c.toUpperCase().toLowerCase().toUpperCase().toLowerCase();
export const fold = (s: string) => Array.from(s, foldChar).join('');

const instant = (v: string) => Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);

function canonical(field: Field, v: unknown): unknown {
  switch (field.kind) {
    case 'id': return (v as string).toLowerCase();
    case 'currency': return (v as string).trim().toUpperCase();
    case 'enum': {
      const c = field.aliases![norm(v as string)];
      if (!c) throw new Error(`reference: unknown enum value ${String(v)}`);
      return c;
    }
    default: return v;
  }
}

/** -1/0/1 comparison of a non-null column value with a filter value. */
function compare(field: Field, col: unknown, v: unknown): number {
  switch (field.kind) {
    case 'decimal': return new Decimal(col as string).comparedTo(new Decimal(String(v)));
    case 'datetime': return Math.sign(instant(col as string) - instant(v as string));
    case 'int': return Math.sign((col as number) - (v as number));
    case 'date': return col === v ? 0 : (col as string) < (v as string) ? -1 : 1;
    default: return col === canonical(field, v) ? 0 : 1;
  }
}

function jsonContains(obj: Record<string, unknown>, sub: Record<string, unknown>): boolean {
  return Object.entries(sub).every(([k, v]) => Object.prototype.hasOwnProperty.call(obj, k) && obj[k] === v);
}

function leaf(field: Field, col: unknown, filter: Record<string, unknown>): boolean {
  return Object.entries(filter).every(([op, v]) => {
    if (v === undefined) return true;
    if (field.kind === 'json') {
      if (op === 'isNull') return (col === null) === v;
      if (col === null) return false;
      if (op === 'hasKey') return Object.prototype.hasOwnProperty.call(col, v as string);
      return jsonContains(col as Record<string, unknown>, v as Record<string, unknown>);
    }
    const eq = (x: unknown) => col !== null && compare(field, col, x) === 0;
    switch (op) {
      case 'eq': return v === null ? col === null : eq(v);
      case 'ne': return v === null ? col !== null : !eq(v);
      case 'in': return (v as unknown[]).some(eq);
      case 'notIn': return !(v as unknown[]).some(eq);
      case 'isNull': return (col === null) === v;
      case 'gt': return col !== null && compare(field, col, v) > 0;
      case 'gte': return col !== null && compare(field, col, v) >= 0;
      case 'lt': return col !== null && compare(field, col, v) < 0;
      case 'lte': return col !== null && compare(field, col, v) <= 0;
      case 'eqIgnoreCase': return col !== null && fold(col as string) === fold(v as string);
      case 'contains': return col !== null && fold(col as string).includes(fold(v as string));
      case 'startsWith': return col !== null && fold(col as string).startsWith(fold(v as string));
      default: throw new Error(`reference: unknown operator ${op}`);
    }
  });
}

type Node = Record<string, unknown>;

function evalNode(node: Node, row: Row, fieldsOf: Record<string, Field>, data: RefData, invoiceLevel: boolean): boolean {
  return Object.entries(node).every(([key, value]) => {
    if (value === undefined) return true;
    if (key === 'and') return (value as Node[]).every((n) => evalNode(n, row, fieldsOf, data, invoiceLevel));
    if (key === 'or') return (value as Node[]).some((n) => evalNode(n, row, fieldsOf, data, invoiceLevel));
    if (key === 'not') return !evalNode(value as Node, row, fieldsOf, data, invoiceLevel);
    if (invoiceLevel && key === 'customer') return evalNode(value as Node, data.customersById.get(row.customerId as string)!, REF_CUSTOMER_FIELDS, data, false);
    if (invoiceLevel && (key === 'lineItems' || key === 'payments')) {
      const children = (key === 'lineItems' ? data.lineItemsByInvoice : data.paymentsByInvoice).get(row.id as string) ?? [];
      const childFields = key === 'lineItems' ? REF_LINE_ITEM_FIELDS : REF_PAYMENT_FIELDS;
      const test = (n: Node) => (c: Row) => evalNode(n, c, childFields, data, false);
      return Object.entries(value as Record<string, Node>).every(([q, n]) =>
        q === 'some' ? children.some(test(n)) : q === 'none' ? !children.some(test(n)) : children.every(test(n)));
    }
    if (invoiceLevel && key === 'availableAction') {
      const payments = data.paymentsByInvoice.get(row.id as string) ?? [];
      const facts = {
        status: row.status as InvoiceStatus, amountPaid: row.amountPaid as string, hasPaymentHistory: payments.length > 0,
        hasPendingPayments: payments.some((p) => p.status === 'PENDING'), importedTotal: false,
      };
      return decide(facts, value as InvoiceAction).allowed;
    }
    const field = fieldsOf[key];
    if (!field) throw new Error(`reference: unknown field ${key}`);
    return leaf(field, row[field.prop], value as Record<string, unknown>);
  });
}

/** Does the invoice row satisfy `where`? (Absent where: every row.) */
export function evaluateWhere(where: Node | null | undefined, invoice: Row, data: RefData): boolean {
  return where == null ? true : evalNode(where, invoice, REF_INVOICE_FIELDS, data, true);
}
