import 'reflect-metadata';
import { getOperationAST, parse } from 'graphql';
import { DataSource } from 'typeorm';
import type { AppDeps } from '../../src/app-deps';
import { createDataSource } from '../../src/db/data-source';
import { bind, SqlParams } from '../../src/common/sql-params';
import { ReadPlanner } from '../../src/read/planner';
import type { ReadDatabase, Statement } from '../../src/read/read-database';
import { countSql, pageOf, pageSql } from '../../src/read/roots';
import { buildAppSchema } from '../../src/schema/build-schema';
import { cursorOf } from '../../src/filters/keyset';
import { ownDatabase, OwnDatabase } from '../support/own-database';

/**
 * Indexes serve the common filters: on a tenant with 20,000 invoices (ANALYZEd), the SQL the
 * planner really builds for tenant+status, tenant+customer+status (Nue's query) and
 * tenant+dueDate range plans as index scans, never a sequential scan of invoice. Reads run as
 * prepared statements (src/read/read-database.ts), for which PostgreSQL may switch to a generic
 * plan after five executions: that plan (EXPLAIN GENERIC_PLAN, no parameter values) must use the
 * indexes too, so no tenant's data can tip a cached plan into a scan. It runs on a database of its
 * own: ANALYZE and VACUUM change the statistics every file's plans come from, and other files'
 * rows would change the plans asserted here.
 */
interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

// The fields of Nue's seed query.
const NUE = 'amount amountWithoutTax balance createdDate customerId dueDate endDate invoiceDate name invoicePdf paymentStatus startDate status taxAmount';

