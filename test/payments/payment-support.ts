import { DataSource } from 'typeorm';
import { InvoiceStatus } from '../../src/invoices/invoice-status';
import { insertCustomer, insertInvoice } from '../fixtures/factories';
import { GraphQLResponse, TestService } from '../support/test-service';

/** Payment test helpers: an ACTIVE invoice of a given total, and the four mutations over GraphQL. */
export interface PayTenant {
  tenantId: string;
  apiKeyId: string;
  apiKey: string;
  customerId: string;
}

export async function payTenant(svc: TestService, name = 'Payments tenant'): Promise<PayTenant> {
  const t = await svc.newTenant(name);
  const customerId = await insertCustomer(svc.dataSource, t.tenantId);
  return { tenantId: t.tenantId, apiKeyId: t.apiKeyId, apiKey: t.apiKey, customerId };
}

/** An invoice whose total is exactly `total` (one line, quantity 1). */
export function invoiceOf(ds: DataSource, t: PayTenant, total: string, currency = 'USD', status = InvoiceStatus.ACTIVE): Promise<string> {
  return insertInvoice(ds, t.tenantId, { customerId: t.customerId, currency, status, lines: [{ quantity: '1', unitPrice: total }] });
}

export const PAYMENT_FIELDS = `id invoiceId amount currency method status receivedDate referenceNumber notes paymentProfileId cardBrand cardLast4
  failureReason refundedAmount netAmount completedAt failedAt refunds { id amount referenceNumber reason }`;
export const INVOICE_FIELDS = 'id status amount amountPaid balance paymentStatus version';

export const RECORD = `mutation($invoiceId: ID!, $input: RecordPaymentInput!, $key: String) {
  recordPayment(invoiceId: $invoiceId, input: $input, idempotencyKey: $key) { payment { ${PAYMENT_FIELDS} } invoice { ${INVOICE_FIELDS} } } }`;
export const COMPLETE = `mutation($invoiceId: ID!, $paymentId: ID!, $key: String) {
  completePayment(invoiceId: $invoiceId, paymentId: $paymentId, idempotencyKey: $key) { payment { ${PAYMENT_FIELDS} } invoice { ${INVOICE_FIELDS} } } }`;
export const FAIL = `mutation($invoiceId: ID!, $paymentId: ID!, $reason: String, $key: String) {
  failPayment(invoiceId: $invoiceId, paymentId: $paymentId, reason: $reason, idempotencyKey: $key) { payment { ${PAYMENT_FIELDS} } invoice { ${INVOICE_FIELDS} } } }`;
export const REFUND = `mutation($invoiceId: ID!, $paymentId: ID!, $input: RefundPaymentInput!, $key: String) {
  refundPayment(invoiceId: $invoiceId, paymentId: $paymentId, input: $input, idempotencyKey: $key) {
    refund { id paymentId invoiceId amount referenceNumber reason } payment { ${PAYMENT_FIELDS} } invoice { ${INVOICE_FIELDS} } } }`;

export interface PayOptions {
  method?: string;
  status?: 'COMPLETED' | 'PENDING' | 'FAILED';
  currency?: string;
  key?: string;
  headers?: Record<string, string>;
  [field: string]: unknown;
}

export function record(svc: TestService, t: PayTenant, invoiceId: string, amount: string, opts: PayOptions = {}): Promise<GraphQLResponse> {
  const { key, headers, method = 'EFT', ...rest } = opts;
  return svc.gql(t.apiKey, RECORD, { invoiceId, input: { amount, method, ...rest }, key }, headers);
}

export function complete(svc: TestService, t: PayTenant, invoiceId: string, paymentId: string, key?: string): Promise<GraphQLResponse> {
  return svc.gql(t.apiKey, COMPLETE, { invoiceId, paymentId, key });
}

export function fail(svc: TestService, t: PayTenant, invoiceId: string, paymentId: string, reason?: string, key?: string): Promise<GraphQLResponse> {
  return svc.gql(t.apiKey, FAIL, { invoiceId, paymentId, reason, key });
}

export function refund(svc: TestService, t: PayTenant, invoiceId: string, paymentId: string, amount: string, extra: Record<string, unknown> = {}, key?: string): Promise<GraphQLResponse> {
  return svc.gql(t.apiKey, REFUND, { invoiceId, paymentId, input: { amount, ...extra }, key });
}

export const codeOf = (res: GraphQLResponse): string | undefined => res.errors?.[0]?.extensions?.code;

/** The invoice row and its ledger sums straight from PostgreSQL. */
export async function ledgerOf(ds: DataSource, tenantId: string, invoiceId: string) {
  const [row] = await ds.query(
    `SELECT i.amount, i.amount_paid, i.balance, i.payment_status, i.version, i.status,
       (SELECT COALESCE(SUM(amount), 0) FROM payment WHERE tenant_id = i.tenant_id AND invoice_id = i.id AND status = 'COMPLETED') AS completed,
       (SELECT COALESCE(SUM(amount), 0) FROM refund WHERE tenant_id = i.tenant_id AND invoice_id = i.id) AS refunded,
       (SELECT count(*)::int FROM payment WHERE tenant_id = i.tenant_id AND invoice_id = i.id) AS payments,
       (SELECT count(*)::int FROM invoice_history WHERE tenant_id = i.tenant_id AND invoice_id = i.id) AS history
     FROM invoice i WHERE i.tenant_id = $1 AND i.id = $2`,
    [tenantId, invoiceId],
  );
  return row as {
    amount: string; amount_paid: string; balance: string; payment_status: string; version: number; status: string;
    completed: string; refunded: string; payments: number; history: number;
  };
}
