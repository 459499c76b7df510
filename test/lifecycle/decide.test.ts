import { decide, InvoiceAction, targetOf } from '../../src/lifecycle/invoice-lifecycle';
import { InvoiceStatus } from '../../src/invoices/invoice-status';
import { ACTIONS, expected, FACTS, STATUSES } from './expected-transitions';

/**
 * The lifecycle's decision, as a pure function of the invoice's facts: no database, no HTTP.
 * Every status x every action x the ledger facts the guards read, against the rules written
 * out in expected-transitions.ts.
 */
const factsOf = (status: InvoiceStatus, facts: (typeof FACTS)[number]) => ({
  status,
  amountPaid: facts === 'paid' ? '10.00' : facts === 'failedPaymentOnly' ? '0' : '0.00',
  hasPaymentHistory: facts === 'paid' || facts === 'failedPaymentOnly' || facts === 'pendingPayment',
  hasPendingPayments: facts === 'pendingPayment',
  importedTotal: facts === 'importedTotal',
});

describe('decide()', () => {
  it.each(STATUSES.flatMap((status) => FACTS.flatMap((facts) => ACTIONS.map((action) => [status, facts, action] as const))))(
    '%s, %s: %s',
    (status, facts, action) => {
      const want = expected(status, action, facts);
      const got = decide(factsOf(status, facts), action as InvoiceAction);
      if ('code' in want) {
        expect(got).toMatchObject({ allowed: false, code: want.code });
        expect((got as { message: string }).message).toBeTruthy();
      } else {
        expect(got.allowed).toBe(true);
        const to = got.allowed ? targetOf(got.rule) : undefined;
        expect(to === 'SAME' ? status : to).toBe(want.to);
      }
    },
  );

  it('allows the payment actions that move money on ACTIVE invoices only, whatever the ledger holds', () => {
    for (const action of [InvoiceAction.RECORD_PAYMENT, InvoiceAction.COMPLETE_PAYMENT, InvoiceAction.REFUND_PAYMENT]) {
      for (const status of STATUSES) {
        for (const facts of FACTS) {
          expect([action, status, facts, decide(factsOf(status, facts), action).allowed]).toEqual([action, status, facts, status === InvoiceStatus.ACTIVE]);
        }
      }
    }
  });

  it('allows failing a payment in every status (it moves no money, so a pending payment is never stranded)', () => {
    for (const status of STATUSES) {
      for (const facts of FACTS) expect([status, facts, decide(factsOf(status, facts), InvoiceAction.FAIL_PAYMENT).allowed]).toEqual([status, facts, true]);
    }
  });

  it('names the statuses an action is allowed from when it refuses it', () => {
    expect(decide(factsOf(InvoiceStatus.CANCELED, 'clean'), InvoiceAction.VOID)).toEqual({
      allowed: false, code: 'INVALID_TRANSITION', message: 'Cannot void an invoice in status CANCELED (allowed from DRAFT, ACTIVE).',
    });
  });

  it('schedules an activation into PENDING_ACTIVATION when asked', () => {
    const d = decide(factsOf(InvoiceStatus.DRAFT, 'clean'), InvoiceAction.ACTIVATE);
    expect(d.allowed && targetOf(d.rule, true)).toBe(InvoiceStatus.PENDING_ACTIVATION);
  });
});