describe('EXPLAIN of the read side on 20k invoices', () => {
  let db: OwnDatabase;
  let ds: DataSource;
  let planner: ReadPlanner;
  let tenantId: string;
  let customerId: string;

  /** The statement the planner runs for a document (captured, not run). */
  async function planned(query: string, variables: Record<string, unknown> = {}): Promise<Statement> {
    const document = parse(query);
    const statements: Statement[] = [];
    const capture = { raw: async (s: Statement) => (statements.push(s), []) } as unknown as ReadDatabase;
    const deps = { config: { pdfSigningSecret: 'explain', publicUrl: 'http://x', pdfLinkTtlSeconds: 60 } } as AppDeps;
    await planner.plan(document, getOperationAST(document)!)!.run({ tenantId, db: capture, deps }, variables);
    return statements[0];
  }

  beforeAll(async () => {
    db = await ownDatabase('explain');
    ds = createDataSource({ url: db.url, poolSize: 2 });
    await ds.initialize();
    planner = new ReadPlanner(await buildAppSchema());
    [{ id: tenantId }] = await ds.query(`INSERT INTO tenant (id, name) VALUES (gen_random_uuid(), 'Explain tenant') RETURNING id`);
    await ds.query(`INSERT INTO customer (tenant_id, id, company_name) SELECT $1, gen_random_uuid(), 'Customer ' || g FROM generate_series(1, 400) g`, [tenantId]);
    await ds.query(`
      WITH c AS (SELECT array_agg(id ORDER BY id) AS ids FROM customer WHERE tenant_id = $1)
      INSERT INTO invoice (tenant_id, id, invoice_number, customer_id, status, payment_status, invoice_date, due_date,
        currency_iso_code, subtotal, amount_without_tax, amount, balance, created_date)
      SELECT $1, gen_random_uuid(), 'EX-' || g, c.ids[1 + g % 400],
        (ARRAY['DRAFT','PENDING_ACTIVATION','ACTIVE','CANCELED','VOIDED'])[1 + g % 5], 'UNPAID',
        date '2024-01-01' + (g % 730), date '2024-01-31' + (g % 730), 'USD', 100, 100, 100, 100,
        now() - make_interval(mins => g)
      FROM generate_series(1, 20000) g, c`, [tenantId]);
    [{ id: customerId }] = await ds.query('SELECT customer_id AS id FROM invoice WHERE tenant_id = $1 LIMIT 1', [tenantId]);
    await ds.query('ANALYZE invoice');
    await ds.query('ANALYZE customer');
  }, 120_000);
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const parsePlan = (row: Record<string, unknown>) => {
    const json = typeof row['QUERY PLAN'] === 'string' ? JSON.parse(row['QUERY PLAN'] as string) : row['QUERY PLAN'];
    return nodes((json as Array<{ Plan: PlanNode }>)[0].Plan);
  };

  /** The custom plan (for these values) and the generic plan (for any values), both. */
  async function plan(query: Statement): Promise<{ custom: PlanNode[]; generic: PlanNode[] }> {
    const [custom] = await ds.query(`EXPLAIN (FORMAT JSON) ${query.text}`, query.values as unknown[]);
    const [generic] = await ds.query(`EXPLAIN (FORMAT JSON, GENERIC_PLAN) ${query.text}`);
    return { custom: parsePlan(custom), generic: parsePlan(generic) };
  }

  function expectIndexScan(plans: { custom: PlanNode[]; generic: PlanNode[] }, label: string): void {
    expectIndexScanIn(plans.custom, label);
    expectIndexScanIn(plans.generic, `${label} (generic plan)`);
  }

  function expectIndexScanIn(all: PlanNode[], label: string): void {
    const onInvoice = all.filter((n) => n['Relation Name'] === 'invoice');
    const summary = all.map((n) => `${n['Node Type']}${n['Index Name'] ? ` using ${n['Index Name']}` : ''}${n['Relation Name'] ? ` on ${n['Relation Name']}` : ''}`).join(' > ');
    console.log(`${label}: ${summary}`);
    expect({ label, seqScans: onInvoice.filter((n) => n['Node Type'] === 'Seq Scan').length }).toEqual({ label, seqScans: 0 });
    expect(all.some((n) => /Index/.test(n['Node Type']) && (n['Relation Name'] === 'invoice' || /^invoice_/.test(n['Index Name'] ?? '')))).toBe(true);
  }

  it('tenant + status (default order, default page)', async () => {
    expectIndexScan(await plan(await planned(`{ invoice(where: {status: {eq: "active"}}) { ${NUE} } }`)), 'tenant+status');
  });

  it("tenant + customer + status (Nue's seed query)", async () => {
    const nue = await planned(`query W1($c: ID!) { invoice(where: {and: [{customer: {id: {eq: $c}}}, {status: {eq: "active"}}]}) { ${NUE} } }`, { c: customerId });
    expectIndexScan(await plan(nue), 'tenant+customer+status');
    expectIndexScan(await plan(await planned(`{ invoice(where: {customerId: {eq: "${customerId}"}, status: {eq: ACTIVE}}) { ${NUE} } }`)), 'tenant+customerId+status');
  });

  it('tenant + dueDate range, ordered by dueDate', async () => {
    expectIndexScan(await plan(await planned(`{ invoice(where: {dueDate: {gte: "2024-03-01", lt: "2024-04-01"}}, orderBy: [{field: dueDate}]) { ${NUE} } }`)), 'tenant+dueDate range');
  });

  it('a frontend page: status + dueDate range by dueDate, keyset page 2 of 50, forward and backward', async () => {
    const args = { where: { status: { eq: 'active' }, dueDate: { gte: '2024-03-01', lt: '2024-09-01' } }, orderBy: [{ field: 'dueDate' }] };
    const params = new SqlParams();
    const sql = pageSql({ ...args, first: 50 }, 'i.id', params, params.add(tenantId), false);
    const page = pageOf(await ds.query(sql.text, params.values), sql, args);
    expect(page.rows).toHaveLength(50);
    const last = page.rows[49] as Record<string, string>;
    const after = cursorOf(sql.keys.map((_, n) => last[`__k${n}`]), sql.keys);
    const selection = `nodes { ${NUE} } pageInfo { hasNextPage }`;
    const where = '{status: {eq: "active"}, dueDate: {gte: "2024-03-01", lt: "2024-09-01"}}';
    expectIndexScan(await plan(await planned(`{ invoices(where: ${where}, orderBy: [{field: dueDate}], first: 50, after: "${after}") { ${selection} } }`)), 'status+dueDate keyset page');
    expectIndexScan(await plan(await planned(`{ invoices(where: ${where}, orderBy: [{field: dueDate}], last: 50, before: "${after}") { ${selection} } }`)), 'status+dueDate keyset page backward');
  });

  it('counts a status + dueDate range (totalCount of the frontend page) with an index-only scan', async () => {
    await ds.query('VACUUM (ANALYZE) invoice'); // sets the visibility map, as after any bulk load
    const params = new SqlParams();
    const text = countSql({ where: { status: { eq: 'active' }, dueDate: { gte: '2024-03-01', lt: '2024-09-01' } } }, params);
    const plans = await plan({ text, values: bind(params.values, {}, tenantId) });
    expectIndexScan(plans, 'count status+dueDate');
    expect(plans.custom.some((n) => n['Node Type'] === 'Index Only Scan')).toBe(true);
    expect(plans.generic.some((n) => n['Node Type'] === 'Index Only Scan')).toBe(true);
  });

  it('counts by tenant + customer through an index', async () => {
    const params = new SqlParams();
    const text = countSql({ where: { customerId: { eq: customerId } } }, params);
    expectIndexScan(await plan({ text, values: bind(params.values, {}, tenantId) }), 'count tenant+customer');
  });
});
