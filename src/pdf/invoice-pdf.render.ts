import PDFDocument from 'pdfkit';
import { roundMoney } from '../common/money';
import type { InvoicePdfData } from './invoice-pdf.data';

/** "1234.5" in USD -> "1,234.50": exact decimal strings, grouped for reading; never floats. */
export function formatMoney(value: string, currency: string): string {
  let fixed: string;
  try {
    fixed = roundMoney(value, currency);
  } catch {
    fixed = value;
  }
  const [int, frac] = fixed.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac ? `${grouped}.${frac}` : grouped;
}

const humanStatus = (s: string) => s.replace(/_/g, ' ').toLowerCase().replace(/^\w/, (c) => c.toUpperCase());

/** Renders the invoice as a PDF (A4, built-in Helvetica, so no font files are needed). */
export function renderInvoicePdf(data: InvoicePdfData, options: { compress?: boolean } = {}): Promise<Buffer> {
  const { invoice: inv, customer, billTo, lines, payments } = data;
  const cur = inv.currency;
  const m = (v: string) => formatMoney(v, cur);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    compress: options.compress ?? true,
    info: { Title: `Invoice ${inv.invoiceNumber}`, Author: data.tenantName, Subject: `Invoice ${inv.invoiceNumber} for ${customer.name}` },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const right = doc.page.width - doc.page.margins.right;
  const width = right - left;
  const bottom = () => doc.page.height - doc.page.margins.bottom - 40;
  const ensureRoom = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };
  const rule = () => {
    doc.moveTo(left, doc.y).lineTo(right, doc.y).lineWidth(0.5).strokeColor('#999999').stroke();
    doc.moveDown(0.4);
  };

  // Header: seller, title, number and status.
  doc.font('Helvetica-Bold').fontSize(20).fillColor('#000000').text('INVOICE', left, 50);
  doc.font('Helvetica').fontSize(10).text(data.tenantName, left, 75);
  doc.font('Helvetica-Bold').fontSize(12).text(inv.invoiceNumber, left, 50, { width, align: 'right' });
  doc.font('Helvetica').fontSize(10).text(`Status: ${humanStatus(inv.status)}`, { width, align: 'right' });
  doc.text(`Payment: ${humanStatus(inv.paymentStatus)}`, { width, align: 'right' });
  doc.moveDown(1.5);

  // Dates and terms on the left, customer and bill-to on the right.
  const top = doc.y;
  const facts: Array<[string, string | null]> = [
    ['Invoice date', inv.invoiceDate],
    ['Due date', inv.dueDate],
    ['Billing period', inv.startDate || inv.endDate ? `${inv.startDate ?? '...'} to ${inv.endDate ?? '...'}` : null],
    ['Payment terms', inv.paymentTerms],
    ['PO number', inv.poNumber],
    ['Currency', cur],
  ];
  doc.fontSize(10);
  for (const [label, value] of facts) {
    if (!value) continue;
    doc.font('Helvetica-Bold').text(`${label}: `, left, doc.y, { continued: true }).font('Helvetica').text(value);
  }
  const leftEnd = doc.y;

  const col = left + width / 2;
  doc.y = top;
  doc.font('Helvetica-Bold').text('Customer', col, top);
  doc.font('Helvetica').text(customer.name, col);
  if (customer.number) doc.text(`Customer no. ${customer.number}`, col);
  const a = customer.address ?? {};
  const addressLines = [a.street, [a.postalCode, a.city].filter(Boolean).join(' '), [a.state, a.country].filter(Boolean).join(', ')].filter((s) => s && String(s).trim());
  for (const line of addressLines) doc.text(String(line), col);
  if (customer.email) doc.text(customer.email, col);
  doc.moveDown(0.5);
  doc.font('Helvetica-Bold').text('Bill to', col);
  if (billTo) {
    doc.font('Helvetica').text(billTo.name || customer.name, col);
    if (billTo.email) doc.text(billTo.email, col);
    if (billTo.phone) doc.text(billTo.phone, col);
  } else {
    doc.font('Helvetica').text(customer.name, col);
  }
  doc.y = Math.max(doc.y, leftEnd) + 20;

  // Line items.
  const cols = [
    { title: '#', w: 0.05, align: 'left' as const },
    { title: 'Description', w: 0.35, align: 'left' as const },
    { title: 'Qty', w: 0.1, align: 'right' as const },
    { title: 'Unit price', w: 0.13, align: 'right' as const },
    { title: 'Discount', w: 0.12, align: 'right' as const },
    { title: 'Tax', w: 0.11, align: 'right' as const },
    { title: 'Amount', w: 0.14, align: 'right' as const },
  ];
  const row = (cells: string[], bold = false) => {
    const y = doc.y;
    let x = left;
    let height = 0;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    cells.forEach((cell, i) => {
      const w = cols[i].w * width;
      const h = doc.heightOfString(cell, { width: w - 4 });
      height = Math.max(height, h);
      doc.text(cell, x, y, { width: w - 4, align: cols[i].align });
      x += w;
    });
    doc.x = left;
    doc.y = y + height + 4;
  };
  row(cols.map((c) => c.title), true);
  rule();
  for (const l of lines) {
    ensureRoom(30);
    const period = l.startDate || l.endDate ? `\n${l.startDate ?? ''} - ${l.endDate ?? ''}` : '';
    row([String(l.lineNumber), `${l.productCode ? `${l.productCode} ` : ''}${l.description}${period}`, l.quantity, m(l.unitPrice), m(l.discountAmount), m(l.taxAmount), m(l.amount)]);
  }
  if (lines.length === 0) row(['', 'No line items', '', '', '', '', '']);
  rule();

  // Totals.
  const totals: Array<[string, string, boolean?]> = [['Subtotal', m(inv.subtotal)]];
  if (inv.discountType || Number(inv.discountAmount) !== 0) {
    const what = inv.discountType === 'PERCENTAGE' && inv.discountValue ? ` (${inv.discountValue}%)` : '';
    const code = inv.discountCode ? ` ${inv.discountCode}` : '';
    totals.push([`Discount${code}${what}`, `-${m(inv.discountAmount)}`]);
  }
  totals.push(['Amount without tax', m(inv.amountWithoutTax)], ['Tax', m(inv.taxAmount)]);
  if (Number(inv.shippingAndHandling) !== 0) totals.push(['Shipping and handling', m(inv.shippingAndHandling)]);
  totals.push([`Total (${cur})`, m(inv.amount), true], ['Amount paid', m(inv.amountPaid)], [`Balance due (${cur})`, m(inv.balance), true]);
  ensureRoom(totals.length * 14 + 10);
  for (const [label, value, bold] of totals) {
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(10);
    doc.text(label, left + width * 0.45, y, { width: width * 0.35, align: 'right' });
    doc.text(value, left + width * 0.8, y, { width: width * 0.2, align: 'right' });
    doc.x = left;
  }
  if (inv.discountDescription) doc.font('Helvetica').fontSize(8).text(`Discount: ${inv.discountDescription}`, left, doc.y + 4, { width });
  doc.moveDown(1);

  // Payments.
  ensureRoom(40);
  doc.font('Helvetica-Bold').fontSize(11).text('Payments', left);
  doc.font('Helvetica').fontSize(9);
  if (payments.length === 0) doc.text('No payments recorded.', left);
  for (const p of payments) {
    ensureRoom(14);
    const refunded = Number(p.refundedAmount) !== 0 ? `, refunded ${m(p.refundedAmount)}` : '';
    doc.text(`${p.date ?? ''}  ${p.method}  ${humanStatus(p.status)}  ${m(p.amount)} ${cur}${refunded}${p.referenceNumber ? `  ref ${p.referenceNumber}` : ''}`, left);
  }
  if (inv.notes) {
    doc.moveDown(1);
    ensureRoom(30);
    doc.font('Helvetica-Bold').fontSize(10).text('Notes', left);
    doc.font('Helvetica').fontSize(9).text(inv.notes, left, doc.y, { width });
  }
  doc.end();
  return done;
}
