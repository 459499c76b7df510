import { Decimal } from 'decimal.js';
import { AppError } from './errors';

/** Money math never touches binary floats: Decimal with enough precision for any invoice. */
export const Money = Decimal.clone({ precision: 80, rounding: Decimal.ROUND_HALF_UP });
export type MoneyValue = InstanceType<typeof Money>;

/**
 * ISO 4217 minor units. Missing codes are refused rather than guessed: a wrong minor unit
 * would round every amount of the invoice wrongly.
 */
const MINOR_UNITS: Record<string, number> = {
  // three decimals
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  // zero decimals
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0,
  UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  // two decimals
  AED: 2, ARS: 2, AUD: 2, BGN: 2, BRL: 2, CAD: 2, CHF: 2, CNY: 2, COP: 2, CZK: 2, DKK: 2,
  EGP: 2, EUR: 2, GBP: 2, HKD: 2, HUF: 2, IDR: 2, ILS: 2, INR: 2, KES: 2, MAD: 2, MXN: 2,
  MYR: 2, NGN: 2, NOK: 2, NZD: 2, PEN: 2, PHP: 2, PKR: 2, PLN: 2, QAR: 2, RON: 2, RSD: 2,
  RUB: 2, SAR: 2, SEK: 2, SGD: 2, THB: 2, TRY: 2, TWD: 2, UAH: 2, USD: 2, ZAR: 2,
};

export const SUPPORTED_CURRENCIES = Object.freeze(Object.keys(MINOR_UNITS).sort());
export const DEFAULT_CURRENCY = 'USD';

/**
 * A currency code as given by a client, in its canonical form: ISO 4217 codes are upper case, and
 * "usd", " Usd " and "USD" are one currency. Every place a currency is input (invoice creation and
 * import, updateInvoice, payments, filters) calls this before checking or storing it.
 */
export function normalizeCurrencyCode<T extends string | null | undefined>(code: T): T {
  return (typeof code === 'string' ? code.trim().toUpperCase() : code) as T;
}

export function isSupportedCurrency(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(MINOR_UNITS, code);
}

export function minorUnits(currency: string, path?: ReadonlyArray<string | number>): number {
  const units = MINOR_UNITS[currency];
  if (units === undefined) {
    throw new AppError('VALIDATION_FAILED', `Unsupported currency "${currency}"`, {
      path,
      fields: [{ field: path?.join('.') ?? 'currencyIsoCode', message: `unsupported currency "${currency}"` }],
    });
  }
  return units;
}

export function money(value: string | number | MoneyValue): MoneyValue {
  return new Money(value as Decimal.Value);
}

/** Rounds half-up to the currency minor unit and returns the canonical string (JPY "100", USD "100.00", KWD "1.250"). */
export function roundMoney(value: string | MoneyValue, currency: string): string {
  const units = minorUnits(currency);
  return money(value).toDecimalPlaces(units, Decimal.ROUND_HALF_UP).toFixed(units);
}

/** True when the value has no more decimals than the currency allows. */
export function fitsMinorUnit(value: string | MoneyValue, currency: string): boolean {
  return money(value).decimalPlaces() <= minorUnits(currency);
}

export function sumMoney(values: Array<string | MoneyValue>): MoneyValue {
  return values.reduce<MoneyValue>((acc, v) => acc.plus(v), money(0));
}

export function maxMoney(a: MoneyValue, b: MoneyValue): MoneyValue {
  return a.greaterThan(b) ? a : b;
}

export function minMoney(a: MoneyValue, b: MoneyValue): MoneyValue {
  return a.lessThan(b) ? a : b;
}
