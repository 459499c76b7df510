/**
 * The read workloads (issue 6, 1-3) in four dialects: our GraphQL API, PostGraphile v4 and v5
 * with the connection filter plugin, and the raw floor (bench/raw-floor.mjs: one hand-written
 * SQL query per request building the same JSON). Each request body is made from one parameter
 * set; the runner rotates through many sets so no single row stays hot.
 */
export type Target = 'ours' | 'floor' | 'postgraphile' | 'postgraphile5';
export const TARGETS: readonly Target[] = ['ours', 'floor', 'postgraphile', 'postgraphile5'];
export type GraphQLTarget = Exclude<Target, 'floor'>;

/** How the report names each target. */
export const TARGET_TITLES: Record<Target, string> = {
  ours: 'Ours', floor: 'Raw floor', postgraphile: 'PostGraphile v4', postgraphile5: 'PostGraphile v5',
};
export type ReadWorkload = 'w1' | 'w2' | 'w3';

export interface W1Params { customerId: string }
export interface W2Params { from: string; to: string }
export interface W3Params { invoiceId: string }
export type Params = W1Params | W2Params | W3Params;

export const WORKLOAD_TITLES: Record<ReadWorkload, string> = {
  w1: "1. Nue's seed query: customer id + status, 14 fields (customer with ~50 invoices)",
  w2: '2. Page of 50: ACTIVE, due in a 30-day window, ordered by dueDate, customer/lines/payments nested, totalCount',
  w3: '3. One invoice by id, everything nested',
};

// --- ours -----------------------------------------------------------------------------------

/** Nue's query exactly as in the seed document (camelCase), with the customer id as a variable. */
const OURS_W1 = `query W1($customerId: ID!) {
  invoice(where: {and: [{customer: {id: {eq: $customerId}}}, {status: {eq: "active"}}]}) {
    amount amountWithoutTax balance createdDate customerId dueDate endDate invoiceDate name invoicePdf paymentStatus startDate status taxAmount
  }
}`;

// Dates are inlined (six windows rotate, so six distinct documents): their scalar types differ between APIs.
const OURS_W2 = `query W2 {
  invoices(where: {and: [{status: {eq: "ACTIVE"}}, {dueDate: {gte: "$from", lte: "$to"}}]}, orderBy: [{field: dueDate, direction: ASC}], first: 50) {
    totalCount
    nodes {
      id name status paymentStatus invoiceDate dueDate currencyIsoCode amount balance
      customer { id companyName companyEmail }
      lineItems { id lineNumber description quantity unitPrice amount }
      payments { id amount method status receivedDate }
    }
  }
}`;

const OURS_W3 = `query W3($id: ID!) {
  invoiceById(id: $id) {
    id name status paymentStatus currencyIsoCode invoiceDate dueDate paymentTerms poNumber notes
    subtotal discountAmount amountWithoutTax taxAmount shippingAndHandling amount amountPaid balance createdDate
    customer { id customerNumber companyName companyEmail companyPhone billingAddress { street city state postalCode country } }
    billToContact { id firstName lastName email }
    lineItems { id lineNumber productCode description quantity unitPrice discountAmount taxAmount amount }
    payments { id amount currency method status receivedDate refundedAmount refunds { id amount reason } }
    comments { id comment createTime }
    history { action fromStatus toStatus createdAt }
  }
}`;

// --- PostGraphile v4 (default inflection; composite keys give *ByTenantIdAnd* relation names) ---

const PG_W1 = `query W1($tenantId: UUID!, $customerId: UUID!) {
  allInvoices(filter: {tenantId: {equalTo: $tenantId}, customerId: {equalTo: $customerId}, status: {equalTo: "ACTIVE"}, isActive: {equalTo: true}},
              orderBy: [CREATED_DATE_DESC, ID_ASC], first: 25) {
    nodes { amount amountWithoutTax balance createdDate customerId dueDate endDate invoiceDate invoiceNumber paymentStatus startDate status taxAmount }
  }
}`;

const PG_W2 = `query W2($tenantId: UUID!) {
  allInvoices(filter: {tenantId: {equalTo: $tenantId}, status: {equalTo: "ACTIVE"}, isActive: {equalTo: true},
                       dueDate: {greaterThanOrEqualTo: "$from", lessThanOrEqualTo: "$to"}},
              orderBy: [DUE_DATE_ASC, ID_ASC], first: 50) {
    totalCount
    nodes {
      id invoiceNumber status paymentStatus invoiceDate dueDate currencyIsoCode amount balance
      customerByTenantIdAndCustomerId { id companyName companyEmail }
      invoiceLineItemsByTenantIdAndInvoiceId(orderBy: LINE_NUMBER_ASC) { nodes { id lineNumber description quantity unitPrice amount } }
      paymentsByTenantIdAndInvoiceId(orderBy: [CREATED_DATE_ASC, ID_ASC]) { nodes { id amount method status receivedDate } }
    }
  }
}`;

