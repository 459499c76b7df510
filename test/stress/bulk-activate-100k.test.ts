import { insertCustomer } from '../fixtures/factories';
import { startTestService } from '../support/test-service';

/**
 * Manual stress check (test/stress is skipped by the default jest run):
 *   npx jest --testPathIgnorePatterns=/node_modules/ test/stress/bulk-activate-100k.test.ts
 * Activates 100,000 drafts by filter in one set-based statement and prints the time.
 */
it('activates 100,000 drafts by filter', async () => {
  const svc = await startTestService();
  try {
    const t = await svc.newTenant('Stress tenant');
    const c = await insertCustomer(svc.dataSource, t.tenantId);
    await svc.dataSource.query(
      `INSERT INTO invoice (tenant_id, id, invoice_number, customer_id, status, payment_status, currency_iso_code, payment_terms, invoice_date, due_date)
       SELECT $1, gen_random_uuid(), 'S-' || g, $2, 'DRAFT', 'UNPAID', 'USD', 'Net30', '2025-06-01', '2025-07-01' FROM generate_series(1, 100000) g`,
      [t.tenantId, c],
    );
    const started = Date.now();
    const res = await svc.gql(t.apiKey, `mutation { r: activateInvoices(input: {where: {status: {eq: "draft"}}, invoiceComment: {comment: "bulk"}}) {
      selectedCount succeededCount failedCount } }`);
    const ms = Date.now() - started;
    console.log(`activateInvoices: 100,000 drafts by filter in ${ms} ms`, JSON.stringify(res));
    expect(res.data.r).toEqual({ selectedCount: 100000, succeededCount: 100000, failedCount: 0 });
  } finally {
    await svc.stop();
  }
}, 600_000);
