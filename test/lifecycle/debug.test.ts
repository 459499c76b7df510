import { insertCustomer } from '../fixtures/factories';
import { startTestService } from '../support/test-service';
import { BulkTransitionService } from '../../src/invoices/commands/bulk-transition.service';
it('debug', async () => {
  const svc = await startTestService();
  const t = await svc.newTenant('d');
  const c = await insertCustomer(svc.dataSource, t.tenantId);
  await svc.dataSource.query(
    `INSERT INTO invoice (tenant_id, id, invoice_number, customer_id, status, payment_status, currency_iso_code, payment_terms, invoice_date, due_date)
     SELECT $1, gen_random_uuid(), 'V-' || g, $2, 'DRAFT', 'UNPAID', 'USD', 'Net30', '2025-06-01', '2025-07-01' FROM generate_series(1, 10000) g`, [t.tenantId, c]);
  const svcB = new BulkTransitionService(svc.dataSource);
  const orig = svc.dataSource.transaction.bind(svc.dataSource);
  (svc.dataSource as any).transaction = (work: any) => orig(async (m: any) => {
    const q = m.query.bind(m);
    m.query = async (sql: string, p: unknown[]) => {
      const t0 = Date.now();
      if (sql.includes('WITH s AS')) {
        const plan = await q('EXPLAIN ANALYZE ' + sql, p);
        console.log(plan.map((r: any) => r['QUERY PLAN']).join('\n'));
        throw new Error('stop');
      }
      const r = await q(sql, p); console.log(Date.now() - t0, sql.slice(0, 80)); return r; };
    return work(m);
  });
  try { await svcB.activate({ tenantId: t.tenantId, apiKeyId: t.apiKeyId }, { where: { status: { eq: 'draft' } } as any, invoiceDate: '2025-07-01' }); } catch (e) { console.log(String(e)); }
  await svc.stop();
}, 120000);
