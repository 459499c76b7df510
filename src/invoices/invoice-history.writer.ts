import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { InvoiceStatus } from './invoice-status';

export interface HistoryEntry {
  tenantId: string;
  invoiceId: string;
  action: string;
  fromStatus?: InvoiceStatus | null;
  toStatus?: InvoiceStatus | null;
  actorId?: string | null;
  comment?: string | null;
  changes?: Record<string, unknown> | null;
}

/** Appends one audit entry, in the caller's transaction so it commits or rolls back with the change. */
export async function writeHistory(manager: EntityManager, entry: HistoryEntry): Promise<void> {
  await manager.query(
    `INSERT INTO invoice_history (tenant_id, id, invoice_id, action, from_status, to_status, actor_id, comment, changes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      entry.tenantId,
      randomUUID(),
      entry.invoiceId,
      entry.action,
      entry.fromStatus ?? null,
      entry.toStatus ?? null,
      entry.actorId ?? null,
      entry.comment ?? null,
      entry.changes ? JSON.stringify(entry.changes) : null,
    ],
  );
}