const PG_W3 = `query W3($tenantId: UUID!, $id: UUID!) {
  invoiceByTenantIdAndId(tenantId: $tenantId, id: $id) {
    id invoiceNumber status paymentStatus currencyIsoCode invoiceDate dueDate paymentTerms poNumber notes
    subtotal discountAmount amountWithoutTax taxAmount shippingAndHandling amount amountPaid balance createdDate
    customerByTenantIdAndCustomerId { id customerNumber companyName companyEmail companyPhone billingAddress }
    contactByTenantIdAndBillToContactId { id firstName lastName email }
    invoiceLineItemsByTenantIdAndInvoiceId(orderBy: LINE_NUMBER_ASC) { nodes { id lineNumber productCode description quantity unitPrice discountAmount taxAmount amount } }
    paymentsByTenantIdAndInvoiceId(orderBy: [CREATED_DATE_ASC, ID_ASC]) {
      nodes { id amount currency method status receivedDate refundedAmount refundsByTenantIdAndPaymentId { nodes { id amount reason } } }
    }
    invoiceCommentsByTenantIdAndInvoiceId(orderBy: CREATE_TIME_ASC) { nodes { id comment createTime } }
    invoiceHistoriesByTenantIdAndInvoiceId(orderBy: CREATED_AT_ASC) { nodes { action fromStatus toStatus createdAt } }
  }
}`;

// --- PostGraphile v5, amber preset: v4's documents with amber's names. The `id` column is
// `rowId` (`id` is the global node id), so orderings use ROW_ID_* and the invoice by primary key
// is `invoiceByTenantIdAndRowId(tenantId, rowId)`; relation names are v4's.

export function amberNames(v4Document: string): string {
  return v4Document
    .replace('invoiceByTenantIdAndId(tenantId: $tenantId, id: $id)', 'invoiceByTenantIdAndRowId(tenantId: $tenantId, rowId: $id)')
    .replace(/\bID_(ASC|DESC)\b/g, 'ROW_ID_$1')
    .replace(/(?<![$\w])id(?=[\s}])/g, 'rowId');
}

const GRAPHQL: Record<GraphQLTarget, Record<ReadWorkload, string>> = {
  ours: { w1: OURS_W1, w2: OURS_W2, w3: OURS_W3 },
  postgraphile: { w1: PG_W1, w2: PG_W2, w3: PG_W3 },
  postgraphile5: { w1: amberNames(PG_W1), w2: amberNames(PG_W2), w3: amberNames(PG_W3) },
};

function variables(workload: ReadWorkload, params: Params): Record<string, unknown> {
  if (workload === 'w1') return { customerId: (params as W1Params).customerId };
  if (workload === 'w2') return {};
  return { id: (params as W3Params).invoiceId };
}

export interface HttpRequestSpec {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** The HTTP request one target gets for one parameter set. */
function documentFor(target: GraphQLTarget, workload: ReadWorkload, params: Params): string {
  const doc = GRAPHQL[target][workload];
  if (workload !== 'w2') return doc;
  const { from, to } = params as W2Params;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) throw new Error(`bad date window ${from}..${to}`);
  return doc.replace('$from', from).replace('$to', to);
}

export function requestFor(target: Target, workload: ReadWorkload, params: Params, auth: { apiKey: string; tenantId: string }): HttpRequestSpec {
  const json = { 'content-type': 'application/json' };
  if (target === 'floor') {
    return { path: `/${workload}`, headers: { ...json, 'x-tenant-id': auth.tenantId }, body: JSON.stringify(params) };
  }
  if (target === 'ours') {
    return {
      path: '/graphql',
      headers: { ...json, 'x-api-key': auth.apiKey },
      body: JSON.stringify({ query: documentFor('ours', workload, params), variables: variables(workload, params) }),
    };
  }
  return {
    path: '/graphql',
    headers: json,
    body: JSON.stringify({ query: documentFor(target, workload, params), variables: { tenantId: auth.tenantId, ...variables(workload, params) } }),
  };
}

/** A short description of what came back, shown next to each target's figures. */
export function summarize(workload: ReadWorkload, body: any): { ok: boolean; rows: number | null; detail: string } {
  if (!body || typeof body !== 'object') return { ok: false, rows: null, detail: 'no JSON body' };
  if (Array.isArray(body.errors) && body.errors.length) {
    const e = body.errors[0];
    return { ok: false, rows: null, detail: `${e.extensions?.code ?? 'ERROR'}: ${String(e.message).slice(0, 300)}` };
  }
  const d = body.data ?? {};
  if (workload === 'w1') {
    const list = d.invoice ?? d.allInvoices?.nodes;
    return Array.isArray(list) ? { ok: true, rows: list.length, detail: `${list.length} invoices` } : { ok: false, rows: null, detail: 'no invoice list' };
  }
  if (workload === 'w2') {
    const c = d.invoices ?? d.allInvoices;
    if (!c || !Array.isArray(c.nodes)) return { ok: false, rows: null, detail: 'no connection' };
    const lines = c.nodes.reduce((s: number, n: any) => s + ((n.lineItems ?? n.invoiceLineItemsByTenantIdAndInvoiceId?.nodes)?.length ?? 0), 0);
    return { ok: true, rows: c.nodes.length, detail: `${c.nodes.length} of ${c.totalCount}, ${lines} lines` };
  }
  const inv = d.invoiceById ?? d.invoiceByTenantIdAndId ?? d.invoiceByTenantIdAndRowId;
  if (!inv) return { ok: false, rows: null, detail: 'invoice not found' };
  const lines = (inv.lineItems ?? inv.invoiceLineItemsByTenantIdAndInvoiceId?.nodes)?.length ?? 0;
  return { ok: true, rows: 1, detail: `${inv.name ?? inv.invoiceNumber}, ${lines} lines` };
}
