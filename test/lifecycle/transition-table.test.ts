import { insertCustomer, insertInvoice } from '../fixtures/factories';
import { insertCompletedPayment, insertFailedPayment, insertPendingPayment, snapshot } from '../fixtures/lifecycle-fixtures';
import { startTestService, TestService } from '../support/test-service';
import { allowedSql, decide, InvoiceAction } from '../../src/lifecycle/invoice-lifecycle';
import { InvoiceStatus, DiscountType } from '../../src/invoices/invoice-status';
import { Action, ACTIONS, expected, Facts, FACTS, STATUSES } from './expected-transitions';

/**
 * Every status x every lifecycle action x the ledger facts the guards read, through GraphQL.
 * The expectations are written out from the rules (not computed from the table), so a
 * wrong table row fails here.
 */
const { DRAFT, ACTIVE, CANCELED } = InvoiceStatus;

const BULK: Partial<Record<Action, string>> = { ACTIVATE: 'activateInvoices', CANCEL: 'cancelInvoices', VOID: 'voidInvoices', DELETE: 'deleteInvoices' };

describe('lifecycle transition table (every status x every action)', () => {
  let svc: TestService;
  let key: { tenantId: string; apiKey: string; apiKeyId: string };
  let customerId: string;
  beforeAll(async () => {
    svc = await startTestService();
    key = await svc.newTenant('Table tenant');
    customerId = await insertCustomer(svc.dataSource, key.tenantId);
  });
  afterAll(() => svc.stop());

  async function invoiceIn(status: InvoiceStatus, facts: Facts): Promise<string> {
    const id = await insertInvoice(svc.dataSource, key.tenantId, {
      customerId, status, lines: [{ quantity: '2', unitPrice: '50.00' }],
      discount: { type: DiscountType.PERCENTAGE, value: '10', code: 'TEN' },
    });
    if (facts === 'paid') await insertCompletedPayment(svc.dataSource, key.tenantId, id, '10.00');
    if (facts === 'failedPaymentOnly') await insertFailedPayment(svc.dataSource, key.tenantId, id);
    if (facts === 'pendingPayment') await insertPendingPayment(svc.dataSource, key.tenantId, id, '10.00');
    if (facts === 'importedTotal') await svc.dataSource.query('UPDATE invoice SET imported_invoice_total = amount WHERE tenant_id = $1 AND id = $2', [key.tenantId, id]);
    return id;
  }

  /** Runs one action through GraphQL; returns the error code or null. */
  async function run(action: Action, id: string): Promise<string | null> {
    const bulk = BULK[action];
    if (bulk) {
      const res = await svc.gql(key.apiKey, `mutation($ids: [ID!]) { r: ${bulk}(input: {invoiceIds: $ids}) { succeededCount failedCount results { invoiceId success error { code invoiceId } } } }`, { ids: [id] });
      expect(res.errors).toBeUndefined();
      const r = res.data.r.results[0];
      expect(r.invoiceId).toBe(id);
      return r.success ? null : r.error.code;
    }
    if (action === 'SOFT_DELETE') {
      const [{ invoice_number: invoiceNumber }] = await svc.dataSource.query('SELECT invoice_number FROM invoice WHERE tenant_id = $1 AND id = $2', [key.tenantId, id]);
      const res = await svc.gql(key.apiKey, `mutation($inputs: [CreateInvoiceInput!]!) { r: createInvoices(inputs: $inputs) { results { outcome error { code } } } }`,
        { inputs: [{ customerId, invoiceNumber, isActive: false }] });
      expect(res.errors).toBeUndefined();
      const r = res.data.r.results[0];
      return r.outcome === 'SOFT_DELETED' ? null : r.error.code;
    }
    const q: Record<string, [string, Record<string, unknown>]> = {
      UPDATE: ['mutation($id: ID!) { r: updateInvoice(id: $id, input: {notes: "changed"}) { id } }', { id }],
      APPLY_DISCOUNT: ['mutation($id: ID!) { r: applyDiscount(invoiceId: $id, discount: {type: AMOUNT, value: "5.00", code: "FIVE"}) { id } }', { id }],
      REMOVE_DISCOUNT: ['mutation($id: ID!) { r: removeDiscount(invoiceId: $id) { id } }', { id }],
      ADD_COMMENT: ['mutation($id: ID!) { r: addInvoiceComment(invoiceId: $id, comment: "hello") { id } }', { id }],
    };
    const [query, vars] = q[action];
    const res = await svc.gql(key.apiKey, query, vars);
    if (res.errors) return res.errors[0].extensions?.code ?? 'NO_CODE';
    return null;
  }

  /** Runs one (status, facts, action) case and describes what happened, in the shape of `expected`. */
  async function outcome(status: InvoiceStatus, facts: Facts, action: Action): Promise<unknown> {
    const id = await invoiceIn(status, facts);
    const before = await snapshot(svc.dataSource, key.tenantId, id);
    const code = await run(action, id);
    if (code) {
      const unchanged = JSON.stringify(await snapshot(svc.dataSource, key.tenantId, id)) === JSON.stringify(before);
      return { code, unchanged };
    }
    const [row] = await svc.dataSource.query('SELECT status, version FROM invoice WHERE tenant_id = $1 AND id = $2', [key.tenantId, id]);
    if (!row) return { to: 'DELETED' };
    const history = await svc.dataSource.query(
      'SELECT action, from_status, to_status, actor_id FROM invoice_history WHERE tenant_id = $1 AND invoice_id = $2 ORDER BY created_at',
      [key.tenantId, id],
    );
    return { to: row.status, version: row.version, history };
  }

  function want(status: InvoiceStatus, facts: Facts, action: Action): unknown {
    const e = expected(status, action, facts);
    if ('code' in e) return { code: e.code, unchanged: true };
    if (e.to === 'DELETED') return e;
    return {
      to: e.to,
      // A comment is not an edit of the invoice: it keeps the version (no spurious VERSION_CONFLICT).
      version: action === 'ADD_COMMENT' ? 1 : 2,
      history: [{ action, from_status: status, to_status: e.to, actor_id: key.apiKeyId }],
    };
  }

  const cases = STATUSES.flatMap((s) => FACTS.map((f) => [s, f] as const));

  // One test per (status, facts); its actions run in parallel, each on its own invoice.
  it.each(cases)('%s (%s) x every action', async (status, facts) => {
    const got = await Promise.all(ACTIONS.map(async (a) => [a, await outcome(status, facts, a)]));
    expect(got).toEqual(ACTIONS.map((a) => [a, want(status, facts, a)]));
  });

  it('the refused error of a single-invoice mutation names the status and the action', async () => {
    const id = await invoiceIn(CANCELED, 'clean');
    const res = await svc.gql(key.apiKey, 'mutation($id: ID!) { updateInvoice(id: $id, input: {notes: "x"}) { id } }', { id });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', status: 'CANCELED', action: 'UPDATE' });
  });

  it('decide() and allowedSql() agree on every status and fact combination', async () => {
    for (const status of STATUSES) {
      for (const facts of FACTS) {
        const id = await invoiceIn(status, facts);
        for (const action of Object.values(InvoiceAction)) {
          const [{ allowed }] = await svc.dataSource.query(`SELECT ${allowedSql(action)} AS allowed FROM invoice i WHERE i.tenant_id = $1 AND i.id = $2`, [key.tenantId, id]);
          const d = decide({
            status, amountPaid: facts === 'paid' ? '10.00' : '0.00', hasPaymentHistory: ['paid', 'failedPaymentOnly', 'pendingPayment'].includes(facts),
            hasPendingPayments: facts === 'pendingPayment', importedTotal: facts === 'importedTotal',
          }, action);
          expect([status, facts, action, allowed]).toEqual([status, facts, action, d.allowed]);
        }
      }
    }
  });

  it('availableActions lists every action with the table decision, batched for many invoices', async () => {
    const a = await invoiceIn(ACTIVE, 'paid');
    const b = await invoiceIn(DRAFT, 'clean');
    const res = await svc.gql(key.apiKey, `mutation($a: ID!, $b: ID!) {
      a: addInvoiceComment(invoiceId: $a, comment: "x") { availableActions { action allowed reasonCode nextStatus } }
      b: addInvoiceComment(invoiceId: $b, comment: "y") { availableActions(allowed: true) { action nextStatus } }
    }`, { a, b });
    expect(res.errors).toBeUndefined();
    const byAction = Object.fromEntries(res.data.a.availableActions.map((x: any) => [x.action, x]));
    expect(byAction.CANCEL).toMatchObject({ allowed: false, reasonCode: 'INVOICE_HAS_PAYMENTS' });
    expect(byAction.ACTIVATE).toMatchObject({ allowed: false, reasonCode: 'INVALID_TRANSITION' });
    expect(byAction.RECORD_PAYMENT).toMatchObject({ allowed: true });
    const allowedB = res.data.b.availableActions.map((x: any) => x.action).sort();
    // Failing a payment moves no money: allowed in every status, so a pending payment is never stranded.
    expect(allowedB).toEqual(['ACTIVATE', 'ADD_COMMENT', 'APPLY_DISCOUNT', 'CANCEL', 'DELETE', 'FAIL_PAYMENT', 'REMOVE_DISCOUNT', 'SOFT_DELETE', 'UPDATE', 'VOID']);
    expect(res.data.b.availableActions.find((x: any) => x.action === 'ACTIVATE').nextStatus).toBe('ACTIVE');
  });
});
