import 'reflect-metadata';
import { getNamedType, getOperationAST, GraphQLObjectType, GraphQLSchema, isObjectType, parse } from 'graphql';
import type { AppDeps } from '../../src/app-deps';
import { loadConfig } from '../../src/config';
import { ReadPlanner } from '../../src/read/planner';
import type { RawRow, ReadDatabase, Statement } from '../../src/read/read-database';
import { buildAppSchema } from '../../src/schema/build-schema';

/**
 * The planner's SQL for given documents, exactly, and the answers it writes from given rows:
 * no HTTP and no database (a stand-in records the statements and hands back rows).
 */
const TENANT = '00000000-0000-4000-8000-00000000000a';
const ID = '00000000-0000-4000-8000-000000000001';
const TS = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

let schema: GraphQLSchema;
let planner: ReadPlanner;
beforeAll(async () => {
  schema = await buildAppSchema();
  planner = new ReadPlanner(schema);
});

async function run(query: string, variables: Record<string, unknown> = {}, rows: RawRow[][] = []) {
  const statements: Statement[] = [];
  const db = { raw: async (s: Statement) => (statements.push(s), rows[statements.length - 1] ?? []) } as unknown as ReadDatabase;
  const deps = { config: loadConfig({ pdfSigningSecret: 'unit', publicUrl: 'http://billing.test', pdfLinkTtlSeconds: 3600 }) } as AppDeps;
  const document = parse(query);
  const plan = planner.plan(document, getOperationAST(document)!);
  const answer = plan && (await plan.run({ tenantId: TENANT, db, deps }, variables));
  return { plan, answer, statements, sql: statements.map((s) => s.text) };
}

const W1 = `query W1($customerId: ID!) { invoice(where: {and: [{customer: {id: {eq: $customerId}}}, {status: {eq: "active"}}]}) {
  amount amountWithoutTax balance createdDate customerId dueDate endDate invoiceDate name invoicePdf paymentStatus startDate status taxAmount } }`;

