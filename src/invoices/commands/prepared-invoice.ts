import { AppError, isAppError } from '../../common/errors';
import { DEFAULT_CURRENCY, money, normalizeCurrencyCode, roundMoney } from '../../common/money';
import { CreateInvoiceInput } from '../inputs/create-invoice.input';
import { addDays, computeTotals, termDays, Totals } from '../invoice-totals';
import { checkDiscount, checkLines } from './input-checks';
import { customerReferences } from './invoice-parties';
import { InputChecker, validationFailed } from './validation';

export type Path = ReadonlyArray<string | number>;

/**
 * One create input, checked and with everything it determines computed, before any SQL runs:
 * what the invoice row would hold if it were created now (currency, due date, totals, the
 * imported amount already paid). Set-based creation inserts these; the import conflict rule
 * compares them with a stored invoice (import-content.ts).
 */
export interface PreparedInvoice {
  index: number;
  input: CreateInvoiceInput;
  path: Path;
  currency: string;
  totals: Totals;
  /** importedInvoiceTotal - importedBalance (the IMPORTED payment), else 0, in the currency's minor unit. */
  amountPaid: string;
  dueDate: string | null;
  isActive: boolean;
}

/** The invoice currency of a create input (the one place its default applies), in canonical form ("usd" is USD). */
export function currencyOf(input: Pick<CreateInvoiceInput, 'currencyIsoCode'>): string {
  return normalizeCurrencyCode(input.currencyIsoCode) ?? DEFAULT_CURRENCY;
}

/** Checks one input and computes what it determines; VALIDATION_FAILED (every bad field, with its path) otherwise. */
export function prepareInvoice(input: CreateInvoiceInput, path: Path, index = 0): PreparedInvoice {
  const currency = currencyOf(input);
  validate(input, currency, path);
  let totals: Totals;
  try {
    totals = computeTotals({
      currency,
      lines: input.lineItems ?? [],
      discount: input.discount ?? null,
      taxAmount: input.taxAmount ?? null,
      shippingAndHandling: input.shippingAndHandling ?? null,
      importedInvoiceTotal: input.importedInvoiceTotal ?? null,
    });
  } catch (error) {
    throw isAppError(error) ? underPath(error, path) : error;
  }
  const amountPaid = input.importedBalance != null ? roundMoney(money(totals.amount).minus(input.importedBalance), currency) : roundMoney('0', currency);
  if (money(amountPaid).isNegative()) {
    throw validationFailed([{ path: [...path, 'importedBalance'], message: 'must not exceed the invoice total' }]);
  }
  const days = termDays(input.paymentTerms);
  const dueDate = input.dueDate ?? (input.invoiceDate && days != null ? addDays(input.invoiceDate, days) : null);
  return { index, input, path, currency, totals, amountPaid, dueDate, isActive: input.isActive !== false };
}

function validate(input: CreateInvoiceInput, currency: string, path: Path): void {
  const c = new InputChecker();
  if (!c.currency(currency, [...path, 'currencyIsoCode'])) c.throwIfAny();
  const references = customerReferences(input);
  if (references === 0) c.add([...path, 'customerId'], 'customerId, customerExternalId or customer is required');
  if (references > 1) c.add([...path, 'customerId'], 'give one of customerId, customerExternalId and customer');
  checkLines(c, input.lineItems, currency, [...path, 'lineItems']);
  checkDiscount(c, input.discount, currency, [...path, 'discount']);
  c.money(input.taxAmount, currency, [...path, 'taxAmount']);
  c.money(input.shippingAndHandling, currency, [...path, 'shippingAndHandling']);
  c.money(input.importedInvoiceTotal, currency, [...path, 'importedInvoiceTotal']);
  c.money(input.importedBalance, currency, [...path, 'importedBalance']);
  if (input.dueDate && input.invoiceDate && input.dueDate < input.invoiceDate) c.add([...path, 'dueDate'], 'must not be before invoiceDate');
  if (input.endDate && input.startDate && input.endDate < input.startDate) c.add([...path, 'endDate'], 'must not be before startDate');
  c.throwIfAny();
}

/** The totals calculator names fields relative to the input; a batch answer names them from the request's root. */
function underPath(error: AppError, path: Path): AppError {
  const own = error.details.path ?? [];
  const fields = (error.details.fields as Array<{ field: string; message: string }> | undefined)?.map((f) => ({
    ...f, field: [...path, f.field].join('.'),
  }));
  return new AppError(error.code, error.message, { ...error.details, path: [...path, ...own], ...(fields ? { fields } : {}) });
}
