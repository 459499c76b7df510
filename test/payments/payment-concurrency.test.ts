import { money, sumMoney } from '../../src/common/money';
import { PaymentMethod } from '../../src/lifecycle/payment-enums';
import { RecordPaymentInput } from '../../src/payments/record-payment.input';
import { recordPayment } from '../../src/payments/record-payment.service';
import { startTestService, TestService } from '../support/test-service';
import { codeOf, invoiceOf, ledgerOf, PayTenant, payTenant, record } from './payment-support';

/**
 * Many simultaneous payments on one invoice: the invoice row lock (lockInvoice, FOR UPDATE)
 * serializes them, so none overpays and none is lost, within one process and across two.
 */
describe('concurrent payments on one invoice', () => {
  let a: TestService;
  let b: TestService;
  let t: PayTenant;
  beforeAll(async () => {
    // Two service instances (own HTTP server and connection pool each) on one database.
    [a, b] = await Promise.all([startTestService(), startTestService()]);
    t = await payTenant(a, 'Concurrency tenant');
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  /** A deterministic spread of cent amounts whose sum stays under the total. */
  const partials = (n: number, seed: number) => Array.from({ length: n }, (_, i) => money(((i * 7919 + seed) % 997) + 1).dividedBy(100).toFixed(2));

  async function fullBalanceRace(services: TestService[]) {
    const id = await invoiceOf(a.dataSource, t, '1234.56');
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => record(services[i % services.length], t, id, '1234.56')));
    const ok = results.filter((r) => !r.errors);
    const codes = results.filter((r) => r.errors).map(codeOf);
    expect(ok).toHaveLength(1);
    expect(codes).toEqual(Array(49).fill('OVERPAYMENT'));
    expect(await ledgerOf(a.dataSource, t.tenantId, id)).toMatchObject({
      amount_paid: '1234.56', balance: '0.00', payment_status: 'PAID', payments: 1, history: 1, completed: '1234.56', version: 2,
    });
  }

  async function partialRace(services: TestService[], seed: number) {
    const amounts = partials(100, seed);
    const total = sumMoney(amounts);
    const invoiceTotal = total.plus('100.01').toFixed(2);
    const id = await invoiceOf(a.dataSource, t, invoiceTotal);
    const results = await Promise.all(amounts.map((amt, i) => record(services[i % services.length], t, id, amt, { method: 'CASH' })));
    expect(results.filter((r) => r.errors).map((r) => r.errors)).toEqual([]);
    const ledger = await ledgerOf(a.dataSource, t.tenantId, id);
    expect(ledger).toMatchObject({ amount_paid: total.toFixed(2), balance: '100.01', payment_status: 'PARTIALLY_PAID', payments: 100, history: 100, version: 101 });
    // Every response saw a distinct version: the updates were applied one after the other.
    expect(new Set(results.map((r) => r.data.recordPayment.invoice.version)).size).toBe(100);
  }

  it('50 parallel full-balance payments: exactly one succeeds, 49 get OVERPAYMENT', () => fullBalanceRace([a]));
  it('100 parallel partial payments: the balance reflects their sum to the cent', () => partialRace([a], 1));
  it('the same 50-way race split across two service processes on one database', () => fullBalanceRace([a, b]));
  it('the same 100 partial payments split across two service processes', () => partialRace([a, b], 2));
});

/**
 * The same races with the in-process queue out of the way: each call gets its own "instance"
 * (a copy of the AppDeps, so its own queue) on one shared pool, so up to 10 transactions at a
 * time contend for the invoice row itself. Correctness rests on lockInvoice alone.
 */
describe('concurrent payments serialized by the database row lock alone', () => {
  let svc: TestService;
  let t: PayTenant;
  beforeAll(async () => {
    svc = await startTestService();
    t = await payTenant(svc, 'Row lock tenant');
  });
  afterAll(() => svc?.stop());

  const lane = () => ({ ...svc.deps });
  const principal = () => ({ tenantId: t.tenantId, apiKeyId: t.apiKeyId });
  const call = (invoiceId: string, amount: string) =>
    recordPayment(lane(), { principal: principal(), args: { invoiceId, input: Object.assign(new RecordPaymentInput(), { amount, method: PaymentMethod.EFT }) } })
      .then(() => 'ok', (e: { extensions?: { code?: string }; code?: string }) => e.extensions?.code ?? e.code ?? String(e));

  it('30 concurrent full-balance payments: one succeeds, 29 OVERPAYMENT', async () => {
    const id = await invoiceOf(svc.dataSource, t, '99.99');
    const outcomes = await Promise.all(Array.from({ length: 30 }, () => call(id, '99.99')));
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'OVERPAYMENT')).toHaveLength(29);
    expect(await ledgerOf(svc.dataSource, t.tenantId, id)).toMatchObject({ amount_paid: '99.99', balance: '0.00', payments: 1, history: 1 });
  });

  it('40 concurrent partial payments: none lost', async () => {
    const id = await invoiceOf(svc.dataSource, t, '1000.00');
    const outcomes = await Promise.all(Array.from({ length: 40 }, (_, i) => call(id, `${(i % 9) + 1}.0${i % 10}`)));
    expect(outcomes.filter((o) => o !== 'ok')).toEqual([]);
    const sum = sumMoney(Array.from({ length: 40 }, (_, i) => `${(i % 9) + 1}.0${i % 10}`));
    expect(await ledgerOf(svc.dataSource, t.tenantId, id)).toMatchObject({ amount_paid: sum.toFixed(2), payments: 40, history: 40, version: 41 });
  });
});