describe('the planner', () => {
  it("plans Nue's seed query as one statement, built once and bound per request", async () => {
    const { sql, statements } = await run(W1, { customerId: ID });
    expect(sql).toEqual([
      `SELECT i.id, i.amount::text, i.amount_without_tax::text, i.balance::text, ${TS('i.created_date')}, i.customer_id, i.due_date::text,`
      + ' i.end_date::text, i.invoice_date::text, i.invoice_number, i.payment_status, i.start_date::text, i.status, i.tax_amount::text'
      + ' FROM invoice i WHERE i.tenant_id = $1 AND i.is_active AND ((i.customer_id = $2::uuid AND i.status = $3::text))'
      + ' ORDER BY i.created_date DESC, i.id DESC LIMIT $4 OFFSET $5',
    ]);
    // Nue's default page is 100.
    expect(statements[0].values).toEqual([TENANT, ID, 'ACTIVE', 100, 0]);
    const other = await run(W1, { customerId: '00000000-0000-4000-8000-0000000000ff' });
    expect(other.sql).toEqual(sql);
    expect(other.statements[0].values[1]).toBe('00000000-0000-4000-8000-0000000000ff');
  });

  it('writes the answer from the raw rows: strings escaped, numbers and dates as text, links computed', async () => {
    const row = [ID, '226.330', '200.000', '0.000', '2025-01-02T03:04:05.678Z', ID, '2025-02-01', null, '2025-01-02', 'INV-"1"\n', 'PAID', null, 'ACTIVE', '26.330'];
    const { answer } = await run(W1, { customerId: ID }, [[row]]);
    const data = JSON.parse((answer as { data: string }).data);
    const { invoicePdf, ...rest } = data.invoice[0];
    expect(rest).toEqual({
      amount: '226.330', amountWithoutTax: '200.000', balance: '0.000', createdDate: '2025-01-02T03:04:05.678Z', customerId: ID, dueDate: '2025-02-01',
      endDate: null, invoiceDate: '2025-01-02', name: 'INV-"1"\n', paymentStatus: 'PAID', startDate: null, status: 'ACTIVE', taxAmount: '26.330',
    });
    expect(invoicePdf).toMatch(new RegExp(`^http://billing.test/invoices/${ID}/pdf\\?token=${TENANT}\\.\\d+\\.[\\w-]+$`));
    expect((answer as { data: string }).data).toBe(JSON.stringify(data)); // compact, as JSON.stringify writes it
  });

  it('nests every relation of one invoice in its one statement, every level scoped by the tenant parameter', async () => {
    const { sql } = await run(`query($id: ID!) { invoiceById(id: $id) { id name customer { id billingAddress { city } } billToContact { firstName }
      lineItems { amount } payments { amount refunds { reason } } comments { createTime } history { action } } }`, { id: ID });
    const list = (table: string, r: string, order: string, items: string, parent = 'i', key = 'invoice_id') =>
      `(SELECT coalesce('[' || string_agg(row_to_json(x)::text, ',' ORDER BY ${order}) || ']', '[]') FROM ${table} ${r}, LATERAL (SELECT ${items}) x WHERE ${r}.tenant_id = $1 AND ${r}.${key} = ${parent}.id)`;
    expect(sql).toEqual([
      'SELECT i.id, i.invoice_number, '
      + "(SELECT row_to_json(x) FROM customer r1, LATERAL (SELECT r1.id AS \"id\", CASE WHEN r1.billing_address IS NULL OR r1.billing_address = 'null'::jsonb THEN NULL"
      + " ELSE (SELECT row_to_json(x) FROM (SELECT r1.billing_address ->> 'city' AS \"city\") x) END AS \"billingAddress\") x WHERE r1.tenant_id = $1 AND r1.id = i.customer_id), "
      + '(SELECT row_to_json(x) FROM contact r2, LATERAL (SELECT r2.first_name AS "firstName") x WHERE r2.tenant_id = $1 AND r2.id = i.bill_to_contact_id), '
      + `${list('invoice_line_item', 'r3', 'r3.line_number', 'r3.amount::text AS "amount"')}, `
      + `${list('payment', 'r4', 'r4.created_date, r4.id', `r4.amount::text AS "amount", (${list('refund', 'r5', 'r5.created_date, r5.id', 'r5.reason AS "reason"', 'r4', 'payment_id')})::json AS "refunds"`)}, `
      + `${list('invoice_comment', 'r6', 'r6.create_time, r6.id', `${TS('r6.create_time')} AS "createTime"`)}, `
      + `${list('invoice_history', 'r7', 'r7.created_at, r7.id', 'r7.action AS "action"')}`
      + ' FROM invoice i WHERE i.tenant_id = $1 AND i.id = $2',
    ]);
  });

  it('pages a connection with cursor columns and the total count in the same statement', async () => {
    const query = '{ invoices(where: {status: {eq: "ACTIVE"}}, orderBy: [{field: dueDate}], first: 1) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }';
    const rows = [[ID, '2025-02-01', ID, '7'], ['00000000-0000-4000-8000-000000000002', '2025-02-02', '00000000-0000-4000-8000-000000000002', '7']];
    const { sql, statements, answer } = await run(query, {}, [rows]);
    expect(sql).toEqual([
      'SELECT i.id, i.due_date::text AS "__k0", i.id::text AS "__k1", (SELECT count(*)::int FROM invoice i WHERE i.tenant_id = $1 AND i.is_active AND (i.status = $2::text)) AS "__total"'
      + ' FROM invoice i WHERE i.tenant_id = $1 AND i.is_active AND (i.status = $2::text) ORDER BY i.due_date ASC NULLS LAST, i.id ASC LIMIT $3',
    ]);
    expect(statements[0].values).toEqual([TENANT, 'ACTIVE', 2]); // one row more than the page: is there a next one?
    const data = JSON.parse((answer as { data: string }).data).invoices;
    expect(data.totalCount).toBe(7);
    expect(data.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ID]);
    expect(data.pageInfo).toEqual({ hasNextPage: true, endCursor: data.edges[0].cursor });
    expect(JSON.parse(Buffer.from(data.edges[0].cursor, 'base64url').toString())).toEqual({ s: 'dueDate:ASC:LAST,id:ASC:LAST', v: ['2025-02-01', ID] });
  });

  it("gives a list relation its arguments per parent row, and computed fields their inputs as text", async () => {
    const { sql, statements } = await run(`query($n: Int) { customers(limit: $n) { id invoices(where: {amount: {gt: "10"}}, limit: 3) { id payments { netAmount } availableActions(allowed: true) { action } } } }`, { n: 2 });
    expect(sql).toEqual([
      "SELECT c.id, (SELECT coalesce('[' || string_agg(row_to_json(x)::text, ',' ORDER BY r1.created_date DESC, r1.id DESC) || ']', '[]') FROM"
      + ' (SELECT * FROM invoice r1 WHERE r1.tenant_id = $1 AND r1.customer_id = c.id AND r1.is_active AND (r1.amount > $2::numeric) ORDER BY r1.created_date DESC, r1.id DESC LIMIT $3) r1,'
      + " LATERAL (SELECT r1.id AS \"id\", ((SELECT coalesce('[' || string_agg(row_to_json(x)::text, ',' ORDER BY r2.created_date, r2.id) || ']', '[]') FROM payment r2,"
      + ' LATERAL (SELECT json_build_array(r2.amount::text, r2.refunded_amount::text, r2.currency) AS "netAmount") x WHERE r2.tenant_id = $1 AND r2.invoice_id = r1.id))::json AS "payments",'
      // availableActions: the lifecycle's facts (FACTS), each as text.
      + ' json_build_array((r1.status)::text, (r1.amount_paid)::text, (EXISTS (SELECT 1 FROM payment p WHERE p.tenant_id = r1.tenant_id AND p.invoice_id = r1.id))::text,'
      + " (EXISTS (SELECT 1 FROM payment p WHERE p.tenant_id = r1.tenant_id AND p.invoice_id = r1.id AND p.status = 'PENDING'))::text, (r1.imported_invoice_total IS NOT NULL)::text) AS \"availableActions\") x)"
      + ' FROM customer c WHERE c.tenant_id = $1 ORDER BY lower(c.company_name) ASC, c.id ASC LIMIT $4 OFFSET $5',
    ]);
    expect(statements[0].values).toEqual([TENANT, '10', 3, 2, 0]);
  });

  it("plans customers' filter language, its order (names case-insensitively) and the deprecated filter in it, with the history", async () => {
    const { sql, statements } = await run(`query($e: String!) {
      a: customers(where: {externalId: {startsWith: "001"}}, orderBy: [{field: companyName, direction: DESC}], limit: 2) { id history { action createdAt } }
      b: customers(filter: {companyEmail: $e}) { id } }`, { e: 'A@B.C' });
    expect(sql).toEqual([
      "SELECT c.id, (SELECT coalesce('[' || string_agg(row_to_json(x)::text, ',' ORDER BY r1.created_at, r1.id) || ']', '[]') FROM customer_history r1,"
      + ` LATERAL (SELECT r1.action AS "action", ${TS('r1.created_at')} AS "createdAt") x WHERE r1.tenant_id = $1 AND r1.customer_id = c.id)`
      + ` FROM customer c WHERE c.tenant_id = $1 AND (casefold(c.external_id COLLATE "pg_unicode_fast") LIKE casefold($2::text COLLATE "pg_unicode_fast") ESCAPE '\\')`
      + ' ORDER BY lower(c.company_name) DESC, c.id DESC LIMIT $3 OFFSET $4',
      `SELECT c.id FROM customer c WHERE c.tenant_id = $1 AND (casefold(c.company_email COLLATE "pg_unicode_fast") LIKE casefold($2::text COLLATE "pg_unicode_fast") ESCAPE '\\')`
      + ' ORDER BY lower(c.company_name) ASC, c.id ASC LIMIT $3 OFFSET $4',
    ]);
    expect(statements.map((st) => st.values)).toEqual([[TENANT, '001%', 2, 0], [TENANT, 'A@B.C', 25, 0]]);
    const both = await run('{ customers(where: {id: {isNull: false}}, filter: {ids: []}) { id } }');
    expect(both.plan).not.toBeNull();
    expect(both.answer).toBeNull(); // refused: the fallback answers with the error
  });

  it('computes nested computed fields from the JSON PostgreSQL built', async () => {
    const invoices = JSON.stringify([{ id: ID, payments: [{ netAmount: ['10.000', '2.5', 'KWD'] }], availableActions: ['ACTIVE', '0.00', 'false', 'false', 'false'] }]);
    const { answer } = await run('{ customers { invoices { id payments { netAmount } availableActions(allowed: false) { action reasonCode } } } }', {}, [[[ID, invoices]]]);
    const [invoice] = JSON.parse((answer as { data: string }).data).customers[0].invoices;
    expect(invoice.payments).toEqual([{ netAmount: '7.500' }]);
    expect(invoice.availableActions.map((a: { action: string }) => a.action)).toEqual(['ACTIVATE', 'DELETE', 'SOFT_DELETE']);
    expect(invoice.availableActions[0].reasonCode).toBe('INVALID_TRANSITION');
  });

  it('builds per request what depends on variable values: a variable filter object, a null value, @skip/@include', async () => {
    const dynamic = 'query($w: InvoiceWhereInput) { invoice(where: $w) { id } }';
    const [a, b] = [await run(dynamic, { w: { notes: { eq: 'x' } } }), await run(dynamic, { w: { amount: { gt: '1' } } })];
    expect(a.sql[0]).toContain('(i.notes = $2::text)');
    expect(b.sql[0]).toContain('(i.amount > $2::numeric)');
    const nullable = 'query($c: ID) { invoice(where: {customerId: {eq: $c}}) { id } }';
    expect((await run(nullable, { c: ID })).sql[0]).toContain('(i.customer_id = $2::uuid)');
    expect((await run(nullable, { c: null })).sql[0]).toContain('(i.customer_id IS NULL)');
    const switched = 'query($all: Boolean!) { invoice { id lineItems @include(if: $all) { id } } }';
    expect((await run(switched, { all: true })).sql[0]).toContain('invoice_line_item');
    expect((await run(switched, { all: false })).sql[0]).not.toContain('invoice_line_item');
  });

  it('scopes every subquery of a document selecting every field by the tenant', async () => {
    const every = (type: GraphQLObjectType, depth: number, path: string[] = []): string =>
      Object.values(type.getFields()).flatMap((f) => {
        const named = getNamedType(f.type);
        if (!isObjectType(named)) return [f.name];
        return depth === 0 || path.includes(named.name) ? [] : [`${f.name} { ${every(named, depth - 1, [...path, type.name])} }`];
      }).join(' ');
    const { sql } = await run(`{ customers { ${every(schema.getType('Customer') as GraphQLObjectType, 3)} } invoices { nodes { ${every(schema.getType('Invoice') as GraphQLObjectType, 3)} } } }`);
    expect(sql).toHaveLength(2);
    for (const text of sql) {
      const aliases = [...text.matchAll(/FROM (\w+) (\w+)[ ,)]/g)].map((m) => m[2]);
      expect(aliases.length).toBeGreaterThan(3);
      for (const alias of aliases) expect([alias, text.includes(`${alias}.tenant_id = `)]).toEqual([alias, true]);
    }
  });

  it('declines what the fallback answers: mutations, other root fields, refused arguments', async () => {
    expect((await run('mutation { removeDiscount(invoiceId: "x") { id } }')).plan).toBeNull();
    expect((await run('{ viewer { tenantId } invoice { id } }')).answer).toBeNull();
    expect((await run('{ __schema { queryType { name } } }')).answer).toBeNull();
    expect((await run('{ invoice(limit: 100000) { id } }')).answer).toBeNull();
    const refused = await run('query($n: Int) { invoice(limit: $n) { id } }', { n: 501 });
    expect([refused.answer, refused.statements]).toEqual([null, []]);
    expect((await run('query($id: ID!) { invoiceById(id: $id) { id } }', { id: 'not-a-uuid' })).answer).toBeNull();
  });
});
