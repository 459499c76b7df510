import { AppError } from '../common/errors';
import { fitsMinorUnit, minorUnits, money, normalizeCurrencyCode, roundMoney } from '../common/money';

export function invalidInput(path: ReadonlyArray<string | number>, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `${path.join('.')}: ${message}`, {
    path,
    fields: [{ field: path.join('.'), message }],
  });
}

/** A positive amount with no more decimals than the currency; returned in canonical form ("10.50"). */
export function checkAmount(amount: string, currency: string, path: ReadonlyArray<string | number>): string {
  const value = money(amount);
  if (!value.isFinite() || value.lessThanOrEqualTo(0)) throw invalidInput(path, 'must be greater than zero');
  if (!fitsMinorUnit(value, currency)) {
    throw invalidInput(path, `${currency} amounts have at most ${minorUnits(currency)} decimal places`);
  }
  return roundMoney(value, currency);
}

/** The payment currency defaults to the invoice's; any other is refused. */
export function checkCurrency(given: string | null | undefined, invoiceCurrency: string, path: ReadonlyArray<string | number>): string {
  if (given == null || given.trim() === '') return invoiceCurrency;
  const code = normalizeCurrencyCode(given);
  if (code !== invoiceCurrency) {
    throw new AppError('CURRENCY_MISMATCH', `The payment currency ${code} differs from the invoice currency ${invoiceCurrency}`, {
      path,
      currency: code,
      invoiceCurrency,
    });
  }
  return code;
}

/** A completed payment may take the balance to zero, never below. */
export function assertNoOverpayment(amount: string, balance: string, currency: string, invoiceId: string, path: ReadonlyArray<string | number>): void {
  if (money(amount).greaterThan(balance)) {
    throw new AppError('OVERPAYMENT', `The payment of ${amount} ${currency} exceeds the invoice balance of ${roundMoney(balance, currency)} ${currency}`, {
      path,
      invoiceId,
      amount,
      balance: roundMoney(balance, currency),
    });
  }
}

