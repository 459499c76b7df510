import type { ReadWorkload } from './workloads';

/**
 * Do two targets answer a workload with the same rows? Each answer is reduced to the rows it
 * lists (ids, numbers, statuses, dates, money, nested lists in order) under one naming: ours and
 * the floor as they are, PostGraphile's `*ByTenantIdAnd*` relations and `nodes` unwrapped, v5's
 * `rowId` read as `id`. Formats the APIs print differently are compared as values: money as
 * decimals without trailing zeros, timestamps as instants.
 */

type Json = any;

const decimal = (v: Json) => {
  if (v == null) return null;
  const s = String(v);
  return /^-?\d+(\.\d+)?$/.test(s) ? s.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '') : s;
};
const instant = (v: Json) => (v == null ? null : new Date(String(v)).toISOString());
const id = (o: Json) => (o ? (o.rowId ?? o.id ?? null) : null);
/** A nested list: ours as an array, PostGraphile as a connection's `nodes`. */
const list = (o: Json, ours: string, pg: string): Json[] => {
  const v = o?.[ours] ?? o?.[pg];
  return (Array.isArray(v) ? v : v?.nodes) ?? [];
};
const one = (o: Json, ours: string, pg: string) => o?.[ours] ?? o?.[pg] ?? null;

function w1Rows(d: Json): Json {
  const rows = d.invoice ?? d.allInvoices?.nodes;
  if (!Array.isArray(rows)) return null;
  return rows.map((r) => ({
    number: r.name ?? r.invoiceNumber, status: r.status, paymentStatus: r.paymentStatus, customerId: r.customerId,
    amount: decimal(r.amount), amountWithoutTax: decimal(r.amountWithoutTax), taxAmount: decimal(r.taxAmount), balance: decimal(r.balance),
    invoiceDate: r.invoiceDate, dueDate: r.dueDate, startDate: r.startDate, endDate: r.endDate, createdDate: instant(r.createdDate),
  }));
}

function w2Rows(d: Json): Json {
  const c = d.invoices ?? d.allInvoices;
  if (!c || !Array.isArray(c.nodes)) return null;
  return {
    totalCount: c.totalCount,
    nodes: c.nodes.map((n: Json) => {
      const customer = one(n, 'customer', 'customerByTenantIdAndCustomerId');
      return {
        id: id(n), number: n.name ?? n.invoiceNumber, status: n.status, paymentStatus: n.paymentStatus, invoiceDate: n.invoiceDate, dueDate: n.dueDate,
        currency: n.currencyIsoCode, amount: decimal(n.amount), balance: decimal(n.balance),
        customer: customer && { id: id(customer), companyName: customer.companyName, companyEmail: customer.companyEmail },
        lines: list(n, 'lineItems', 'invoiceLineItemsByTenantIdAndInvoiceId').map((l) => ({
          id: id(l), lineNumber: l.lineNumber, description: l.description, quantity: decimal(l.quantity), unitPrice: decimal(l.unitPrice), amount: decimal(l.amount),
        })),
        payments: list(n, 'payments', 'paymentsByTenantIdAndInvoiceId').map((p) => ({
          id: id(p), amount: decimal(p.amount), method: p.method, status: p.status, receivedDate: p.receivedDate,
        })),
      };
    }),
  };
}

function w3Rows(d: Json): Json {
  const i = d.invoiceById ?? d.invoiceByTenantIdAndId ?? d.invoiceByTenantIdAndRowId;
  if (!i) return null;
  const customer = one(i, 'customer', 'customerByTenantIdAndCustomerId');
  const contact = one(i, 'billToContact', 'contactByTenantIdAndBillToContactId');
  const address = customer?.billingAddress;
  return {
    id: id(i), number: i.name ?? i.invoiceNumber, status: i.status, paymentStatus: i.paymentStatus, currency: i.currencyIsoCode,
    invoiceDate: i.invoiceDate, dueDate: i.dueDate, paymentTerms: i.paymentTerms, poNumber: i.poNumber, notes: i.notes,
    money: ['subtotal', 'discountAmount', 'amountWithoutTax', 'taxAmount', 'shippingAndHandling', 'amount', 'amountPaid', 'balance'].map((f) => decimal(i[f])),
    createdDate: instant(i.createdDate),
    customer: customer && {
      id: id(customer), customerNumber: customer.customerNumber, companyName: customer.companyName, companyEmail: customer.companyEmail,
      companyPhone: customer.companyPhone,
      billingAddress: address && ['street', 'city', 'state', 'postalCode', 'country'].map((f) => address[f] ?? null),
    },
    contact: contact && { id: id(contact), firstName: contact.firstName, lastName: contact.lastName, email: contact.email },
    lines: list(i, 'lineItems', 'invoiceLineItemsByTenantIdAndInvoiceId').map((l) => ({
      id: id(l), lineNumber: l.lineNumber, productCode: l.productCode, description: l.description,
      money: ['quantity', 'unitPrice', 'discountAmount', 'taxAmount', 'amount'].map((f) => decimal(l[f])),
    })),
    payments: list(i, 'payments', 'paymentsByTenantIdAndInvoiceId').map((p) => ({
      id: id(p), amount: decimal(p.amount), currency: p.currency, method: p.method, status: p.status, receivedDate: p.receivedDate,
      refundedAmount: decimal(p.refundedAmount),
      refunds: list(p, 'refunds', 'refundsByTenantIdAndPaymentId').map((r) => ({ id: id(r), amount: decimal(r.amount), reason: r.reason })),
    })),
    comments: list(i, 'comments', 'invoiceCommentsByTenantIdAndInvoiceId').map((m) => ({ id: id(m), comment: m.comment, createTime: instant(m.createTime) })),
    history: list(i, 'history', 'invoiceHistoriesByTenantIdAndInvoiceId').map((h) => ({
      action: h.action, fromStatus: h.fromStatus, toStatus: h.toStatus, createdAt: instant(h.createdAt),
    })),
  };
}

const ROWS: Record<ReadWorkload, (data: Json) => Json> = { w1: w1Rows, w2: w2Rows, w3: w3Rows };

/** The rows of one answer in the common naming, or null when it has none (errors, no data). */
export function answerRows(workload: ReadWorkload, body: Json): Json {
  if (!body || typeof body !== 'object' || (Array.isArray(body.errors) && body.errors.length) || !body.data) return null;
  return ROWS[workload](body.data);
}

/** The first place two row sets differ, as `path: a ≠ b`, or null when they are the same. */
export function firstDifference(a: Json, b: Json, path = ''): string | null {
  if (a === b) return null;
  const show = (v: Json) => (v === undefined ? 'missing' : JSON.stringify(v)?.slice(0, 80));
  if (a == null || b == null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) {
    return `${path || 'answer'}: ${show(a)} ≠ ${show(b)}`;
  }
  if (Array.isArray(a) && a.length !== b.length) return `${path || 'answer'}: ${a.length} rows ≠ ${b.length} rows`;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const diff = firstDifference(a[key], b[key], Array.isArray(a) ? `${path}[${key}]` : path ? `${path}.${key}` : key);
    if (diff) return diff;
  }
  return null;
}
