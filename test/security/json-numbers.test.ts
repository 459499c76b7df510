import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { insertCustomer, insertInvoice } from '../fixtures/factories';
import { startTestService, TestService } from '../support/test-service';

/**
 * Through the API, against PostgreSQL: amounts sent as JSON numbers in the variables
 * (`{"amount": 10.07}`) are the decimals they are written as, stored digit for digit and found
 * by a filter given the same number; too many decimals or digits are refused, saying which.
 */
const RUNS = Number(process.env.DECIMAL_HTTP_RUNS || 120);

describe('JSON numbers in variables', () => {
  let svc: TestService;
  let key: string;
  let invoiceId: string;

  beforeAll(async () => {
    svc = await startTestService();
    const t = await svc.newTenant('JSON numbers');
    key = t.apiKey;
    invoiceId = await insertInvoice(svc.dataSource, t.tenantId, { customerId: await insertCustomer(svc.dataSource, t.tenantId), currency: 'KWD', lines: [{ quantity: '1', unitPrice: '10.000' }] });
  });
  afterAll(() => svc?.stop());

  const UPDATE = 'mutation($id: ID!, $v: Decimal!) { updateInvoice(id: $id, input: {shippingAndHandling: $v}) { shippingAndHandling } }';
  const FIND = 'query($id: ID!, $v: DecimalValue!) { invoice(where: {id: {eq: $id}, shippingAndHandling: {eq: $v}}) { id } }';

  it('stores two- and three-decimal numbers as written and filters by them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 10 ** 8 }), fc.constantFrom(2, 3), async (units, decimals) => {
        const written = new Decimal(units).div(10 ** decimals);
        const v = written.toNumber(); // JSON.stringify writes String(v): exactly `written`
        expect(JSON.stringify(v)).toBe(written.toFixed());
        const res = await svc.gql(key, UPDATE, { id: invoiceId, v });
        expect(res.errors).toBeUndefined();
        expect(res.data.updateInvoice.shippingAndHandling).toBe(written.toFixed(3));
        const found = await svc.gql(key, FIND, { id: invoiceId, v });
        expect(found.data.invoice).toEqual([{ id: invoiceId }]);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses too many decimals or digits with a message that says so, and the path', async () => {
    const cases: Array<[number, RegExp]> = [[0.12345678901, /11 decimals; at most 10/], [12345678901234, /14 integer digits; at most 13/], [1e21, /22 integer digits/]];
    for (const [v, message] of cases) {
      const res = await svc.gql(key, UPDATE, { id: invoiceId, v });
      expect(res.errors?.[0]).toMatchObject({ message: expect.stringMatching(message), extensions: { code: 'BAD_USER_INPUT', path: ['v'] } });
    }
    // Within the Decimal limits but beyond KWD's three decimals: the currency rule, by its path.
    const kwd = await svc.gql(key, UPDATE, { id: invoiceId, v: 1.2345 });
    expect(kwd.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
  });
});
