import { Client } from 'pg';
import { startTestService, TestService } from '../support/test-service';
import { invoiceOf, PayTenant, payTenant, record, refund } from './payment-support';

describe('Invoice.payments and Payment.refunds are batched per request', () => {
  let svc: TestService;
  let t: PayTenant;
  beforeAll(async () => {
    svc = await startTestService();
    t = await payTenant(svc, 'Payments field tenant');
  });
  afterAll(() => svc.stop());

  it('loads the payments and refunds of a page of invoices with the page, and through customers in one query each', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const id = await invoiceOf(svc.dataSource, t, '100.00');
      ids.push(id);
      for (let j = 0; j <= i; j++) {
        const p = (await record(svc, t, id, `${j + 1}.00`)).data.recordPayment.payment;
        if (j % 2 === 0) await refund(svc, t, id, p.id, '0.50');
      }
    }
    const spy = jest.spyOn(Client.prototype, 'query');
    try {
      const res = await svc.gql(t.apiKey, `{ invoice(limit: 50) { id payments { amount netAmount refunds { amount } } } }`);
      expect(res.errors).toBeUndefined();
      const byId = new Map<string, any>(res.data.invoice.map((inv: any) => [inv.id, inv]));
      for (const [i, id] of ids.entries()) {
        const payments = byId.get(id).payments;
        expect(payments.map((p: any) => p.amount)).toEqual(Array.from({ length: i + 1 }, (_, j) => `${j + 1}.00`));
        expect(payments.map((p: any) => p.refunds.length)).toEqual(Array.from({ length: i + 1 }, (_, j) => (j % 2 === 0 ? 1 : 0)));
        expect(payments[0].netAmount).toBe('0.50');
      }
      // The root statement carries payments and refunds as JSON built by PostgreSQL: no statement of their own.
      expect(spy.mock.calls).toHaveLength(1);
      // Through Customer.invoices too (a list relation of the same statement).
      spy.mockClear();
      const via = await svc.gql(t.apiKey, `{ customers(limit: 10) { invoices(limit: 10) { id payments { amount netAmount refunds { amount } } } } }`);
      expect(via.errors).toBeUndefined();
      const viaCustomers = new Map<string, any>(via.data.customers.flatMap((c: any) => c.invoices).map((inv: any) => [inv.id, inv]));
      for (const id of ids) expect(viaCustomers.get(id)).toEqual(byId.get(id));
      expect(spy.mock.calls).toHaveLength(1);
    } finally {
      spy.mockRestore();
    }
  });

  it("never shows another tenant's payments", async () => {
    const other = await payTenant(svc, 'Other payments field tenant');
    const theirs = await invoiceOf(svc.dataSource, other, '10.00');
    await record(svc, other, theirs, '1.00');
    const res = await svc.gql(t.apiKey, `{ invoiceById(id: "${theirs}") { id payments { id } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.invoiceById).toBeNull();
  });
});
