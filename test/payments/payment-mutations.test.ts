import { InvoiceStatus } from '../../src/invoices/invoice-status';
import { startTestService, TestService } from '../support/test-service';
import { codeOf, complete, fail, invoiceOf, ledgerOf, PayTenant, payTenant, record, refund } from './payment-support';

describe('payment mutations (Nymble payment endpoints)', () => {
  let svc: TestService;
  let t: PayTenant;
  beforeAll(async () => {
    svc = await startTestService();
    t = await payTenant(svc);
  });
  afterAll(() => svc.stop());

  const history = (invoiceId: string) =>
    svc.dataSource.query('SELECT action, from_status, to_status, actor_id, comment, changes FROM invoice_history WHERE tenant_id = $1 AND invoice_id = $2 ORDER BY created_at', [t.tenantId, invoiceId]);

  it('records completed offline payments: balance, amountPaid, paymentStatus, version and history follow the ledger', async () => {
    const id = await invoiceOf(svc.dataSource, t, '100.00');
    const first = await record(svc, t, id, '30.10', { method: 'CHECK', referenceNumber: 'CHK-1001', notes: 'first', receivedDate: '2025-07-10' });
    expect(first.errors).toBeUndefined();
    const p = first.data.recordPayment.payment;
    expect(p).toMatchObject({ invoiceId: id, amount: '30.10', currency: 'USD', method: 'CHECK', status: 'COMPLETED', receivedDate: '2025-07-10',
      referenceNumber: 'CHK-1001', notes: 'first', refundedAmount: '0.00', netAmount: '30.10', refunds: [] });
    expect(p.completedAt).not.toBeNull();
    expect(first.data.recordPayment.invoice).toMatchObject({ amountPaid: '30.10', balance: '69.90', paymentStatus: 'PARTIALLY_PAID', version: 2 });

    const second = await record(svc, t, id, '69.9', { method: 'WIRE' });
    expect(second.errors).toBeUndefined();
    expect(second.data.recordPayment.payment.amount).toBe('69.90');
    expect(second.data.recordPayment.payment.receivedDate).toBe(new Date().toISOString().slice(0, 10));
    expect(second.data.recordPayment.invoice).toMatchObject({ amountPaid: '100.00', balance: '0.00', paymentStatus: 'PAID', version: 3 });

    const entries = await history(id);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ action: 'RECORD_PAYMENT', from_status: 'ACTIVE', to_status: 'ACTIVE', actor_id: expect.any(String) });
    expect(entries[0].changes).toMatchObject({
      payment: { id: p.id, amount: '30.10', currency: 'USD', method: 'CHECK', status: 'COMPLETED', referenceNumber: 'CHK-1001' },
      amountPaid: { from: '0.00', to: '30.10' },
      balance: { from: '100.00', to: '69.90' },
      paymentStatus: { from: 'UNPAID', to: 'PARTIALLY_PAID' },
    });
    expect(entries[1].changes.paymentStatus).toEqual({ from: 'PARTIALLY_PAID', to: 'PAID' });
  });

  it('records a saved-card payment with its profile, brand and last four digits', async () => {
    const id = await invoiceOf(svc.dataSource, t, '50.00');
    const res = await record(svc, t, id, '50', { method: 'CARD', paymentProfileId: 'pp_123', cardBrand: 'Visa', cardLast4: '4242', currency: 'usd' });
    expect(res.errors).toBeUndefined();
    expect(res.data.recordPayment.payment).toMatchObject({ method: 'CARD', paymentProfileId: 'pp_123', cardBrand: 'Visa', cardLast4: '4242', amount: '50.00' });
    expect(res.data.recordPayment.invoice.paymentStatus).toBe('PAID');
  });

  it('completes a PENDING hosted payment: the balance moves only on completion', async () => {
    const id = await invoiceOf(svc.dataSource, t, '80.00');
    const pending = await record(svc, t, id, '80.00', { method: 'HOSTED', status: 'PENDING' });
    expect(pending.errors).toBeUndefined();
    const p = pending.data.recordPayment.payment;
    expect(p).toMatchObject({ status: 'PENDING', completedAt: null, receivedDate: null });
    expect(pending.data.recordPayment.invoice).toMatchObject({ amountPaid: '0.00', balance: '80.00', paymentStatus: 'UNPAID', version: 2 });

    const done = await complete(svc, t, id, p.id);
    expect(done.errors).toBeUndefined();
    expect(done.data.completePayment.payment).toMatchObject({ id: p.id, status: 'COMPLETED', receivedDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(done.data.completePayment.payment.completedAt).not.toBeNull();
    expect(done.data.completePayment.invoice).toMatchObject({ amountPaid: '80.00', balance: '0.00', paymentStatus: 'PAID', version: 3 });
    const entries = await history(id);
    expect(entries.map((e: any) => e.action)).toEqual(['RECORD_PAYMENT', 'COMPLETE_PAYMENT']);
    expect(entries[1].changes).toMatchObject({ payment: { id: p.id, status: { from: 'PENDING', to: 'COMPLETED' } }, balance: { from: '80.00', to: '0.00' } });
  });

  it('fails a PENDING payment with its reason; the balance does not change', async () => {
    const id = await invoiceOf(svc.dataSource, t, '80.00');
    const p = (await record(svc, t, id, '20.00', { method: 'HOSTED', status: 'PENDING' })).data.recordPayment.payment;
    const failed = await fail(svc, t, id, p.id, 'Card declined');
    expect(failed.errors).toBeUndefined();
    expect(failed.data.failPayment.payment).toMatchObject({ status: 'FAILED', failureReason: 'Card declined' });
    expect(failed.data.failPayment.payment.failedAt).not.toBeNull();
    expect(failed.data.failPayment.invoice).toMatchObject({ amountPaid: '0.00', balance: '80.00', paymentStatus: 'UNPAID', version: 3 });
    const entries = await history(id);
    expect(entries[1]).toMatchObject({ action: 'FAIL_PAYMENT', comment: 'Card declined' });
    expect(entries[1].changes.balance).toBeUndefined();
  });

  it('refunds partially, several times, then fully: net amount, refunds list and REFUNDED status', async () => {
    const id = await invoiceOf(svc.dataSource, t, '100.00');
    const p = (await record(svc, t, id, '60.00')).data.recordPayment.payment;
    const r1 = await refund(svc, t, id, p.id, '10.25', { referenceNumber: 'RF-1', reason: 'damaged' });
    expect(r1.errors).toBeUndefined();
    expect(r1.data.refundPayment.refund).toMatchObject({ paymentId: p.id, invoiceId: id, amount: '10.25', referenceNumber: 'RF-1', reason: 'damaged' });
    expect(r1.data.refundPayment.payment).toMatchObject({ refundedAmount: '10.25', netAmount: '49.75' });
    expect(r1.data.refundPayment.payment.refunds).toHaveLength(1);
    expect(r1.data.refundPayment.invoice).toMatchObject({ amountPaid: '49.75', balance: '50.25', paymentStatus: 'PARTIALLY_PAID' });

    const over = await refund(svc, t, id, p.id, '49.76');
    expect(codeOf(over)).toBe('REFUND_EXCEEDS_PAYMENT');
    expect(over.errors![0].extensions).toMatchObject({ netAmount: '49.75', path: ['input', 'amount'] });

    const r2 = await refund(svc, t, id, p.id, '49.75');
    expect(r2.errors).toBeUndefined();
    expect(r2.data.refundPayment.payment).toMatchObject({ refundedAmount: '60.00', netAmount: '0.00' });
    expect(r2.data.refundPayment.payment.refunds.map((r: any) => r.amount)).toEqual(['10.25', '49.75']);
    expect(r2.data.refundPayment.invoice).toMatchObject({ amountPaid: '0.00', balance: '100.00', paymentStatus: 'REFUNDED' });
    expect(codeOf(await refund(svc, t, id, p.id, '0.01'))).toBe('REFUND_EXCEEDS_PAYMENT');

    const entries = await history(id);
    expect(entries.map((e: any) => e.action)).toEqual(['RECORD_PAYMENT', 'REFUND_PAYMENT', 'REFUND_PAYMENT']);
    expect(entries[1]).toMatchObject({ comment: 'damaged' });
    expect(entries[1].changes).toMatchObject({ refund: { amount: '10.25' }, payment: { id: p.id, refundedAmount: { from: '0.00', to: '10.25' } } });
  });

  it('shows the invoice payments with their refunds and net amounts', async () => {
    const id = await invoiceOf(svc.dataSource, t, '100.00');
    const a = (await record(svc, t, id, '40.00')).data.recordPayment.payment;
    await record(svc, t, id, '5.00', { status: 'PENDING', method: 'HOSTED' });
    await refund(svc, t, id, a.id, '15.00');
    const res = await svc.gql(t.apiKey, `mutation($i: ID!) { recordPayment(invoiceId: $i, input: {amount: "1", method: CASH}) {
      invoice { payments { amount status netAmount refunds { amount } } } } }`, { i: id });
    expect(res.errors).toBeUndefined();
    expect(res.data.recordPayment.invoice.payments).toEqual([
      { amount: '40.00', status: 'COMPLETED', netAmount: '25.00', refunds: [{ amount: '15.00' }] },
      { amount: '5.00', status: 'PENDING', netAmount: '5.00', refunds: [] },
      { amount: '1.00', status: 'COMPLETED', netAmount: '1.00', refunds: [] },
    ]);
  });

  describe('refusals change nothing', () => {
    async function expectRefused(invoiceId: string, call: () => Promise<any>, code: string, path?: unknown[]) {
      const before = await ledgerOf(svc.dataSource, t.tenantId, invoiceId);
      const res = await call();
      expect(codeOf(res)).toBe(code);
      if (path) expect(res.errors[0].extensions.path).toEqual(path);
      expect(res.data?.recordPayment ?? null).toBeNull();
      expect(await ledgerOf(svc.dataSource, t.tenantId, invoiceId)).toEqual(before);
      return res;
    }

    it('INVALID_TRANSITION on a DRAFT, PENDING_ACTIVATION, CANCELED or VOIDED invoice', async () => {
      for (const status of [InvoiceStatus.DRAFT, InvoiceStatus.PENDING_ACTIVATION, InvoiceStatus.CANCELED, InvoiceStatus.VOIDED]) {
        const id = await invoiceOf(svc.dataSource, t, '10.00', 'USD', status);
        const res = await expectRefused(id, () => record(svc, t, id, '1.00'), 'INVALID_TRANSITION');
        expect(res.errors[0].extensions).toMatchObject({ status, action: 'RECORD_PAYMENT' });
      }
    });

    it('INVOICE_NOT_FOUND for an unknown id or another tenant\'s invoice', async () => {
      const other = await payTenant(svc, 'Other tenant');
      const theirs = await invoiceOf(svc.dataSource, other, '10.00');
      await expectRefused(theirs, () => record(svc, t, theirs, '1.00'), 'INVOICE_NOT_FOUND');
      expect(codeOf(await record(svc, t, '00000000-0000-4000-8000-000000000000', '1.00'))).toBe('INVOICE_NOT_FOUND');
      const theirPayment = (await record(svc, other, theirs, '1.00')).data.recordPayment.payment;
      await expectRefused(theirs, () => refund(svc, t, theirs, theirPayment.id, '1.00'), 'INVOICE_NOT_FOUND');
    });

    it('CURRENCY_MISMATCH when the payment currency is not the invoice\'s', async () => {
      const id = await invoiceOf(svc.dataSource, t, '10.00');
      await expectRefused(id, () => record(svc, t, id, '1.00', { currency: 'EUR' }), 'CURRENCY_MISMATCH', ['input', 'currency']);
    });

    it('VALIDATION_FAILED with the path for zero, negative and over-precise amounts, a FAILED status, a bad cardLast4', async () => {
      const id = await invoiceOf(svc.dataSource, t, '10.00');
      const jpy = await invoiceOf(svc.dataSource, t, '1000', 'JPY');
      const kwd = await invoiceOf(svc.dataSource, t, '10.000', 'KWD');
      await expectRefused(id, () => record(svc, t, id, '0'), 'VALIDATION_FAILED', ['input', 'amount']);
      await expectRefused(id, () => record(svc, t, id, '-5.00'), 'VALIDATION_FAILED', ['input', 'amount']);
      await expectRefused(id, () => record(svc, t, id, '1.001'), 'VALIDATION_FAILED', ['input', 'amount']);
      await expectRefused(jpy, () => record(svc, t, jpy, '1.5'), 'VALIDATION_FAILED', ['input', 'amount']);
      await expectRefused(kwd, () => record(svc, t, kwd, '0.0001'), 'VALIDATION_FAILED', ['input', 'amount']);
      await expectRefused(id, () => record(svc, t, id, '1.00', { status: 'FAILED' }), 'VALIDATION_FAILED', ['input', 'status']);
      // IMPORTED is the opening balance of an imported invoice, never a payment recorded later.
      await expectRefused(id, () => record(svc, t, id, '1.00', { method: 'IMPORTED' }), 'VALIDATION_FAILED', ['input', 'method']);
      await expectRefused(id, () => record(svc, t, id, '100000000000000.00'), 'BAD_USER_INPUT', ['input', 'amount']);
      const card = await expectRefused(id, () => record(svc, t, id, '1.00', { method: 'CARD', cardLast4: '42' }), 'VALIDATION_FAILED');
      expect(JSON.stringify(card.errors[0].extensions.fields)).toContain('cardLast4');
      // class-validator failures name the argument too, so the path leads to the value.
      expect(card.errors[0].extensions.path).toEqual(['input', 'cardLast4']);
      const p = (await record(svc, t, id, '5.00')).data.recordPayment.payment;
      await expectRefused(id, () => refund(svc, t, id, p.id, '0.001'), 'VALIDATION_FAILED', ['input', 'amount']);
      await expectRefused(id, () => refund(svc, t, id, p.id, '0'), 'VALIDATION_FAILED', ['input', 'amount']);
    });

    it('BAD_USER_INPUT for a float-like or non-numeric amount', async () => {
      const id = await invoiceOf(svc.dataSource, t, '10.00');
      await expectRefused(id, () => record(svc, t, id, 'ten'), 'BAD_USER_INPUT');
      await expectRefused(id, () => record(svc, t, id, '1e3'), 'BAD_USER_INPUT');
    });

    it('OVERPAYMENT when a completed payment (or a completion) exceeds the balance', async () => {
      const id = await invoiceOf(svc.dataSource, t, '10.00');
      const res = await expectRefused(id, () => record(svc, t, id, '10.01'), 'OVERPAYMENT', ['input', 'amount']);
      expect(res.errors[0].extensions).toMatchObject({ balance: '10.00', amount: '10.01' });
      const pending = (await record(svc, t, id, '10.00', { status: 'PENDING', method: 'HOSTED' })).data.recordPayment.payment;
      await record(svc, t, id, '0.01');
      await expectRefused(id, () => complete(svc, t, id, pending.id), 'OVERPAYMENT');
      expect((await record(svc, t, id, '9.99')).data.recordPayment.invoice.paymentStatus).toBe('PAID');
      await expectRefused(id, () => record(svc, t, id, '0.01'), 'OVERPAYMENT');
    });

    it('PAYMENT_NOT_PENDING when completing or failing a payment that is not PENDING', async () => {
      const id = await invoiceOf(svc.dataSource, t, '10.00');
      const done = (await record(svc, t, id, '1.00')).data.recordPayment.payment;
      await expectRefused(id, () => complete(svc, t, id, done.id), 'PAYMENT_NOT_PENDING', ['paymentId']);
      await expectRefused(id, () => fail(svc, t, id, done.id, 'x'), 'PAYMENT_NOT_PENDING');
      const pending = (await record(svc, t, id, '1.00', { status: 'PENDING', method: 'HOSTED' })).data.recordPayment.payment;
      await fail(svc, t, id, pending.id);
      await expectRefused(id, () => complete(svc, t, id, pending.id), 'PAYMENT_NOT_PENDING');
      await expectRefused(id, () => fail(svc, t, id, pending.id), 'PAYMENT_NOT_PENDING');
    });

    it('PAYMENT_NOT_REFUNDABLE for a PENDING or FAILED payment', async () => {
      const id = await invoiceOf(svc.dataSource, t, '10.00');
      const pending = (await record(svc, t, id, '1.00', { status: 'PENDING', method: 'HOSTED' })).data.recordPayment.payment;
      await expectRefused(id, () => refund(svc, t, id, pending.id, '1.00'), 'PAYMENT_NOT_REFUNDABLE');
      await fail(svc, t, id, pending.id);
      await expectRefused(id, () => refund(svc, t, id, pending.id, '1.00'), 'PAYMENT_NOT_REFUNDABLE');
    });

    it('PAYMENT_NOT_FOUND for an unknown payment or one of another invoice', async () => {
      const id = await invoiceOf(svc.dataSource, t, '10.00');
      const otherInvoice = await invoiceOf(svc.dataSource, t, '10.00');
      const p = (await record(svc, t, otherInvoice, '1.00', { status: 'PENDING', method: 'HOSTED' })).data.recordPayment.payment;
      await expectRefused(id, () => complete(svc, t, id, p.id), 'PAYMENT_NOT_FOUND', ['paymentId']);
      await expectRefused(id, () => fail(svc, t, id, p.id), 'PAYMENT_NOT_FOUND');
      await expectRefused(id, () => refund(svc, t, id, '00000000-0000-4000-8000-000000000000', '1.00'), 'PAYMENT_NOT_FOUND');
    });

    it('REFUND_EXCEEDS_PAYMENT beyond the payment (refunds never cross payments)', async () => {
      const id = await invoiceOf(svc.dataSource, t, '10.00');
      const a = (await record(svc, t, id, '3.00')).data.recordPayment.payment;
      await record(svc, t, id, '7.00');
      await expectRefused(id, () => refund(svc, t, id, a.id, '3.01'), 'REFUND_EXCEEDS_PAYMENT');
    });
  });
});
