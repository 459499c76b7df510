import { AppError } from '../../common/errors';
import { decide, InvoiceAction, InvoiceFacts } from '../../lifecycle/invoice-lifecycle';

/**
 * Asks the lifecycle table whether `action` may run and throws its refusal as an AppError
 * (INVALID_TRANSITION carries the current status and the action).
 */
export function assertAllowed(facts: InvoiceFacts, action: InvoiceAction, invoiceId: string) {
  const d = decide(facts, action);
  if (!d.allowed) throw new AppError(d.code, d.message, { invoiceId, status: facts.status, action });
  return d.rule;
}
