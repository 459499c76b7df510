import { MigrationInterface, QueryRunner } from 'typeorm';

/** Converts every timestamptz column of the schema matching `which` to `type`, one ALTER TABLE per table. */
const alterTimestamps = (which: string, type: string) => `
  DO $$
  DECLARE t record;
  BEGIN
    FOR t IN
      SELECT table_name, string_agg(format('ALTER COLUMN %I TYPE ${type}', column_name), ', ' ORDER BY column_name) AS alters
        FROM information_schema.columns
       WHERE table_schema = current_schema() AND data_type = 'timestamp with time zone' AND ${which}
       GROUP BY table_name
    LOOP
      EXECUTE format('ALTER TABLE %I %s', t.table_name, t.alters);
    END LOOP;
  END $$;
`;

/**
 * Every timestamp is stored with millisecond precision (`timestamptz(3)`), the precision the API
 * prints (ISO 8601 with three decimals, what a JavaScript Date holds). A value read from the API
 * and sent back in a filter or a cursor is then the stored value itself: `eq` finds its row,
 * `gt` does not. Storing it at the database's depth covers every writer at once (`now()`
 * defaults, `clock_timestamp()`, values bound by the service or by tools); PostgreSQL rounds to
 * the nearest millisecond on every write.
 *
 * The columns are found in the catalogue, so every timestamptz column of the schema at this point
 * is converted; test/db/timestamp-precision.test.ts holds every later column to the same rule.
 *
 * History entries of one invoice are ordered by `created_at` (then id). Two transactions on one
 * invoice can write entries less than a millisecond apart (they take the invoice's row lock in
 * turn); rounded, those would tie and list in id order. A trigger keeps each invoice's entries
 * strictly increasing: an entry not later than the invoice's latest one gets that one + 1 ms.
 * Every history writer holds the invoice's row lock, so the latest entry cannot change under it.
 */
export class MillisecondTimestamps1764920000000 implements MigrationInterface {
  name = 'MillisecondTimestamps1764920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(alterTimestamps('datetime_precision IS DISTINCT FROM 3', 'timestamptz(3)'));
    await q.query(`
      CREATE FUNCTION invoice_history_strictly_ordered() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE latest timestamptz(3);
      BEGIN
        SELECT max(created_at) INTO latest FROM invoice_history
         WHERE tenant_id = NEW.tenant_id AND invoice_id = NEW.invoice_id;
        IF latest IS NOT NULL AND NEW.created_at <= latest THEN
          NEW.created_at := latest + interval '1 millisecond';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER invoice_history_strictly_ordered BEFORE INSERT ON invoice_history
        FOR EACH ROW EXECUTE FUNCTION invoice_history_strictly_ordered();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER IF EXISTS invoice_history_strictly_ordered ON invoice_history;
      DROP FUNCTION IF EXISTS invoice_history_strictly_ordered();
    `);
    await q.query(alterTimestamps('datetime_precision = 3', 'timestamptz'));
  }
}
