import { EntityManager } from 'typeorm';
import { invoiceNotFound } from '../common/errors';
import { factsSql, InvoiceFacts } from '../lifecycle/invoice-lifecycle';
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
  const [facts]: InvoiceFacts[] = await manager.query(`SELECT ${factsSql('i')} FROM invoice i WHERE i.tenant_id = $1 AND i.id = $2`, [tenantId, invoiceId]);
  return { invoice, facts };
}
