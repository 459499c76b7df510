import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read-side index: lists hide soft-deleted invoices (`AND i.is_active`), so the frontend's
 * commonest page (status + dueDate range, ordered by dueDate) and its `totalCount` are served by
 * a partial index over visible rows only. The predicate being part of the index lets COUNT(*)
 * run as an index-only scan instead of visiting the heap for `is_active`.
 */
export class ReadSideIndexes1763870600000 implements MigrationInterface {
  name = 'ReadSideIndexes1763870600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX IF NOT EXISTS invoice_visible_status_due_idx ON invoice (tenant_id, status, due_date, id) WHERE is_active');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS invoice_visible_status_due_idx');
  }
}
