import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { deleteExpiredIdempotencyKeys } from '../../src/idempotency/idempotency-cleanup.job';
import { runScheduledActivation } from '../../src/invoices/commands/scheduled-activation.job';
import { startTestService, TestService } from '../support/test-service';
import {
  CROSS_TENANT_ALLOWED, describeOffenders, distributedTables, loadSqlParser, offendingStatements, StatementChecker,
} from '../support/tenant-statements';

/**
 * The statement check of the suite (test/support/statement-capture.ts, run after every test
 * file on what the service sent during it) rests on StatementChecker: proven here on statements
 * that must pass and must fail, and on the allow-list, whose every entry must exist and be needed.
 */
describe('every statement the service sends is bound to one tenant (Citus routing)', () => {
  let checker: StatementChecker;
  let distributed: Set<string>;
  beforeAll(async () => {
    await loadSqlParser();
    const client = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await client.connect();
    try {
      distributed = await distributedTables({ query: async (sql: string) => (await client.query(sql)).rows });
    } finally {
      await client.end();
    }
    checker = new StatementChecker(distributed);
  });

  it('knows the distributed tables from the catalog', () => {
    expect([...distributed]).toEqual(expect.arrayContaining(['invoice', 'invoice_line_item', 'payment', 'refund', 'customer', 'idempotency_key']));
    expect(distributed.has('tenant')).toBe(false);
    expect(distributed.has('api_key')).toBe(false);
  });

  it.each([
    ['a tenant predicate', 'SELECT id FROM invoice i WHERE i.tenant_id = $1 AND i.id = ANY($2::uuid[])'],
    ['an unqualified predicate on the only table', 'UPDATE invoice SET notes = $3 WHERE tenant_id = $1 AND id = $2'],
    ['a join through tenant_id', 'SELECT * FROM invoice i JOIN customer c ON c.tenant_id = i.tenant_id AND c.id = i.customer_id WHERE i.tenant_id = $1'],
    ['a correlated subquery through the outer tenant_id',
      'SELECT i.id, (SELECT json_agg(l) FROM invoice_line_item l WHERE l.tenant_id = i.tenant_id AND l.invoice_id = i.id) FROM invoice i WHERE i.tenant_id = $1'],
    ['an insert with a tenant parameter', 'INSERT INTO invoice_history (tenant_id, id, invoice_id, action) VALUES ($1, $2, $3, $4), ($1, $5, $6, $4)'],
    ['data-modifying CTEs copying a CTE\'s tenant_id',
      `WITH s AS (SELECT i.id FROM invoice i WHERE i.tenant_id = $1 FOR UPDATE),
            upd AS (UPDATE invoice i SET version = i.version + 1 FROM s WHERE i.tenant_id = $1 AND i.id = s.id RETURNING i.tenant_id, i.id)
       INSERT INTO invoice_history (tenant_id, id, invoice_id, action) SELECT u.tenant_id, gen_random_uuid(), u.id, 'X' FROM upd u`],
    ['a union under one WITH', "WITH s AS (SELECT id FROM invoice WHERE tenant_id = $1) SELECT id FROM s UNION ALL SELECT p.id FROM payment p WHERE p.tenant_id = $1"],
    ['a reference table looked up by key hash', 'SELECT tenant_id, id FROM api_key WHERE key_hash = $1 AND revoked_at IS NULL'],
    ['catalogs and settings', "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND set_config('x.y', $1, true) IS NOT NULL"],
    ['transaction control', 'SAVEPOINT create_invoices'],
  ])('passes %s', (_name, sql) => {
    expect(checker.check(sql)).toEqual([]);
  });

  it.each([
    ['no predicate', 'SELECT id FROM invoice WHERE id = $1', /invoice has no tenant_id predicate/],
    ['a join that drops the tenant', 'SELECT * FROM invoice i JOIN customer c ON c.id = i.customer_id WHERE i.tenant_id = $1', /customer \(c\) has no tenant_id/],
    ['a subquery that drops the tenant', 'SELECT i.id, (SELECT count(*) FROM payment p WHERE p.invoice_id = i.id) FROM invoice i WHERE i.tenant_id = $1', /payment \(p\)/],
    ['a set of tenants', 'SELECT id FROM invoice WHERE tenant_id = ANY($1::uuid[])', /invoice has no tenant_id predicate/],
    ['an OR that lets other tenants in', 'SELECT id FROM invoice WHERE tenant_id = $1 OR status = $2', /invoice has no tenant_id predicate/],
    ['an insert without tenant_id', 'INSERT INTO invoice_comment (id, invoice_id, comment) VALUES ($1, $2, $3)', /names no tenant_id column/],
    ['an insert copying another table\'s rows of every tenant',
      "INSERT INTO invoice_history (tenant_id, id, invoice_id, action) SELECT i.tenant_id, gen_random_uuid(), i.id, 'X' FROM invoice i WHERE i.status = $1",
      /invoice \(i\) has no tenant_id/],
    ['an update of every tenant', "UPDATE invoice SET status = 'ACTIVE' WHERE activate_on <= $1", /UPDATE invoice: invoice has no tenant_id/],
    ['a truncate', 'TRUNCATE invoice_comment', /TruncateStmt on invoice_comment/],
  ])('refuses %s', (_name, sql, problem) => {
    const problems = checker.check(sql);
    expect(problems.join('; ')).toMatch(problem);
  });

  it('names an offending statement clearly: the problem, the SQL and where the service sent it from', () => {
    const offenders = offendingStatements([
      { sql: 'SELECT id FROM invoice WHERE tenant_id = $1', origins: ['src/invoices/invoice-query.service.ts'] },
      { sql: 'SELECT   id\n  FROM payment WHERE invoice_id = $1', origins: ['src/payments/payment.loaders.ts', 'src/http/server.ts'] },
    ], distributed);
    expect(offenders).toHaveLength(1);
    const text = describeOffenders(offenders);
    expect(text).toContain('payment has no tenant_id predicate');
    expect(text).toContain('sql:  SELECT id FROM payment WHERE invoice_id = $1');
    expect(text).toContain('from: src/payments/payment.loaders.ts <- src/http/server.ts');
    expect(text).toContain('CROSS_TENANT_ALLOWED');
  });

  describe('the allow-list', () => {
    let svc: TestService;
    beforeAll(async () => {
      svc = await startTestService();
    });
    afterAll(() => svc.stop());

    it('names files that exist, each with its reason', () => {
      const root = path.resolve(__dirname, '..', '..');
      for (const entry of CROSS_TENANT_ALLOWED) {
        expect([entry.origin, fs.existsSync(path.join(root, entry.origin))]).toEqual([entry.origin, true]);
        expect(entry.why.length).toBeGreaterThan(40);
      }
    });

    /** The SQL a job sends, without letting it touch other files' rows (the cleanup spans every tenant). */
    async function sqlOf(run: (ds: DataSource) => Promise<unknown>): Promise<string[]> {
      const sent: string[] = [];
      const fake = {
        query: async (sql: string) => { sent.push(sql); return [[], 0]; },
        transaction: async (work: (m: unknown) => Promise<unknown>) => work({ query: async (sql: string) => { sent.push(sql); return [{ n: '0' }]; } }),
      };
      await run(fake as unknown as DataSource);
      return sent;
    }

    it('is needed: the scheduler and the key cleanup do span tenants, and their files are listed', async () => {
      const jobs: Array<[string, (ds: DataSource) => Promise<unknown>]> = [
        ['src/invoices/commands/scheduled-activation.job.ts', (ds) => runScheduledActivation(ds)],
        ['src/idempotency/idempotency-cleanup.job.ts', (ds) => deleteExpiredIdempotencyKeys(ds)],
      ];
      for (const [origin, run] of jobs) {
        const spanning = (await sqlOf(run)).filter((sql) => checker.check(sql).length > 0);
        expect([origin, spanning.length > 0]).toEqual([origin, true]);
        expect(offendingStatements(spanning.map((sql) => ({ sql, origins: [origin] })), distributed)).toEqual([]);
        expect(offendingStatements(spanning.map((sql) => ({ sql, origins: ['src/somewhere-else.ts'] })), distributed)).toHaveLength(spanning.length);
      }
      // The real scheduler, on this file's own tenant only (its statement is the cross-tenant one, narrowed by a parameter).
      const t = await svc.newTenant('Scheduler statements');
      await expect(runScheduledActivation(svc.dataSource, { tenantId: t.tenantId })).resolves.toBe(0);
    });
  });
});
