import { Contact } from '../customers/contact.entity';
import { AddressType } from '../customers/address.type';
import { Customer } from '../customers/customer.entity';
import { requirePrincipal } from '../http/context';
import { InvoiceComment } from '../invoices/invoice-comment.entity';
import { InvoiceHistory } from '../invoices/invoice-history.entity';
import { InvoiceLineItem } from '../invoices/invoice-line-item.entity';
import { RELATION_SOURCES, relationJsonSql, RelationSource } from '../invoices/invoice-relations';
import { Invoice } from '../invoices/invoice.entity';
import { SalesRepType } from '../invoices/sales-rep.type';
import { Payment } from '../payments/payment.entity';
import { Refund } from '../payments/refund.entity';
import { invoicePdfUrl } from '../pdf/invoice-pdf-link';
import { renderFieldAs } from './field-renderers';

/**
 * The SQL twins of the invoice graph's field resolvers (plain columns need none: see
 * field-renderers.ts). Each must answer exactly what its resolver answers;
 * test/sql-rendering/rendered-equivalence.test.ts holds every one of them to that.
 */
const relation = (target: Function, source: RelationSource) =>
  ({ kind: 'relation', target, sql: (row: string, child: string, object: string) => relationJsonSql(source, row, child, object) }) as const;

// invoice-fields.resolver.ts
renderFieldAs(Invoice, 'name', { kind: 'value', sql: (row) => `${row}.invoice_number` });
renderFieldAs(Invoice, 'customer', relation(Customer, RELATION_SOURCES['Invoice.customer']));
renderFieldAs(Invoice, 'billToContact', relation(Contact, RELATION_SOURCES['Invoice.billToContact']));
renderFieldAs(Invoice, 'lineItems', relation(InvoiceLineItem, RELATION_SOURCES['Invoice.lineItems']));
// invoice-lifecycle-fields.resolver.ts
renderFieldAs(Invoice, 'comments', relation(InvoiceComment, RELATION_SOURCES['Invoice.comments']));
renderFieldAs(Invoice, 'history', relation(InvoiceHistory, RELATION_SOURCES['Invoice.history']));
// src/payments/invoice-payments.resolver.ts and payment-fields.resolver.ts
renderFieldAs(Invoice, 'payments', relation(Payment, RELATION_SOURCES['Invoice.payments']));
renderFieldAs(Payment, 'refunds', relation(Refund, RELATION_SOURCES['Payment.refunds']));
// src/pdf/invoice-pdf.resolver.ts: the same signed link, from the id PostgreSQL renders.
renderFieldAs(Invoice, 'invoicePdf', {
  kind: 'computed',
  sql: (row) => `${row}.id`,
  compute: (id, ctx) => invoicePdfUrl(ctx.deps, requirePrincipal(ctx).tenantId, id as string),
});
// jsonb columns holding object types.
renderFieldAs(Invoice, 'salesRep', { kind: 'embedded', target: SalesRepType, sql: (row) => `${row}.sales_rep` });
renderFieldAs(Customer, 'billingAddress', { kind: 'embedded', target: AddressType, sql: (row) => `${row}.billing_address` });
renderFieldAs(Customer, 'shippingAddress', { kind: 'embedded', target: AddressType, sql: (row) => `${row}.shipping_address` });
