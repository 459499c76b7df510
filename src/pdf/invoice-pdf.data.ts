import type { DataSource } from 'typeorm';
import { entityColumns } from '../common/entity-columns';
import { Contact } from '../customers/contact.entity';
import { Customer } from '../customers/customer.entity';
import { InvoiceLineItem } from '../invoices/invoice-line-item.entity';
import { Invoice } from '../invoices/invoice.entity';
import { Payment } from '../payments/payment.entity';

/** Everything printed on an invoice PDF: the entities' rows (src/common/entity-columns.ts), scoped by the link's tenant. */
export interface InvoicePdfData {
  invoice: {
    id: string;
    invoiceNumber: string;
    status: string;
    paymentStatus: string;
    invoiceDate: string | null;
    dueDate: string | null;
    startDate: string | null;
    endDate: string | null;
    paymentTerms: string | null;
    currency: string;
    poNumber: string | null;
    notes: string | null;
    subtotal: string;
    discountCode: string | null;
    discountType: string | null;
    discountValue: string | null;
    discountDescription: string | null;
    discountAmount: string;
    amountWithoutTax: string;
    taxAmount: string;
    shippingAndHandling: string;
    amount: string;
    amountPaid: string;
    balance: string;
  };
  customer: { name: string; number: string | null; email: string | null; phone: string | null; address: Record<string, string | null> | null };
  billTo: { name: string; email: string | null; phone: string | null } | null;
  lines: Array<{ lineNumber: number; productCode: string | null; description: string; quantity: string; unitPrice: string; discountAmount: string; taxAmount: string; amount: string; startDate: string | null; endDate: string | null }>;
  payments: Array<{ date: string | null; method: string; status: string; amount: string; refundedAmount: string; referenceNumber: string | null }>;
  tenantName: string;
}

/** The invoice of `tenantId` with that id, or null (also for another tenant's invoice). */
export async function loadInvoicePdfData(ds: DataSource, tenantId: string, invoiceId: string): Promise<InvoicePdfData | null> {
  const [invoice]: Invoice[] = await ds.query(`SELECT ${entityColumns(Invoice, 'i')} FROM invoice i WHERE i.tenant_id = $1 AND i.id = $2`, [tenantId, invoiceId]);
  if (!invoice) return null;
  const children = (entity: Function, table: string, key: string, order: string) =>
    ds.query(`SELECT ${entityColumns(entity, 'r')} FROM ${table} r WHERE r.tenant_id = $1 AND r.${key} = $2 ORDER BY ${order}`, [tenantId, invoiceId]);
  const [[tenant], [customer], contacts, lines, payments] = await Promise.all([
    ds.query('SELECT name FROM tenant WHERE id = $1', [tenantId]),
    ds.query(`SELECT ${entityColumns(Customer, 'c')} FROM customer c WHERE c.tenant_id = $1 AND c.id = $2`, [tenantId, invoice.customerId]),
    invoice.billToContactId ? ds.query(`SELECT ${entityColumns(Contact, 'k')} FROM contact k WHERE k.tenant_id = $1 AND k.id = $2`, [tenantId, invoice.billToContactId]) : [],
    children(InvoiceLineItem, 'invoice_line_item', 'invoice_id', 'r.line_number') as Promise<InvoiceLineItem[]>,
    children(Payment, 'payment', 'invoice_id', 'r.created_date, r.id') as Promise<Payment[]>,
  ]);
  const contact = contacts[0] as Contact | undefined;
  const pick = <T, K extends keyof T>(row: T, keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, row[k]])) as Pick<T, K>;
  return {
    tenantName: tenant.name,
    invoice: {
      ...pick(invoice, ['id', 'invoiceNumber', 'status', 'paymentStatus', 'invoiceDate', 'dueDate', 'startDate', 'endDate', 'paymentTerms', 'poNumber', 'notes',
        'subtotal', 'discountCode', 'discountType', 'discountValue', 'discountDescription', 'discountAmount', 'amountWithoutTax', 'taxAmount', 'shippingAndHandling',
        'amount', 'amountPaid', 'balance']),
      currency: invoice.currencyIsoCode,
    },
    customer: { name: customer.companyName, number: customer.customerNumber, email: customer.companyEmail, phone: customer.companyPhone, address: customer.billingAddress as InvoicePdfData['customer']['address'] },
    billTo: contact ? { name: [contact.firstName, contact.lastName].filter(Boolean).join(' '), email: contact.email, phone: contact.phone } : null,
    lines: lines.map((l) => pick(l, ['lineNumber', 'productCode', 'description', 'quantity', 'unitPrice', 'discountAmount', 'taxAmount', 'amount', 'startDate', 'endDate'])),
    payments: payments.map((p) => ({
      date: p.receivedDate ?? (p.createdDate instanceof Date ? p.createdDate.toISOString().slice(0, 10) : null),
      ...pick(p, ['method', 'status', 'amount', 'refundedAmount', 'referenceNumber']),
    })),
  };
}
