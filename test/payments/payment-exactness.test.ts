import { money } from '../../src/common/money';
import { startTestService, TestService } from '../support/test-service';
import { invoiceOf, ledgerOf, PayTenant, payTenant, record, refund } from './payment-support';

describe('exact payment arithmetic per currency minor unit', () => {
  let svc: TestService;
  let t: PayTenant;
  beforeAll(async () => {
    svc = await startTestService();
    t = await payTenant(svc, 'Exactness tenant');
  });
  afterAll(() => svc.stop());

  it.each([
    ['JPY', '1000', ['333', '333', '333', '1'], ['0', '1000']],
    ['USD', '0.30', ['0.10', '0.20'], ['0.00', '0.30']],
    ['KWD', '10.000', ['3.333', '3.333', '3.333', '0.001'], ['0.000', '10.000']],
  ])('%s: payments summing to the total leave exactly zero', async (currency, total, payments, [balance, paid]) => {
    const id = await invoiceOf(svc.dataSource, t, total, currency);
    let last: any;
    for (const amount of payments) {
      last = await record(svc, t, id, amount);
      expect(last.errors).toBeUndefined();
    }
    expect(last.data.recordPayment.invoice).toMatchObject({ balance, amountPaid: paid, paymentStatus: 'PAID' });
    expect(last.data.recordPayment.payment.currency).toBe(currency);
  });

  it('KWD refunds to the fils and JPY refunds to the yen', async () => {
    const kwd = await invoiceOf(svc.dataSource, t, '1.000', 'KWD');
    const p = (await record(svc, t, kwd, '1.000')).data.recordPayment.payment;
    const r = await refund(svc, t, kwd, p.id, '0.001');
    expect(r.data.refundPayment.invoice).toMatchObject({ amountPaid: '0.999', balance: '0.001', paymentStatus: 'PARTIALLY_PAID' });
    expect(r.data.refundPayment.payment.netAmount).toBe('0.999');
    const jpy = await invoiceOf(svc.dataSource, t, '5', 'JPY');
    const q = (await record(svc, t, jpy, '5')).data.recordPayment.payment;
    expect((await refund(svc, t, jpy, q.id, '1')).data.refundPayment.invoice).toMatchObject({ amountPaid: '4', balance: '1' });
  });

  it('no drift over 200 partial payments and refunds (checked against integer minor units)', async () => {
    const id = await invoiceOf(svc.dataSource, t, '1000.00');
    let cents = 0; // the model: integer cents
    const payments: Array<{ id: string; net: number }> = [];
    for (let i = 0; i < 200; i++) {
      const refundable = payments.filter((p) => p.net > 0);
      if (i % 3 === 2 && refundable.length) {
        const p = refundable[(i * 31) % refundable.length];
        const c = Math.min(p.net, 1 + ((i * 13) % 7));
        const res = await refund(svc, t, id, p.id, (c / 100).toFixed(2));
        expect(res.errors).toBeUndefined();
        p.net -= c;
        cents -= c;
      } else {
        const c = 1 + ((i * 37) % 11); // 0.01 .. 0.11
        const res = await record(svc, t, id, (c / 100).toFixed(2));
        expect(res.errors).toBeUndefined();
        payments.push({ id: res.data.recordPayment.payment.id, net: c });
        cents += c;
      }
    }
    const ledger = await ledgerOf(svc.dataSource, t.tenantId, id);
    expect(ledger.amount_paid).toBe((cents / 100).toFixed(2));
    expect(ledger.balance).toBe(money(100000 - cents).dividedBy(100).toFixed(2));
    expect(money(ledger.completed).minus(ledger.refunded).toFixed(2)).toBe(ledger.amount_paid);
    expect(ledger.history).toBe(200);
  });
});
