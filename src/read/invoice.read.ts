import { Contact } from '../customers/contact.entity';
import { Customer } from '../customers/customer.entity';
import { badInput } from '../common/errors';
import { DiscountTypeFilter, InvoicePaymentStatusFilter, InvoiceStatusFilter } from '../filters/filter-operators.input';
import { enumValues } from '../filters/filter-values';
import { InvoiceComment } from '../invoices/invoice-comment.entity';
import { InvoiceConnection, InvoiceEdge, PageInfo } from '../invoices/invoice-connection.type';
import { InvoiceHistory } from '../invoices/invoice-history.entity';
import { InvoiceLineItem } from '../invoices/invoice-line-item.entity';
import { DiscountType, InvoicePaymentStatus, InvoiceStatus, PAYMENT_STATUS_ALIASES, STATUS_ALIASES } from '../invoices/invoice-status';
import { Invoice } from '../invoices/invoice.entity';
import { SalesRepType } from '../invoices/sales-rep.type';
import { ActionAvailability, availableActions } from '../lifecycle/action-availability.type';
import { allowedSql, FACTS, InvoiceAction, InvoiceFacts } from '../lifecycle/invoice-lifecycle';
import { Payment } from '../payments/payment.entity';
import { invoicePdfUrl } from '../pdf/invoice-pdf-link';
import { pdfSigningSecret } from '../pdf/pdf-signing-secret';
import { column, columns, computed, connection, embedded, keys, many, one, readType } from './registry';

/** Filterable and sortable. */
const FS = { filter: true, sort: true } as const;
const ACTIONS = new Set<string>(Object.values(InvoiceAction));

export const INVOICE = readType(Invoice, {
  alias: 'inv',
  softDelete: 'isActive',
  whereExtras: {
    // The lifecycle table (allowedSql, over alias `i`) allows the action on the invoice now.
    availableAction(value, alias, path) {
      if (typeof value !== 'string' || !ACTIONS.has(value)) throw badInput(`Unknown invoice action ${JSON.stringify(value)}`, path, { value });
      const sql = allowedSql(value as InvoiceAction);
      return alias === 'i' ? sql : `EXISTS (SELECT 1 FROM invoice i WHERE i.tenant_id = ${alias}.tenant_id AND i.id = ${alias}.id AND ${sql})`;
    },
  },
  fields: {
    tenantId: column(),
    name: column({ of: 'invoiceNumber', filter: "Nue's name: the invoice number.", sort: true, declare: { type: () => String, description: 'Nue name of the invoice: its number, e.g. INV-00000311.' } }),
    ...columns(FS, 'id', 'invoiceNumber', 'externalId', 'orderId', 'orderNumber', 'customerId', 'billToContactId', 'salesAccountId'),
    salesRep: embedded(() => SalesRepType),
    status: column({ ...FS, values: { input: InvoiceStatusFilter, values: enumValues('invoice status', Object.values(InvoiceStatus), STATUS_ALIASES) } }),
    paymentStatus: column({ ...FS, values: { input: InvoicePaymentStatusFilter, values: enumValues('payment status', Object.values(InvoicePaymentStatus), PAYMENT_STATUS_ALIASES) } }),
    ...columns(FS, 'invoiceDate', 'dueDate', 'startDate', 'endDate', 'targetDate', 'paymentTerms'),
    currencyIsoCode: column({ ...FS, as: 'currency' }),
    ...columns(FS, 'poNumber', 'notes', 'subtotal', 'discountCode'),
    discountType: column({ ...FS, values: { input: DiscountTypeFilter, values: enumValues('discount type', Object.values(DiscountType)) } }),
    ...columns(FS, 'discountValue', 'discountDescription', 'discountAmount', 'amountWithoutTax', 'taxAmount', 'shippingAndHandling', 'amount', 'amountPaid', 'balance'),
    isActive: column({ filter: 'Naming isActive turns off the default hiding of soft-deleted invoices.', sort: true }),
    ...columns(FS, 'activatedTime', 'activatedById', 'activateOn', 'cancellationDate', 'voidedDate', 'createdDate', 'createdById', 'lastModifiedDate', 'lastModifiedById'),
    customFields: column({ filter: true }),
    version: column(FS),
    customer: one(() => Customer, 'customerId', { filter: "The invoice's customer matches.", declare: { type: () => Customer } }),
    billToContact: one(() => Contact, 'billToContactId', { declare: { type: () => Contact, nullable: true, description: 'The bill-to contact (Nue billToContactId).' } }),
    lineItems: many(() => InvoiceLineItem, 'invoiceId', ['lineNumber'], { filter: true, declare: { type: () => [InvoiceLineItem], description: 'Lines in line-number order.' } }),
    payments: many(() => Payment, 'invoiceId', ['createdDate', 'id'], {
      filter: true,
      declare: { type: () => [Payment], description: 'Every payment of the invoice (pending, completed, failed), oldest first, each with its refunds.' },
    }),
    comments: many(() => InvoiceComment, 'invoiceId', ['createTime', 'id'], { declare: { type: () => [InvoiceComment], description: "Nue's invoice comments, oldest first, with createTime and author." } }),
    history: many(() => InvoiceHistory, 'invoiceId', ['createdAt', 'id'], {
      declare: { type: () => [InvoiceHistory], description: 'Every transition and edit, oldest first (action, from, to, actor, time, comment, changes).' },
    }),
    // Signed from the tenant and the id alone: no query per invoice (the secret is read once per process).
    invoicePdf: computed(['id'], ([id], ctx) => invoicePdfUrl(ctx.deps, ctx.tenantId, id as string), {
      prepare: (ctx) => pdfSigningSecret(ctx.deps),
      declare: {
        type: () => String,
        description: 'Link to the invoice as a PDF. It carries a signed token, so it opens in a browser without the API key, and expires after PDF_LINK_TTL_SECONDS (7 days by default).',
      },
    }),
    // The lifecycle's facts (FACTS) as inputs; declared with its `allowed` argument by src/read/read-queries.resolver.ts.
    availableActions: computed(Object.values(FACTS), (values, _ctx, args) => {
      const facts = Object.fromEntries(Object.keys(FACTS).map((name, n) => [name, values[n]])) as unknown as InvoiceFacts;
      const all = availableActions(facts);
      return args.allowed == null ? all : all.filter((a) => a.allowed === args.allowed);
    }),
  },
});

readType(SalesRepType, { name: 'SalesRep', fields: keys('repNumber', 'firstName', 'lastName', 'fullName', 'email', 'phoneNumber') });
readType(ActionAvailability, { fields: keys('action', 'allowed', 'nextStatus', 'reasonCode', 'message') });
readType(InvoiceConnection, { fields: { edges: connection(), nodes: connection(), pageInfo: connection(), totalCount: connection() } });
readType(InvoiceEdge, { fields: { cursor: connection(), node: connection() } });
readType(PageInfo, { fields: { hasNextPage: connection(), hasPreviousPage: connection(), startCursor: connection(), endCursor: connection() } });
