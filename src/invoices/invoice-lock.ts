import { EntityManager } from 'typeorm';
import { invoiceNotFound } from '../common/errors';
import { InvoiceFacts } from '../lifecycle/invoice-lifecycle';
import { Invoice } from './invoice.entity';

export interface LockedInvoice {
  invoice: Invoice;
  facts: InvoiceFacts;
}

/**
 * Locks one invoice row for the rest of the transaction (SELECT ... FOR UPDATE) and reads the
 * facts the lifecycle guards need. Every single-invoice mutation starts here, so two
 * concurrent actions on one invoice run one after the other and see each other's result.
 */
export async function lockInvoice(manager: EntityManager, tenantId: string, invoiceId: string): Promise<LockedInvoice> {
  const invoice = await manager
    .getRepository(Invoice)
    .createQueryBuilder('i')
    .setLock('pessimistic_write')
    .where('i.tenant_id = :tenantId AND i.id = :invoiceId', { tenantId, invoiceId })
    .getOne();
  if (!invoice) throw invoiceNotFound(invoiceId);
  const [{ has_payments }] = await manager.query(
    'SELECT EXISTS (SELECT 1 FROM payment WHERE tenant_id = $1 AND invoice_id = $2) AS has_payments',
    [tenantId, invoiceId],
  );
  return {
    invoice,
    facts: { status: invoice.status, amountPaid: invoice.amountPaid, hasPaymentHistory: has_payments },
  };
}
