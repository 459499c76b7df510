import { EntityManager } from 'typeorm';
import { writeHistory } from '../invoices/invoice-history.writer';
import { InvoiceAction } from '../lifecycle/invoice-lifecycle';
import { LedgerChange, ledgerChanges } from './payment-ledger';

/** One history entry per payment event: the event's details plus the ledger figures it moved. */
export async function writePaymentHistory(
  manager: EntityManager,
  change: LedgerChange,
  action: InvoiceAction,
  actorId: string | null,
  details: Record<string, unknown>,
  comment?: string | null,
): Promise<void> {
  const { invoice } = change;
  await writeHistory(manager, {
    tenantId: invoice.tenantId,
    invoiceId: invoice.id,
    action,
    fromStatus: invoice.status,
    toStatus: invoice.status,
    actorId,
    comment: comment ?? null,
    changes: { ...details, ...ledgerChanges(change) },
  });
}
