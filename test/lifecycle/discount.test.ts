import { insertCustomer, insertInvoice } from '../fixtures/factories';
import { startTestService, TestService } from '../support/test-service';

const FIELDS = 'subtotal discountType discountValue discountCode discountDescription discountAmount amountWithoutTax taxAmount amount balance paymentStatus version';
const APPLY = `mutation($id: ID!, $d: InvoiceDiscountInput!) { applyDiscount(invoiceId: $id, discount: $d) { ${FIELDS} } }`;
const REMOVE = `mutation($id: ID!) { removeDiscount(invoiceId: $id) { ${FIELDS} history { action changes } } }`;

describe('applyDiscount / removeDiscount', () => {
  let svc: TestService;
  let key: { tenantId: string; apiKey: string };
  let customerId: string;
  beforeAll(async () => {
    svc = await startTestService();
    key = await svc.newTenant('Discount tenant');
    customerId = await insertCustomer(svc.dataSource, key.tenantId);
  });
  afterAll(() => svc.stop());
  const gql = (q: string, v: Record<string, unknown>) => svc.gql(key.apiKey, q, v);

  it('USD: percentage rounds half-up to cents, an amount replaces it and is capped at the subtotal, remove restores', async () => {
    const id = await insertInvoice(svc.dataSource, key.tenantId, { customerId, lines: [{ quantity: '3', unitPrice: '33.33', taxAmount: '2.00' }] });
    const pct = await gql(APPLY, { id, d: { type: 'PERCENTAGE', value: '15', code: 'SPRING', description: 'Spring sale' } });
    expect(pct.errors).toBeUndefined();
    // 99.99 x 15% = 14.9985 -> 15.00; total = 84.99 + tax 2.00
    expect(pct.data.applyDiscount).toMatchObject({ subtotal: '99.99', discountType: 'PERCENTAGE', discountCode: 'SPRING', discountDescription: 'Spring sale',
      discountAmount: '15.00', amountWithoutTax: '84.99', taxAmount: '2.00', amount: '86.99', balance: '86.99', version: 2 });
    const big = await gql(APPLY, { id, d: { type: 'AMOUNT', value: '250.00', code: 'BIG' } });
    expect(big.data.applyDiscount).toMatchObject({ discountType: 'AMOUNT', discountCode: 'BIG', discountDescription: null, discountAmount: '99.99',
      amountWithoutTax: '0.00', amount: '2.00', balance: '2.00', version: 3 });
    const removed = await gql(REMOVE, { id });
    expect(removed.data.removeDiscount).toMatchObject({ discountType: null, discountAmount: '0.00', amount: '101.99', balance: '101.99', version: 4 });
    expect(removed.data.removeDiscount.history.map((h: any) => h.action)).toEqual(['APPLY_DISCOUNT', 'APPLY_DISCOUNT', 'REMOVE_DISCOUNT']);
    expect(removed.data.removeDiscount.history[2].changes.amount).toEqual({ from: '2.00', to: '101.99' });
    const again = await gql(REMOVE, { id });
    expect(again.data.removeDiscount.version).toBe(4); // nothing to remove: no change, no history
  });

  it('JPY has no decimals: 10% of 999 is 100 and a fractional yen amount is refused', async () => {
    const id = await insertInvoice(svc.dataSource, key.tenantId, { customerId, currency: 'JPY', lines: [{ quantity: '3', unitPrice: '333' }] });
    const pct = await gql(APPLY, { id, d: { type: 'PERCENTAGE', value: '10' } });
    expect(pct.data.applyDiscount).toMatchObject({ subtotal: '999', discountAmount: '100', amount: '899', balance: '899' });
    const bad = await gql(APPLY, { id, d: { type: 'AMOUNT', value: '0.5' } });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', path: ['discount', 'value'] });
    const over = await gql(APPLY, { id, d: { type: 'PERCENTAGE', value: '100.01' } });
    expect(over.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
    const [row] = await svc.dataSource.query('SELECT amount, discount_amount, version FROM invoice WHERE id = $1', [id]);
    expect(row).toEqual({ amount: '899', discount_amount: '100', version: 2 });
  });

  it('KWD keeps three decimals: 33.333% of 10.125 is 3.375', async () => {
    const id = await insertInvoice(svc.dataSource, key.tenantId, { customerId, currency: 'KWD', lines: [{ quantity: '1', unitPrice: '10.125' }] });
    const pct = await gql(APPLY, { id, d: { type: 'PERCENTAGE', value: '33.333' } });
    expect(pct.data.applyDiscount).toMatchObject({ subtotal: '10.125', discountAmount: '3.375', amount: '6.750', balance: '6.750' });
    const amt = await gql(APPLY, { id, d: { type: 'AMOUNT', value: '1.001' } });
    expect(amt.data.applyDiscount).toMatchObject({ discountAmount: '1.001', amount: '9.124' });
  });
});
