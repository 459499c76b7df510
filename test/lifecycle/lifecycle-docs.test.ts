import { lifecycleMarkdown, transitionTableMarkdown } from '../../src/lifecycle/lifecycle-docs';
import { TRANSITIONS } from '../../src/lifecycle/invoice-lifecycle';

describe('lifecycle docs are generated from the table', () => {
  it('has one row per transition rule and the state diagram', () => {
    expect(transitionTableMarkdown().split('\n')).toHaveLength(TRANSITIONS.length + 2);
    const md = lifecycleMarkdown();
    expect(md).toContain('DRAFT --> PENDING_ACTIVATION: ACTIVATE (activateOn in the future)');
    expect(md).toContain('| CANCEL | ACTIVE | CANCELED | noNetPayments (INVOICE_HAS_PAYMENTS), noPendingPayments (INVOICE_HAS_PENDING_PAYMENTS) |');
    expect(md).toContain('dueDate, billToContactId, poNumber, notes, customFields');
  });
});
