import { money, MoneyValue, sumMoney } from '../../common/money';
import { LineInput } from '../invoice-totals';

export { addDays, computeTotals, termDays } from '../invoice-totals';

/** Sum of the lines' own tax (what computeTotals uses when no invoice-level tax is given). */
export function sumLineTax(lines: LineInput[]): MoneyValue {
  return sumMoney(lines.map((l) => money(l.taxAmount ?? '0')));
}
