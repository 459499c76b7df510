/**
 * The operations preloaded as tabs in the explorer: one per thing a new user wants to try
 * first. They follow the seeds' own operations (Nue's invoice query and activation, Nymble's
 * offline payment) so that the README and the explorer teach the same forms.
 */
export interface ExplorerTab {
  query: string;
  variables?: string;
}

const START = `# Welcome! Paste your API key into the Headers tab below ({"x-api-key": "..."}),
# then press the run button (or Ctrl-Enter).
# Docs (book icon, left) list every query and mutation; Ctrl-Space completes.
query Viewer {
  viewer {
    tenantId
    tenantName
    apiKeyId
  }
}
`;

const NUE_INVOICES = `# Nue's "retrieve invoices": the active invoices of one customer.
# Replace the customer id with one of yours (npm run seed prints some).
query ActiveInvoicesOfCustomer {
  invoice(where: {and: [{customer: {id: {eq: "00000000-0000-0000-0000-000000000000"}}}, {status: {eq: "active"}}]}) {
    id
    name
    status
    paymentStatus
    invoiceDate
    dueDate
    startDate
    endDate
    customerId
    amount
    amountWithoutTax
    taxAmount
    balance
    createdDate
    invoicePdf
  }
}
`;

const ACTIVATE = `# Nue's "activate invoices" (Nymble: issue). Put draft invoice ids in the variables, or
# select by filter with where: {status: {eq: "draft"}}. dryRun: true shows what would happen.
# A new invoiceDate recalculates the due date from the payment terms (Net30 -> +30 days).
mutation ActivateInvoices($ids: [ID!]) {
  activateInvoices(input: {
    invoiceIds: $ids
    invoiceDate: "2025-07-01"
    invoiceComment: {comment: "approve and activate the invoice"}
  }) {
    action
    dryRun
    selectedCount
    succeededCount
    failedCount
    results {
      invoiceId
      success
      fromStatus
      toStatus
      error { code message }
    }
  }
}
`;

const PAYMENT = `# Nymble's offline payment: a completed check payment on an ACTIVE invoice.
# An Idempotency-Key header (Headers tab) makes a retry safe: it returns the first result.
mutation RecordPayment($invoiceId: ID!) {
  recordPayment(invoiceId: $invoiceId, input: {
    amount: "10.00"
    method: CHECK
    receivedDate: "2025-07-15"
    referenceNumber: "CHK-1001"
  }) {
    payment { id amount currency method status receivedDate }
    invoice { id name amount amountPaid balance paymentStatus }
  }
}
`;

export const EXPLORER_TABS: readonly ExplorerTab[] = [
  { query: START },
  { query: NUE_INVOICES },
  { query: ACTIVATE, variables: JSON.stringify({ ids: ['paste-a-draft-invoice-id'] }, null, 2) },
  { query: PAYMENT, variables: JSON.stringify({ invoiceId: 'paste-an-active-invoice-id' }, null, 2) },
];

/** What the headers panel starts with: the one header every operation needs. */
export const DEFAULT_HEADERS = JSON.stringify({ 'x-api-key': '' }, null, 2);
