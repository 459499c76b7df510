import { Decimal } from 'decimal.js';
import { startTestService, TestService } from '../support/test-service';

/**
 * Changing a draft's currency recomputes every amount of the invoice for the new currency, its
 * lines included: each amount is rounded to the new minor unit and the totals add up, for every
 * pair of JPY (0 decimals), USD (2) and KWD (3), both ways.
 */
const DIGITS: Record<string, number> = { JPY: 0, USD: 2, KWD: 3 };
const PRICES: Record<string, { price: string; lineDiscount: string; lineTax: string; shipping: string; discount: string }> = {
  USD: { price: '10.55', lineDiscount: '0.55', lineTax: '1.45', shipping: '2.49', discount: '1.50' },
  KWD: { price: '10.555', lineDiscount: '0.555', lineTax: '1.445', shipping: '2.495', discount: '1.505' },
  JPY: { price: '1055', lineDiscount: '55', lineTax: '145', shipping: '249', discount: '150' },
};
const INVOICE_AMOUNTS = ['subtotal', 'discountAmount', 'discountValue', 'amountWithoutTax', 'taxAmount', 'shippingAndHandling', 'amount', 'amountPaid', 'balance'];
const LINE_AMOUNTS = ['discountAmount', 'taxAmount', 'amount'];
const FIELDS = `currencyIsoCode discountType ${INVOICE_AMOUNTS.join(' ')} lineItems { quantity unitPrice ${LINE_AMOUNTS.join(' ')} }`;

describe("changing a draft's currency", () => {
  let svc: TestService;
  let key: { apiKey: string; tenantId: string };
  let customerId: string;
  beforeAll(async () => {
    svc = await startTestService();
    key = await svc.newTenant('Currency change tenant');
    const c = await svc.gql(key.apiKey, 'mutation { createInvoice(input: {customer: {customerNumber: "CC-1", companyName: "Currency Co"}}) { customerId } }');
    customerId = c.data.createInvoice.customerId;
  });
  afterAll(() => svc.stop());

  const pairs = Object.keys(DIGITS).flatMap((from) => Object.keys(DIGITS).filter((to) => to !== from).map((to) => [from, to]));

  it.each(pairs)('%s -> %s re-rounds every amount, lines included, and the totals add up', async (from, to) => {
    const p = PRICES[from];
    const created = await svc.gql(key.apiKey, `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id } }`, { input: {
      customerId, currencyIsoCode: from, shippingAndHandling: p.shipping, discount: { type: 'AMOUNT', value: p.discount },
      lineItems: [
        { description: 'A', quantity: '1', unitPrice: p.price, discountAmount: p.lineDiscount, taxAmount: p.lineTax },
        { description: 'B', quantity: '3', unitPrice: p.price },
      ],
    } });
    expect(created.errors).toBeUndefined();
    const res = await svc.gql(key.apiKey, `mutation($id: ID!, $c: String!) { updateInvoice(id: $id, input: {currencyIsoCode: $c}) { ${FIELDS} } }`,
      { id: created.data.createInvoice.id, c: to });
    expect(res.errors).toBeUndefined();
    const inv = res.data.updateInvoice;
    const d = DIGITS[to];
    const decimalsOf = (v: string) => v.split('.')[1]?.length ?? 0;
    const wrong = [
      ...INVOICE_AMOUNTS.filter((f) => decimalsOf(inv[f]) !== d).map((f) => `${f}=${inv[f]}`),
      ...inv.lineItems.flatMap((l: Record<string, string>, i: number) => LINE_AMOUNTS.filter((f) => decimalsOf(l[f]) !== d).map((f) => `lineItems.${i}.${f}=${l[f]}`)),
    ];
    expect(wrong).toEqual([]);
    // Prices stay as given (a unit price is not an amount); amounts follow from them in the new currency.
    const round = (v: Decimal.Value) => new Decimal(v).toDecimalPlaces(d, Decimal.ROUND_HALF_UP);
    for (const l of inv.lineItems) {
      expect(l.unitPrice).toBe(new Decimal(p.price).toString());
      expect(new Decimal(l.amount).equals(round(new Decimal(l.quantity).times(l.unitPrice)).minus(l.discountAmount))).toBe(true);
    }
    const sum = (f: string) => inv.lineItems.reduce((s: Decimal, l: Record<string, string>) => s.plus(l[f]), new Decimal(0));
    expect(new Decimal(inv.subtotal).equals(sum('amount'))).toBe(true);
    expect(new Decimal(inv.taxAmount).equals(sum('taxAmount'))).toBe(true);
    expect(inv.discountAmount).toBe(inv.discountValue);
    expect(new Decimal(inv.amount).equals(new Decimal(inv.subtotal).minus(inv.discountAmount).plus(inv.taxAmount).plus(inv.shippingAndHandling))).toBe(true);
    expect(inv.balance).toBe(inv.amount);
    // What is read back later is what the mutation answered.
    const read = await svc.gql(key.apiKey, `query($id: ID!) { invoiceById(id: $id) { ${FIELDS} } }`, { id: created.data.createInvoice.id });
    expect(read.data.invoiceById).toEqual(inv);
  });

  it('a USD line of 10.55 reads 11 on the JPY invoice whose subtotal is 11', async () => {
    const created = await svc.gql(key.apiKey, `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id } }`,
      { input: { customerId, lineItems: [{ description: 'Seat', quantity: '1', unitPrice: '10.55' }] } });
    const res = await svc.gql(key.apiKey, `mutation($id: ID!) { updateInvoice(id: $id, input: {currencyIsoCode: "JPY"}) { subtotal amount lineItems { unitPrice amount } } }`,
      { id: created.data.createInvoice.id });
    expect(res.data.updateInvoice).toEqual({ subtotal: '11', amount: '11', lineItems: [{ unitPrice: '10.55', amount: '11' }] });
  });
});
