import { insertCustomer } from '../fixtures/factories';
import { ownDatabase, OwnDatabase } from '../support/own-database';
import { startTestService, TestService } from '../support/test-service';

/**
 * createInvoices when PostgreSQL refuses what every check in JavaScript accepted (here a CHECK
 * constraint an operator added, which the service does not know about): the set's savepoint is
 * rolled back and each input runs in a savepoint of its own, so only the refused input fails,
 * nothing of it is kept (not its new customer either) and no generated number is lost. The
 * constraint changes a table, so the test runs on a database of its own.
 */
const CREATE_MANY = `mutation($inputs: [CreateInvoiceInput!]!) { createInvoices(inputs: $inputs) {
  createdCount failedCount results { index invoiceNumber outcome invoice { id } error { code path } } } }`;

describe('createInvoices: an input the database refuses', () => {
  let db: OwnDatabase;
  let svc: TestService;
  beforeAll(async () => {
    db = await ownDatabase('import-database-refusal');
    svc = await startTestService({ databaseUrl: db.url });
    await svc.dataSource.query(`ALTER TABLE invoice ADD CONSTRAINT test_refused_notes CHECK (notes IS DISTINCT FROM 'refused by the database')`);
    await svc.dataSource.query(`ALTER TABLE customer ADD CONSTRAINT test_refused_company CHECK (company_name <> 'Refused Co')`);
  }, 120_000);
  afterAll(async () => {
    await svc?.stop();
    await db?.drop();
  });

  const count = async (sql: string, params: unknown[]) => (await svc.dataSource.query(sql, params))[0].n as number;
  const lines = (n: number) => Array.from({ length: 3 }, (_, k) => ({ description: `Line ${k} of ${n}`, quantity: String(k + 1), unitPrice: '12.50' }));

  it('fails that input alone: the others are stored with consecutive generated numbers', async () => {
    const t = await svc.newTenant('Import refused by the database');
    const c = await insertCustomer(svc.dataSource, t.tenantId);
    const inputs: Array<Record<string, unknown>> = Array.from({ length: 5 }, (_, n) => ({ customerId: c, lineItems: lines(n), notes: `note ${n}` }));
    inputs[2].notes = 'refused by the database';
    const res = await svc.gql(t.apiKey, CREATE_MANY, { inputs });
    expect(res.errors).toBeUndefined();
    const r = res.data.createInvoices;
    expect(r).toMatchObject({ createdCount: 4, failedCount: 1 });
    expect(r.results[2]).toMatchObject({ outcome: 'FAILED', invoice: null, error: { code: 'VALIDATION_FAILED', path: ['inputs', '2'] } });
    expect(r.results.filter((x: any) => x.outcome === 'CREATED').map((x: any) => x.invoiceNumber)).toEqual(
      ['INV-00000001', 'INV-00000002', 'INV-00000003', 'INV-00000004']);
    expect(await count('SELECT count(*)::int AS n FROM invoice_line_item WHERE tenant_id = $1', [t.tenantId])).toBe(12);
  });

  it('keeps nothing of the refused input: its new customer is not created', async () => {
    const t = await svc.newTenant('Import refused customer');
    const res = await svc.gql(t.apiKey, CREATE_MANY, { inputs: [
      { customer: { customerNumber: 'REFUSED-1', companyName: 'Refused Co' }, invoiceNumber: 'N-1', lineItems: lines(1) },
      { customer: { customerNumber: 'OK-1', companyName: 'Good Co' }, invoiceNumber: 'N-2', lineItems: lines(2) },
    ] });
    expect(res.errors).toBeUndefined();
    expect(res.data.createInvoices.results.map((x: any) => x.outcome)).toEqual(['FAILED', 'CREATED']);
    const customers = await svc.dataSource.query('SELECT customer_number FROM customer WHERE tenant_id = $1', [t.tenantId]);
    expect(customers).toEqual([{ customer_number: 'OK-1' }]);
  });
});
