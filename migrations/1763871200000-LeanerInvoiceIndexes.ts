import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every index on `invoice` is written again when a bulk action changes 100,000 statuses (a status
 * change is never a HOT update). `invoice_status_due_idx` repeats `invoice_visible_status_due_idx`
 * for soft-deleted rows only, which lists hide unless `isActive` is asked for: dropped.
 */
export class LeanerInvoiceIndexes1763871200000 implements MigrationInterface {
  name = 'LeanerInvoiceIndexes1763871200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS invoice_status_due_idx');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX IF NOT EXISTS invoice_status_due_idx ON invoice (tenant_id, status, due_date, id)');
  }
}
