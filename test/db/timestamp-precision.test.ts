import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createTenant } from '../../src/tenancy/api-key.service';
import { createDataSource } from '../../src/db/data-source';
import { insertCustomer, insertInvoice } from '../fixtures/factories';

/**
 * The API prints timestamps with milliseconds (what a JavaScript Date holds), so every timestamp
 * the schema stores has exactly that precision: a value read from the API is the stored value
 * (migrations/1764920000000-MillisecondTimestamps.ts). A new column declared as a plain
 * `timestamptz` (microseconds) or `timestamp` (no zone) fails here.
 */
describe('every timestamp column of the schema keeps milliseconds', () => {
  let pool: Pool;
  beforeAll(() => {
    pool = new Pool({ connectionString: process.env.TEST_DATABASE_URL, max: 2 });
  });
  afterAll(() => pool.end());

  it('is timestamptz(3), in every table', async () => {
    const { rows } = await pool.query(
      `SELECT table_name, column_name, data_type, datetime_precision
         FROM information_schema.columns
        WHERE table_schema = current_schema() AND (data_type LIKE 'timestamp%' OR data_type LIKE 'time %')
        ORDER BY table_name, column_name`,
    );
    // The tables the issue names, at least: the catalogue query itself must not be vacuous.
    const tables = new Set(rows.map((r) => r.table_name));
    for (const t of ['invoice', 'payment', 'refund', 'invoice_comment', 'invoice_history', 'customer', 'contact', 'tenant', 'api_key', 'idempotency_key']) {
      expect(tables).toContain(t);
    }
    expect(rows.length).toBeGreaterThanOrEqual(19);
    const wrong = rows.filter((r) => r.data_type !== 'timestamp with time zone' || r.datetime_precision !== 3);
    expect(wrong).toEqual([]);
  });

  it('rounds what writers store (defaults, now(), bound values) to the millisecond', async () => {
    const { rows } = await pool.query(
      `SELECT ('2025-03-04T05:06:07.123456Z'::timestamptz)::timestamptz(3) AS bound`,
    );
    expect(rows[0].bound.toISOString()).toBe('2025-03-04T05:06:07.123Z');
    const ds = createDataSource({ url: process.env.TEST_DATABASE_URL!, poolSize: 1 });
    await ds.initialize();
    try {
      const t = await createTenant(ds, 'Timestamp precision');
      const customerId = await insertCustomer(ds, t.tenantId);
      const invoiceId = await insertInvoice(ds, t.tenantId, { customerId });
      await ds.query(
        `UPDATE invoice SET last_modified_date = '2025-03-04T05:06:07.123789Z', activated_time = clock_timestamp() WHERE tenant_id = $1 AND id = $2`,
        [t.tenantId, invoiceId],
      );
      const [stored] = await ds.query(
        `SELECT to_char(last_modified_date AT TIME ZONE 'UTC', 'HH24:MI:SS.US') AS modified,
                extract(microseconds FROM activated_time)::bigint % 1000 AS activated_micros,
                extract(microseconds FROM created_date)::bigint % 1000 AS created_micros
           FROM invoice WHERE tenant_id = $1 AND id = $2`,
        [t.tenantId, invoiceId],
      );
      expect(stored).toEqual({ modified: '05:06:07.124000', activated_micros: '0', created_micros: '0' });
    } finally {
      await ds.destroy();
    }
  });

  it('keeps the history of one invoice strictly ordered even when entries fall in one millisecond', async () => {
    const ds = createDataSource({ url: process.env.TEST_DATABASE_URL!, poolSize: 1 });
    await ds.initialize();
    try {
      const t = await createTenant(ds, 'History order');
      const customerId = await insertCustomer(ds, t.tenantId);
      const invoiceId = await insertInvoice(ds, t.tenantId, { customerId });
      const at = '2025-03-04T05:06:07.123Z';
      // Five entries, all stamped with the same instant, in one statement and in separate ones.
      await ds.query(
        `INSERT INTO invoice_history (tenant_id, id, invoice_id, action, created_at)
         SELECT $1, gen_random_uuid(), $2, 'E' || n, $3::timestamptz FROM generate_series(1, 3) n ORDER BY n`,
        [t.tenantId, invoiceId, at],
      );
      for (const n of [4, 5]) {
        await ds.query(`INSERT INTO invoice_history (tenant_id, id, invoice_id, action, created_at) VALUES ($1, $2, $3, $4, $5)`,
          [t.tenantId, randomUUID(), invoiceId, `E${n}`, at]);
      }
      const rows: Array<{ action: string; created_at: Date }> = await ds.query(
        'SELECT action, created_at FROM invoice_history WHERE tenant_id = $1 AND invoice_id = $2 ORDER BY created_at, id', [t.tenantId, invoiceId]);
      expect(rows.map((r) => r.action)).toEqual(['E1', 'E2', 'E3', 'E4', 'E5']);
      expect(rows.map((r) => r.created_at.toISOString())).toEqual([
        '2025-03-04T05:06:07.123Z', '2025-03-04T05:06:07.124Z', '2025-03-04T05:06:07.125Z', '2025-03-04T05:06:07.126Z', '2025-03-04T05:06:07.127Z',
      ]);
      // Another invoice's entries are not pushed by these.
      const other = await insertInvoice(ds, t.tenantId, { customerId });
      await ds.query(`INSERT INTO invoice_history (tenant_id, id, invoice_id, action, created_at) VALUES ($1, $2, $3, 'X', $4)`, [t.tenantId, randomUUID(), other, at]);
      const [x] = await ds.query('SELECT created_at FROM invoice_history WHERE tenant_id = $1 AND invoice_id = $2', [t.tenantId, other]);
      expect(x.created_at.toISOString()).toBe(at);
    } finally {
      await ds.destroy();
    }
  });
});
