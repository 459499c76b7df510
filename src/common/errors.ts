import { GraphQLError } from 'graphql';

/** One code of the catalogue. */
export interface CatalogueEntry {
  /** The HTTP status of a response without data whose first error has this code (src/http/response-status.ts). */
  readonly http: number;
  readonly retryable: boolean;
  /**
   * The request itself is refused (no key, too large, too many, database down): the status holds
   * for every response media type. Other codes take their status with
   * `application/graphql-response+json` and 200 with `application/json`, as GraphQL over HTTP asks.
   */
  readonly transport?: boolean;
  readonly description: string;
}

/**
 * The error catalogue: every code a client can see, with what it means. Codes are stable API;
 * the README's table is generated from this list (`npm run docs`).
 */
export const ERROR_CATALOGUE = {
  UNAUTHENTICATED: { http: 401, retryable: false, transport: true, description: 'The API key is missing, unknown or revoked.' },
  BAD_USER_INPUT: { http: 400, retryable: false, description: 'A value is malformed (bad date, bad decimal, unknown enum value); `extensions.path` names it.' },
  VALIDATION_FAILED: { http: 400, retryable: false, description: 'Input broke a rule (class-validator or a business rule); `extensions.fields` lists each field and why.' },
  INVOICE_NOT_FOUND: { http: 404, retryable: false, description: "No invoice with that id in the caller's tenant." },
  CUSTOMER_NOT_FOUND: { http: 404, retryable: false, description: "No customer with that id in the caller's tenant." },
  CONTACT_NOT_FOUND: { http: 404, retryable: false, description: "No contact with that id in the caller's tenant." },
  PAYMENT_NOT_FOUND: { http: 404, retryable: false, description: 'No payment with that id on that invoice.' },
  INVALID_TRANSITION: { http: 409, retryable: false, description: 'The action is not allowed from the invoice\'s current status; `extensions.status` and `extensions.action` say which.' },
  INVOICE_HAS_PAYMENTS: { http: 409, retryable: false, description: 'The invoice has a net paid amount (or payment history, for delete): refund first.' },
  INVOICE_HAS_PENDING_PAYMENTS: { http: 409, retryable: false, description: 'The invoice has a PENDING payment: complete or fail it before voiding or canceling the invoice.' },
  INVOICE_TOTAL_IMPORTED: { http: 409, retryable: false, description: 'The invoice total was imported (`importedInvoiceTotal`) and is authoritative: discounts and changes to lines, tax, shipping or currency, which would recompute it, are refused.' },
  FIELD_NOT_EDITABLE: { http: 409, retryable: false, description: 'The field cannot be changed in the invoice\'s current status; `extensions.fields` lists them.' },
  VERSION_CONFLICT: { http: 409, retryable: true, description: 'The invoice (customer, contact) changed since the version the client sent; reload and retry.' },
  NOT_MATCHED: { http: 200, retryable: false, description: 'Only in a bulk result, for an id given in `invoiceIds` that the call\'s `where` excluded: the invoice exists and was left unchanged.' },
  BULK_SELECTION_REQUIRED: { http: 400, retryable: false, description: 'A bulk mutation needs `invoiceIds`, a non-empty `where`, or `all: true`.' },
  DUPLICATE_CUSTOMER: { http: 409, retryable: false, description: 'Another customer of the tenant already has that `externalId` or `customerNumber`; `extensions.path` names the field.' },
  DUPLICATE_INVOICE_NUMBER: { http: 409, retryable: false, description: 'Another invoice of the tenant already has that invoice number.' },
  INVOICE_NUMBER_CONFLICT: { http: 409, retryable: false, description: 'createInvoices: an invoice with that invoiceNumber exists and its content differs from the input; `extensions.fields` names each differing field, `extensions.invoiceId` the stored invoice.' },
  OVERPAYMENT: { http: 409, retryable: false, description: 'The completed payment would exceed the invoice balance.' },
  REFUND_EXCEEDS_PAYMENT: { http: 409, retryable: false, description: 'The refund exceeds what is left of the payment (its net amount).' },
  CURRENCY_MISMATCH: { http: 400, retryable: false, description: "The payment currency differs from the invoice's currency." },
  PAYMENT_NOT_PENDING: { http: 409, retryable: false, description: 'Only a PENDING payment can be completed or failed.' },
  PAYMENT_NOT_REFUNDABLE: { http: 409, retryable: false, description: 'Only a COMPLETED payment can be refunded.' },
  IDEMPOTENCY_KEY_REUSED: { http: 422, retryable: false, description: 'The idempotency key was already used with a different input.' },
  IDEMPOTENCY_KEY_IN_PROGRESS: { http: 409, retryable: true, description: 'A request with the same idempotency key is still running; retry shortly.' },
  RATE_LIMITED: { http: 429, retryable: true, transport: true, description: 'Too many requests for this API key; wait for `Retry-After` seconds.' },
  TOO_MANY_CONCURRENT_REQUESTS: { http: 429, retryable: true, transport: true, description: 'Too many requests of this API key or tenant are in flight (CONCURRENCY_PER_KEY, CONCURRENCY_PER_TENANT) and none came free in time; retry after `Retry-After` seconds.' },
  QUERY_TOO_DEEP: { http: 400, retryable: false, description: 'The operation nests deeper than the limit in `extensions.limit`.' },
  QUERY_TOO_COMPLEX: { http: 400, retryable: false, description: 'The operation costs more than the limit in `extensions.limit`.' },
  TOO_MANY_ALIASES: { http: 400, retryable: false, description: 'The operation uses more aliases than the limit in `extensions.limit`.' },
  TOO_MANY_OPERATIONS: { http: 400, retryable: false, transport: true, description: 'A batched request holds more operations than allowed.' },
  DATABASE_UNAVAILABLE: { http: 503, retryable: true, transport: true, description: 'PostgreSQL could not be reached, restarted mid-request, stopped answering (the watchdog gives up after DB_WATCHDOG_TIMEOUT_MS), or no pooled connection came free within 5 s (overload); nothing was committed, retry.' },
  BAD_REQUEST: { http: 400, retryable: false, transport: true, description: 'The HTTP request itself is malformed (a body that is not JSON); sent with status 400.' },
  PAYLOAD_TOO_LARGE: { http: 413, retryable: false, transport: true, description: 'The request body exceeds BODY_LIMIT_BYTES (`extensions.limit`); sent with status 413.' },
  INTERNAL_SERVER_ERROR: { http: 500, retryable: false, description: 'An unexpected failure; the request id in the logs identifies it.' },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export interface ErrorDetails {
  /** Path of the offending input value, e.g. ['input', 'lineItems', 2, 'quantity']. */
  path?: ReadonlyArray<string | number>;
  [key: string]: unknown;
}

/** A domain error: a stable code, a human message and structured details, surfaced as `extensions`. */
export class AppError extends GraphQLError {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    const { path, ...rest } = details;
    super(message, {
      extensions: {
        code,
        ...(path ? { path: [...path] } : {}),
        ...rest,
        ...(ERROR_CATALOGUE[code].retryable ? { retryable: true } : {}),
      },
    });
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export const badInput = (message: string, path?: ReadonlyArray<string | number>, extra: Record<string, unknown> = {}) =>
  new AppError('BAD_USER_INPUT', message, { path, ...extra });

export const invoiceNotFound = (invoiceId: string) =>
  new AppError('INVOICE_NOT_FOUND', `Invoice ${invoiceId} was not found`, { invoiceId });

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
