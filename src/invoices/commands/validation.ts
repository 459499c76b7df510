import { AppError } from '../../common/errors';
import { fitsMinorUnit, isSupportedCurrency, money } from '../../common/money';

export interface FieldProblem {
  path: ReadonlyArray<string | number>;
  message: string;
}

/** VALIDATION_FAILED in the same shape format-error gives class-validator failures. */
export function validationFailed(problems: FieldProblem[]): AppError {
  const fields = problems.map((p) => ({ field: p.path.join('.'), message: p.message }));
  return new AppError('VALIDATION_FAILED', fields.map((f) => `${f.field}: ${f.message}`).join('; '), {
    path: problems[0]?.path,
    fields,
  });
}

/**
 * Collects business-rule problems of one input (money against the currency's minor unit, sign,
 * currency code) so the client gets every bad field at once.
 */
export class InputChecker {
  readonly problems: FieldProblem[] = [];

  currency(code: string | null | undefined, path: ReadonlyArray<string | number>): boolean {
    if (code == null) return true;
    if (isSupportedCurrency(code)) return true;
    this.problems.push({ path, message: `unsupported currency "${code}"` });
    return false;
  }

  /** A money amount: not negative, no more decimals than the currency allows. */
  money(value: string | null | undefined, currency: string, path: ReadonlyArray<string | number>, opts: { positive?: boolean } = {}): void {
    if (value == null) return;
    const v = money(value);
    if (v.isNegative() || (opts.positive && v.isZero())) {
      this.problems.push({ path, message: opts.positive ? 'must be greater than zero' : 'must not be negative' });
    } else if (isSupportedCurrency(currency) && !fitsMinorUnit(v, currency)) {
      this.problems.push({ path, message: `has more decimals than ${currency} allows` });
    }
  }

  add(path: ReadonlyArray<string | number>, message: string): void {
    this.problems.push({ path, message });
  }

  throwIfAny(): void {
    if (this.problems.length) throw validationFailed(this.problems);
  }
}
