import type { DataSource } from 'typeorm';

/** Everything printed on an invoice PDF, read with raw SQL scoped by the link's tenant. */
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
  const [row] = await ds.query(
    `SELECT i.id, i.invoice_number, i.status, i.payment_status, i.invoice_date, i.due_date, i.start_date, i.end_date,
            i.payment_terms, i.currency_iso_code, i.po_number, i.notes, i.subtotal, i.discount_code, i.discount_type,
            i.discount_value, i.discount_description, i.discount_amount, i.amount_without_tax, i.tax_amount,
            i.shipping_and_handling, i.amount, i.amount_paid, i.balance,
            c.company_name, c.customer_number, c.company_email, c.company_phone, c.billing_address,
            ct.first_name, ct.last_name, ct.email AS contact_email, ct.phone AS contact_phone, ct.id AS contact_id,
            t.name AS tenant_name
       FROM invoice i
       JOIN customer c ON c.tenant_id = i.tenant_id AND c.id = i.customer_id
       JOIN tenant t ON t.id = i.tenant_id
       LEFT JOIN contact ct ON ct.tenant_id = i.tenant_id AND ct.id = i.bill_to_contact_id
      WHERE i.tenant_id = $1 AND i.id = $2`,
    [tenantId, invoiceId],
  );
  if (!row) return null;
  const [lines, payments] = await Promise.all([
    ds.query(
      `SELECT line_number, product_code, description, quantity, unit_price, discount_amount, tax_amount, amount, start_date, end_date
         FROM invoice_line_item WHERE tenant_id = $1 AND invoice_id = $2 ORDER BY line_number`,
      [tenantId, invoiceId],
    ),
    ds.query(
      `SELECT received_date, created_date, method, status, amount, refunded_amount, reference_number
         FROM payment WHERE tenant_id = $1 AND invoice_id = $2 ORDER BY created_date, id`,
      [tenantId, invoiceId],
    ),
  ]);
  return {
    tenantName: row.tenant_name,
    invoice: {
      id: row.id,
      invoiceNumber: row.invoice_number,
      status: row.status,
      paymentStatus: row.payment_status,
      invoiceDate: row.invoice_date,
      dueDate: row.due_date,
      startDate: row.start_date,
      endDate: row.end_date,
      paymentTerms: row.payment_terms,
      currency: row.currency_iso_code,
      poNumber: row.po_number,
      notes: row.notes,
      subtotal: row.subtotal,
      discountCode: row.discount_code,
      discountType: row.discount_type,
      discountValue: row.discount_value,
      discountDescription: row.discount_description,
      discountAmount: row.discount_amount,
      amountWithoutTax: row.amount_without_tax,
      taxAmount: row.tax_amount,
      shippingAndHandling: row.shipping_and_handling,
      amount: row.amount,
      amountPaid: row.amount_paid,
      balance: row.balance,
    },
    customer: { name: row.company_name, number: row.customer_number, email: row.company_email, phone: row.company_phone, address: row.billing_address },
    billTo: row.contact_id
      ? { name: [row.first_name, row.last_name].filter(Boolean).join(' '), email: row.contact_email, phone: row.contact_phone }
      : null,
    lines: lines.map((l: Record<string, any>) => ({
      lineNumber: l.line_number,
      productCode: l.product_code,
      description: l.description,
      quantity: l.quantity,
      unitPrice: l.unit_price,
      discountAmount: l.discount_amount,
      taxAmount: l.tax_amount,
      amount: l.amount,
      startDate: l.start_date,
      endDate: l.end_date,
    })),
    payments: payments.map((p: Record<string, any>) => ({
      date: p.received_date ?? (p.created_date instanceof Date ? p.created_date.toISOString().slice(0, 10) : null),
      method: p.method,
      status: p.status,
      amount: p.amount,
      refundedAmount: p.refunded_amount,
      referenceNumber: p.reference_number,
    })),
  };
}
