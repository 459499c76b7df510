import { InvoiceStatus } from '../../src/invoices/invoice-status';

/**
 * The lifecycle's rules written out from the rules (not computed from the table), so a
 * wrong table row fails the tests that use them: test/lifecycle/decide.test.ts (the pure
 * decision) and transition-table.test.ts (through GraphQL).
 */
export type Facts = 'clean' | 'paid' | 'failedPaymentOnly' | 'pendingPayment' | 'importedTotal';
export const STATUSES = Object.values(InvoiceStatus);
export const FACTS: Facts[] = ['clean', 'paid', 'failedPaymentOnly', 'pendingPayment', 'importedTotal'];
export const ACTIONS = ['ACTIVATE', 'CANCEL', 'VOID', 'DELETE', 'UPDATE', 'APPLY_DISCOUNT', 'REMOVE_DISCOUNT', 'ADD_COMMENT', 'SOFT_DELETE'] as const;
export type Action = (typeof ACTIONS)[number];

const { DRAFT, PENDING_ACTIVATION: PENDING, ACTIVE, CANCELED, VOIDED } = InvoiceStatus;

/** Expected outcome: the next status, 'DELETED', or an error code. */
export function expected(status: InvoiceStatus, action: Action, facts: Facts): { to: InvoiceStatus | 'DELETED' } | { code: string } {
  const paid = facts === 'paid';
  const pending = facts === 'pendingPayment';
  const history = facts === 'paid' || facts === 'failedPaymentOnly' || pending;
  const bad = { code: 'INVALID_TRANSITION' };
  const hasPayments = { code: 'INVOICE_HAS_PAYMENTS' };
  const hasPending = { code: 'INVOICE_HAS_PENDING_PAYMENTS' };
  switch (action) {
    case 'ACTIVATE':
      return status === DRAFT || status === PENDING ? { to: ACTIVE } : bad;
    case 'CANCEL':
      if (![DRAFT, PENDING, ACTIVE].includes(status)) return bad;
      return paid ? hasPayments : pending ? hasPending : { to: CANCELED };
    case 'VOID':
      if (![DRAFT, ACTIVE].includes(status)) return bad;
      return paid ? hasPayments : pending ? hasPending : { to: VOIDED };
    case 'DELETE':
      if (![DRAFT, CANCELED, VOIDED].includes(status)) return bad;
      return history ? hasPayments : { to: 'DELETED' };
    case 'UPDATE':
      return [DRAFT, PENDING, ACTIVE].includes(status) ? { to: status } : bad;
    case 'APPLY_DISCOUNT':
    case 'REMOVE_DISCOUNT':
      if (![DRAFT, ACTIVE].includes(status)) return bad;
      return paid ? hasPayments : facts === 'importedTotal' ? { code: 'INVOICE_TOTAL_IMPORTED' } : { to: status };
    case 'ADD_COMMENT':
      return { to: status };
    case 'SOFT_DELETE':
      // The import's isActive: false: DELETE's statuses, CANCEL's guards (the row and its ledger stay).
      if (![DRAFT, CANCELED, VOIDED].includes(status)) return bad;
      return paid ? hasPayments : pending ? hasPending : { to: status };
  }
}
