import { ApiKey } from '../tenancy/api-key.entity';
import { Tenant } from '../tenancy/tenant.entity';
import { Contact } from '../customers/contact.entity';
import { Customer } from '../customers/customer.entity';
import { CustomerHistoryEntry } from '../customers/customer-history';
import { Invoice } from '../invoices/invoice.entity';
import { InvoiceComment } from '../invoices/invoice-comment.entity';
import { InvoiceHistory } from '../invoices/invoice-history.entity';
import { InvoiceLineItem } from '../invoices/invoice-line-item.entity';
import { InvoiceNumberSequence } from '../invoices/invoice-number-sequence.entity';
import { Payment } from '../payments/payment.entity';
import { Refund } from '../payments/refund.entity';
import { IdempotencyKey } from '../idempotency/idempotency-key.entity';

export const ENTITIES = [
  Tenant,
  ApiKey,
  Customer,
  Contact,
  CustomerHistoryEntry,
  Invoice,
  InvoiceLineItem,
  InvoiceComment,
  InvoiceHistory,
  InvoiceNumberSequence,
  Payment,
  Refund,
  IdempotencyKey,
];
