import { ACTION_PHRASES, decide, GUARDS, InvoiceAction, InvoiceFacts } from '../../src/lifecycle/invoice-lifecycle';
import { InvoiceStatus } from '../../src/invoices/invoice-status';

/**
 * Every refusal the lifecycle table generates reads as a sentence: a capital first, a full stop
 * last, the action in words ("record a payment on"), never its enum spelling.
 */
const SENTENCE = /^[A-Z][^\n]*[a-z0-9)]\.$/;
const BOOLEAN_FACTS = ['hasPaymentHistory', 'hasPendingPayments', 'importedTotal'] as const;

function allFacts(): InvoiceFacts[] {
  const out: InvoiceFacts[] = [];
  for (const status of Object.values(InvoiceStatus)) {
    for (const amountPaid of ['0.00', '10.00']) {
      for (let bits = 0; bits < 2 ** BOOLEAN_FACTS.length; bits++) {
        const flags = Object.fromEntries(BOOLEAN_FACTS.map((f, i) => [f, (bits & (1 << i)) !== 0]));
        out.push({ status, amountPaid, ...flags } as unknown as InvoiceFacts);
      }
    }
  }
  return out;
}

describe('lifecycle refusal messages', () => {
  it('every generated message is a sentence naming the action in words', () => {
    const messages = new Set<string>();
    for (const facts of allFacts()) {
      for (const action of Object.values(InvoiceAction)) {
        const d = decide(facts, action);
        if (!d.allowed) messages.add(d.message);
      }
    }
    expect(messages.size).toBeGreaterThan(20);
    for (const message of messages) {
      expect([message, SENTENCE.test(message)]).toEqual([message, true]);
      expect(message).not.toMatch(/\b(?:record|complete|fail|refund) payment an\b|\b(?:apply|remove) discount an\b|\badd comment an\b/);
    }
    for (const guard of Object.values(GUARDS)) expect([guard.name, SENTENCE.test(guard.message)]).toEqual([guard.name, true]);
  });

  it('names each action in words', () => {
    const canceled = { status: InvoiceStatus.CANCELED, amountPaid: '0.00', hasPaymentHistory: false, hasPendingPayments: false, importedTotal: false };
    expect(decide(canceled, InvoiceAction.RECORD_PAYMENT)).toMatchObject({ code: 'INVALID_TRANSITION', message: 'Cannot record a payment on an invoice in status CANCELED (allowed from ACTIVE).' });
    expect(decide(canceled, InvoiceAction.APPLY_DISCOUNT)).toMatchObject({ message: 'Cannot apply a discount to an invoice in status CANCELED (allowed from DRAFT, ACTIVE).' });
    expect(decide(canceled, InvoiceAction.UPDATE)).toMatchObject({ message: 'Cannot update an invoice in status CANCELED (allowed from DRAFT, PENDING_ACTIVATION, ACTIVE).' });
    expect(Object.keys(ACTION_PHRASES).sort()).toEqual(Object.values(InvoiceAction).sort());
    for (const phrase of Object.values(ACTION_PHRASES)) expect(phrase).toMatch(/^[a-z]+( [a-z]+)*$/);
  });
});
