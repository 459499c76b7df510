import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { InvoiceStatus } from '../../src/invoices/invoice-status';
import { insertCustomer, insertInvoice } from '../fixtures/factories';
import { startTestService, TestService } from '../support/test-service';
import { requireRootFields } from '../security/schema-contract';

const PAY = 'mutation($id: ID!) { recordPayment(invoiceId: $id, input: {amount: "1.00", method: WIRE}) { payment { id amount } } }';

/** Sends the request and drops the connection after `afterMs`, whether or not an answer came. */
function sendAndDrop(url: string, apiKey: string, idempotencyKey: string, body: string, afterMs: number): Promise<void> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const req = http.request({
      host: u.hostname, port: u.port, path: u.pathname, method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey, 'idempotency-key': idempotencyKey, 'content-length': Buffer.byteLength(body) },
    });
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    req.end(body);
    setTimeout(() => req.destroy(), afterMs);
  });
}

/**
 * A payment whose connection drops (before, during or after the service commits it) is retried
 * with the same idempotency key: it is applied exactly once and the retry returns that payment.
 */
describe('idempotent payment retried after a connection drop', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService();
  });
  afterAll(() => svc.stop());

  it('applies each payment exactly once, whatever moment the connection dropped', async () => {
    await requireRootFields(svc, 'Mutation', ['recordPayment']);
    const t = await svc.newTenant('Retry tenant');
    const customerId = await insertCustomer(svc.dataSource, t.tenantId);
    const invoiceId = await insertInvoice(svc.dataSource, t.tenantId, { customerId, status: InvoiceStatus.ACTIVE, lines: [{ quantity: '1', unitPrice: '100.00' }] });
    const body = JSON.stringify({ query: PAY, variables: { id: invoiceId } });

    const drops = [0, 1, 2, 5, 10, 20, 40, 80, 150, 300];
    const paymentIds: string[] = [];
    for (const afterMs of drops) {
      const key = randomUUID();
      await sendAndDrop(svc.server.url, t.apiKey, key, body, afterMs);
      // The client does not know whether the first call happened: it retries with the same key.
      let paymentId: string | undefined;
      for (let attempt = 0; attempt < 50 && !paymentId; attempt++) {
        const res = await svc.gql(t.apiKey, PAY, { id: invoiceId }, { 'idempotency-key': key });
        const code = res.errors?.[0]?.extensions?.code;
        if (!res.errors) paymentId = res.data.recordPayment.payment.id;
        else if (code === 'IDEMPOTENCY_KEY_IN_PROGRESS') await new Promise((r) => setTimeout(r, 50));
        else throw new Error(`retry after a drop at ${afterMs} ms failed: ${JSON.stringify(res.errors)}`);
      }
      expect(paymentId).toBeDefined();
      const again = await svc.gql(t.apiKey, PAY, { id: invoiceId }, { 'idempotency-key': key });
      expect(again.data?.recordPayment.payment.id).toBe(paymentId);
      paymentIds.push(paymentId!);
    }

    expect(new Set(paymentIds).size).toBe(drops.length);
    const rows: Array<{ id: string; amount: string }> = await svc.dataSource.query('SELECT id, amount FROM payment WHERE tenant_id = $1 AND invoice_id = $2', [t.tenantId, invoiceId]);
    expect(rows.map((r) => r.id).sort()).toEqual([...paymentIds].sort());
    const [inv] = await svc.dataSource.query('SELECT amount_paid, balance FROM invoice WHERE tenant_id = $1 AND id = $2', [t.tenantId, invoiceId]);
    expect(Number(inv.amount_paid)).toBe(drops.length);
    expect(Number(inv.balance)).toBe(100 - drops.length);
  });
});
