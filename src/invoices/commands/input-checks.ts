import { money } from '../../common/money';
import { DiscountType } from '../invoice-status';
import { InvoiceDiscountInput } from '../inputs/invoice-discount.input';
import { InvoiceLineItemInput } from '../inputs/invoice-line-item.input';
import { InputChecker } from './validation';

type Path = ReadonlyArray<string | number>;

/** Lines: quantity and unit price not negative; line money fits the currency. */
export function checkLines(c: InputChecker, lines: InvoiceLineItemInput[] | null | undefined, currency: string, path: Path): void {
  lines?.forEach((line, index) => {
    const at = [...path, index];
    if (money(line.quantity).isNegative()) c.add([...at, 'quantity'], 'must not be negative');
    if (money(line.unitPrice).isNegative()) c.add([...at, 'unitPrice'], 'must not be negative');
    c.money(line.discountAmount, currency, [...at, 'discountAmount']);
    c.money(line.taxAmount, currency, [...at, 'taxAmount']);
    if (line.startDate && line.endDate && line.endDate < line.startDate) c.add([...at, 'endDate'], 'must not be before startDate');
  });
}

/** A percentage lies in 0..100; an amount fits the currency. */
export function checkDiscount(c: InputChecker, discount: InvoiceDiscountInput | null | undefined, currency: string, path: Path): void {
  if (!discount) return;
  if (discount.type === DiscountType.PERCENTAGE) {
    const v = money(discount.value);
    if (v.isNegative() || v.greaterThan(100)) c.add([...path, 'value'], 'a percentage must be between 0 and 100');
  } else {
    c.money(discount.value, currency, [...path, 'value']);
  }
}
