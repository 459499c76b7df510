import { Client } from 'pg';
import { insertContact, insertCustomer, insertInvoice } from '../fixtures/factories';
import { insertCompletedPayment, insertFailedPayment } from '../fixtures/lifecycle-fixtures';
import { startTestService, TestService } from '../support/test-service';

/**
 * createInvoices, set-based: statements per batch independent of its size, one input's failure
 * (in JS or in the database) undoing nothing of the others, the import conflict rule
 * (INVOICE_NUMBER_CONFLICT naming the fields whose content differs) and soft delete as a
 * lifecycle action with its guards.
 */
const CREATE_MANY = `mutation($inputs: [CreateInvoiceInput!]!) { createInvoices(inputs: $inputs) {
  createdCount existingCount softDeletedCount failedCount
  results { index invoiceNumber outcome invoice { id invoiceNumber isActive status amount amountPaid version }
            error { code message path extensions } } } }`;

describe('createInvoices (set-based import)', () => {
  let svc: TestService;
  let key: { tenantId: string; apiKey: string; apiKeyId: string };
  let customerId: string;
  beforeAll(async () => {
    svc = await startTestService();
    key = await svc.newTenant('Import batch tenant');
    customerId = await insertCustomer(svc.dataSource, key.tenantId);
    await svc.gql(key.apiKey, '{ viewer { tenantId } }'); // the key is then cached, as after any client's first request
  });
  afterAll(() => svc.stop());

  const importMany = async (inputs: unknown[], apiKey = key.apiKey) => {
    const res = await svc.gql(apiKey, CREATE_MANY, { inputs });
    expect(res.errors).toBeUndefined();
    return res.data.createInvoices;
  };
  const lines = (n: number) => Array.from({ length: 3 }, (_, k) => ({ productCode: `P-${k}`, description: `Line ${k} of ${n}`, quantity: String(k + 1), unitPrice: '12.50' }));
  const count = async (sql: string, params: unknown[]) => (await svc.dataSource.query(sql, params))[0].n as number;

  it('costs the same statements for 10 inputs as for 200, and stores every row of every input', async () => {
    const t = await svc.newTenant('Import statements');
    const c = await insertCustomer(svc.dataSource, t.tenantId);
    await svc.gql(t.apiKey, '{ viewer { tenantId } }');
    const batch = (size: number, tag: string) => Array.from({ length: size }, (_, n) => ({
      // generated and supplied numbers, existing and new customers, imported totals with a partial balance
      ...(n % 2 ? { invoiceNumber: `ST-${tag}-${n}` } : {}),
      ...(n % 3 ? { customerId: c } : { customer: { customerNumber: `SC-${tag}-${n % 5}`, companyName: 'Batch Co' } }),
      ...(n % 4 === 0 ? { importedInvoiceTotal: '100.00', importedBalance: '40.00' } : {}),
      lineItems: lines(n),
    }));
    const spy = jest.spyOn(Client.prototype, 'query');
    try {
      const statements = async (size: number, tag: string) => {
        spy.mockClear();
        const r = await importMany(batch(size, tag), t.apiKey);
        expect(r).toMatchObject({ createdCount: size, failedCount: 0 });
        return spy.mock.calls.length;
      };
      const small = await statements(10, 'a');
      const large = await statements(200, 'b');
      expect(large).toBe(small);
      expect(large).toBeLessThanOrEqual(12);
    } finally {
      spy.mockRestore();
    }
    expect(await count('SELECT count(*)::int AS n FROM invoice WHERE tenant_id = $1', [t.tenantId])).toBe(210);
    expect(await count('SELECT count(*)::int AS n FROM invoice_line_item WHERE tenant_id = $1', [t.tenantId])).toBe(630);
    expect(await count("SELECT count(*)::int AS n FROM invoice_history WHERE tenant_id = $1 AND action = 'CREATE'", [t.tenantId])).toBe(210);
    expect(await count("SELECT count(*)::int AS n FROM payment WHERE tenant_id = $1 AND method = 'IMPORTED' AND amount = 60", [t.tenantId])).toBe(3 + 50);
    // Details name SC-a-{0,1,3,4} and SC-b-{0..4}: each created once, however many inputs name it.
    expect(await count('SELECT count(*)::int AS n FROM customer WHERE tenant_id = $1', [t.tenantId])).toBe(1 + 4 + 5);
    // Generated numbers are gapless across both batches: 5 + 100 of them.
    const numbers: Array<{ invoice_number: string }> = await svc.dataSource.query(
      "SELECT invoice_number FROM invoice WHERE tenant_id = $1 AND invoice_number LIKE 'INV-%' ORDER BY invoice_number", [t.tenantId]);
    expect(numbers.map((r) => r.invoice_number)).toEqual(Array.from({ length: 105 }, (_, k) => `INV-${String(k + 1).padStart(8, '0')}`));
    // Stored totals and lines are the calculator's: 12.50 x (1 + 2 + 3) = 75.00; imported ones 100.00 with 60.00 paid.
    const totals = await svc.dataSource.query(
      `SELECT amount::text, amount_paid::text, balance::text, payment_status, count(*)::int AS n FROM invoice WHERE tenant_id = $1
       GROUP BY 1, 2, 3, 4 ORDER BY 1`, [t.tenantId]);
    expect(totals).toEqual([
      { amount: '100.00', amount_paid: '60.00', balance: '40.00', payment_status: 'PARTIALLY_PAID', n: 53 },
      { amount: '75.00', amount_paid: '0.00', balance: '75.00', payment_status: 'UNPAID', n: 157 },
    ]);
  });

  it('a number a concurrent writer takes between the look-up and the insert fails that input alone: the others are stored, no generated number is lost', async () => {
    const t = await svc.newTenant('Import db refusal');
    const c = await insertCustomer(svc.dataSource, t.tenantId);
    const inputs: Array<Record<string, unknown>> = Array.from({ length: 5 }, (_, n) => ({ customerId: c, lineItems: lines(n), notes: `note ${n}` }));
    inputs[2] = { customerId: c, invoiceNumber: 'RACE-3', lineItems: lines(2) };
    // A concurrent writer takes RACE-3 after the import has looked for stored numbers and before its
    // insert: every check in JS passes, and the insert waits for that writer, then finds the number taken.
    const other = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await other.connect();
    try {
      await other.query('BEGIN');
      const viaOther = { query: (text: string, values?: unknown[]) => other.query(text, values).then((r) => r.rows) } as unknown as typeof svc.dataSource;
      await insertInvoice(viaOther, t.tenantId, { customerId: c, invoiceNumber: 'RACE-3' });
      const { rows: [{ pid }] } = await other.query('SELECT pg_backend_pid() AS pid');
      const pending = importMany(inputs, t.apiKey);
      // The import's insert waits on the uncommitted RACE-3 row; then the other writer commits.
      for (let blocked = 0; blocked === 0;) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        ({ rows: [{ blocked }] } = await svc.dataSource.query('SELECT count(*)::int AS blocked FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [pid]).then((rows: unknown[]) => ({ rows })) as { rows: Array<{ blocked: number }> });
      }
      await other.query('COMMIT');
      const r = await pending;
      expect(r).toMatchObject({ createdCount: 4, failedCount: 1 });
      expect(r.results[2]).toMatchObject({ outcome: 'FAILED', invoice: null });
      expect(['INVOICE_NUMBER_CONFLICT', 'DUPLICATE_INVOICE_NUMBER']).toContain(r.results[2].error.code);
      expect(r.results.filter((x: any) => x.outcome === 'CREATED').map((x: any) => x.invoiceNumber)).toEqual(
        ['INV-00000001', 'INV-00000002', 'INV-00000003', 'INV-00000004']);
      expect(await count('SELECT count(*)::int AS n FROM invoice_line_item WHERE tenant_id = $1', [t.tenantId])).toBe(12 + 1);
    } finally {
      await other.end();
    }
  });

  it('an input breaking a field rule (class-validator) fails alone, with every bad field under its index', async () => {
    const r = await importMany([
      { customerId, invoiceNumber: 'FR-1', lineItems: lines(1) },
      { customerId, invoiceNumber: 'FR-2', poNumber: 'x'.repeat(201), lineItems: [{ description: '', quantity: '1', unitPrice: '1' }] },
      { customerId, invoiceNumber: 'FR-3', customer: { customerNumber: 'FR-C', companyName: 'Fr', companyEmail: 'not an email' } },
    ]);
    expect(r.results.map((x: any) => x.outcome)).toEqual(['CREATED', 'FAILED', 'FAILED']);
    expect(r.results[1].error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(r.results[1].error.extensions.fields.map((f: any) => f.field).sort()).toEqual(['inputs.1.lineItems.0.description', 'inputs.1.poNumber']);
    expect(r.results[2].error.extensions.fields.map((f: any) => f.field)).toEqual(['inputs.2.customer.companyEmail']);
    expect(await count("SELECT count(*)::int AS n FROM invoice WHERE tenant_id = $1 AND invoice_number LIKE 'FR-%'", [key.tenantId])).toBe(1);
  });

  it('unknown customers and contacts fail their own input only, creating nothing for it', async () => {
    const other = await insertCustomer(svc.dataSource, key.tenantId);
    const contact = await insertContact(svc.dataSource, key.tenantId, customerId);
    const r = await importMany([
      { customerId: '00000000-0000-4000-8000-000000000001', invoiceNumber: 'PTY-1' },
      { customerId: other, billToContactId: contact, invoiceNumber: 'PTY-2' },
      { customer: { customerNumber: 'PTY-NEW', companyName: 'New Co' }, billToContactId: contact, invoiceNumber: 'PTY-3' },
      { customerId, billToContactId: contact, invoiceNumber: 'PTY-4' },
    ]);
    expect(r.results.map((x: any) => [x.outcome, x.error?.code ?? null, x.error?.path ?? null])).toEqual([
      ['FAILED', 'CUSTOMER_NOT_FOUND', ['inputs', '0', 'customerId']],
      ['FAILED', 'CONTACT_NOT_FOUND', ['inputs', '1', 'billToContactId']],
      ['FAILED', 'CONTACT_NOT_FOUND', ['inputs', '2', 'billToContactId']],
      ['CREATED', null, null],
    ]);
    expect(await count("SELECT count(*)::int AS n FROM customer WHERE tenant_id = $1 AND customer_number = 'PTY-NEW'", [key.tenantId])).toBe(0);
    expect(await count("SELECT count(*)::int AS n FROM invoice WHERE tenant_id = $1 AND invoice_number LIKE 'PTY-%'", [key.tenantId])).toBe(1);
  });

  describe('an existing invoiceNumber: EXISTING with the same content, INVOICE_NUMBER_CONFLICT otherwise', () => {
    const original = {
      invoiceNumber: 'CNT-1', customer: { customerNumber: 'CNT-C', companyName: 'Content Co' }, invoiceDate: '2025-03-01', paymentTerms: 'Net30',
      currencyIsoCode: 'KWD', notes: 'first', customFields: { region: 'EU', tier: 2 }, salesRep: { firstName: 'Ana', email: 'ana@example.com' },
      discount: { type: 'PERCENTAGE', value: '10', code: 'TEN' }, shippingAndHandling: '1.500',
      lineItems: [{ description: 'Widget', quantity: '2', unitPrice: '10.125', taxAmount: '0.500' }, { description: 'Gadget', quantity: '1', unitPrice: '3' }],
    };
    let id: string;
    beforeAll(async () => {
      const r = await importMany([original]);
      expect(r.results[0].outcome).toBe('CREATED');
      id = r.results[0].invoice.id;
    });

    const conflictOf = async (input: Record<string, unknown>) => {
      const r = await importMany([input]);
      return r.results[0];
    };

    it('the same content, written differently, is EXISTING and writes nothing', async () => {
      const before = await svc.dataSource.query('SELECT version, last_modified_date FROM invoice WHERE tenant_id = $1 AND id = $2', [key.tenantId, id]);
      const same = await conflictOf({
        ...original,
        // same numbers with other digits, JSON in another key order, the due date the terms give, the default-free currency spelled out
        customFields: { tier: 2, region: 'EU' }, salesRep: { email: 'ana@example.com', firstName: 'Ana', lastName: null },
        discount: { type: 'PERCENTAGE', value: '10.00', code: 'TEN' }, shippingAndHandling: '1.5', dueDate: '2025-03-31',
        lineItems: [{ description: 'Widget', quantity: '2.000', unitPrice: '10.1250', taxAmount: '0.5' }, { description: 'Gadget', quantity: '1', unitPrice: '3.000' }],
      });
      expect(same).toMatchObject({ outcome: 'EXISTING', error: null, invoice: { id } });
      expect(await svc.dataSource.query('SELECT version, last_modified_date FROM invoice WHERE tenant_id = $1 AND id = $2', [key.tenantId, id])).toEqual(before);
    });

    it.each([
      ['notes', { notes: 'changed' }, ['notes']],
      ['an absent field', { notes: undefined }, ['notes']],
      ['a line', { lineItems: [original.lineItems[0], { description: 'Gadget', quantity: '2', unitPrice: '3' }] }, ['lineItems']],
      ['one line fewer', { lineItems: [original.lineItems[0]] }, ['lineItems']],
      ['the customer', { customer: { customerNumber: 'CNT-OTHER', companyName: 'Content Co' } }, ['customer']],
      ['the due date', { dueDate: '2025-04-15' }, ['dueDate']],
      ['the terms (and so the due date)', { paymentTerms: 'Net60' }, ['dueDate', 'paymentTerms']],
      ['the currency', { currencyIsoCode: undefined, shippingAndHandling: '1.50', lineItems: [{ description: 'Widget', quantity: '2', unitPrice: '10.12', taxAmount: '0.50' }, original.lineItems[1]] }, ['currencyIsoCode', 'lineItems']],
      ['customFields', { customFields: { region: 'US', tier: 2 } }, ['customFields']],
      ['the discount', { discount: { type: 'AMOUNT', value: '1.000', code: 'TEN' } }, ['discount']],
      ['the imported total', { importedInvoiceTotal: '99.000' }, ['importedInvoiceTotal']],
      ['the imported balance', { importedInvoiceTotal: undefined, importedBalance: '1.000' }, ['importedBalance']],
    ])('%s differs: INVOICE_NUMBER_CONFLICT naming it, nothing written', async (_name, change, fields) => {
      const before = await svc.dataSource.query('SELECT row_to_json(i) r FROM invoice i WHERE tenant_id = $1 AND id = $2', [key.tenantId, id]);
      const r = await conflictOf({ ...original, ...change });
      expect(r).toMatchObject({ outcome: 'FAILED', invoice: null, error: { code: 'INVOICE_NUMBER_CONFLICT', path: ['inputs', '0', 'invoiceNumber'] } });
      expect(r.error.extensions.invoiceId).toBe(id);
      expect(r.error.extensions.fields.map((f: any) => f.field).sort()).toEqual(fields.map((f) => `inputs.0.${f}`).sort());
      expect(r.error.message).toContain(fields[0]);
      expect(await svc.dataSource.query('SELECT row_to_json(i) r FROM invoice i WHERE tenant_id = $1 AND id = $2', [key.tenantId, id])).toEqual(before);
    });

    it('a change made through the API since the import is a difference too', async () => {
      const u = await svc.gql(key.apiKey, 'mutation($id: ID!) { updateInvoice(id: $id, input: {poNumber: "PO-9"}) { version } }', { id });
      expect(u.errors).toBeUndefined();
      expect((await conflictOf(original)).error.extensions.fields.map((f: any) => f.field)).toEqual(['inputs.0.poNumber']);
    });
  });

  it('numbers repeated within a batch: the first creates, the rest answer from it', async () => {
    const a = { customerId, invoiceNumber: 'DUP-A', notes: 'a', lineItems: lines(1) };
    const r = await importMany([a, { ...a }, { ...a, notes: 'other' }, { customerId, invoiceNumber: 'DUP-A', isActive: false }, { ...a }]);
    expect(r.results.map((x: any) => x.outcome)).toEqual(['CREATED', 'EXISTING', 'FAILED', 'SOFT_DELETED', 'EXISTING']);
    expect(r.results[2].error).toMatchObject({ code: 'INVOICE_NUMBER_CONFLICT', path: ['inputs', '2', 'invoiceNumber'] });
    expect(r.results[3].invoice).toMatchObject({ id: r.results[0].invoice.id, isActive: false, version: 2 });
    expect(await count("SELECT count(*)::int AS n FROM invoice WHERE tenant_id = $1 AND invoice_number = 'DUP-A'", [key.tenantId])).toBe(1);
  });

  describe('isActive: false is the lifecycle action SOFT_DELETE', () => {
    const invoiceWith = async (number: string, setup: (id: string) => Promise<void> = async () => undefined) => {
      const r = await importMany([{ customerId, invoiceNumber: number, lineItems: lines(1) }]);
      const id = r.results[0].invoice.id;
      await setup(id);
      return id;
    };
    const softDelete = async (number: string) => (await importMany([{ customerId, invoiceNumber: number, isActive: false }])).results[0];
    const transition = (action: string, id: string) =>
      svc.gql(key.apiKey, `mutation($ids: [ID!]) { ${action}(input: {invoiceIds: $ids}) { succeededCount } }`, { ids: [id] });

    it('hides a DRAFT, a CANCELED and a VOIDED invoice, with a SOFT_DELETE history entry', async () => {
      const draft = await invoiceWith('SD-DRAFT');
      const canceled = await invoiceWith('SD-CANCELED', async (id) => void (await transition('cancelInvoices', id)));
      // Payment history without money kept (a failed payment) does not stand in the way, unlike DELETE.
      const voided = await invoiceWith('SD-VOIDED', async (id) => {
        await insertFailedPayment(svc.dataSource, key.tenantId, id);
        await transition('voidInvoices', id);
      });
      for (const [number, id, status] of [['SD-DRAFT', draft, 'DRAFT'], ['SD-CANCELED', canceled, 'CANCELED'], ['SD-VOIDED', voided, 'VOIDED']]) {
        expect(await softDelete(number)).toMatchObject({ outcome: 'SOFT_DELETED', invoice: { id, isActive: false, status } });
        const [h] = await svc.dataSource.query(
          "SELECT from_status, to_status, actor_id, changes FROM invoice_history WHERE tenant_id = $1 AND invoice_id = $2 AND action = 'SOFT_DELETE'", [key.tenantId, id]);
        expect(h).toEqual({ from_status: status, to_status: status, actor_id: key.apiKeyId, changes: { isActive: { from: true, to: false } } });
      }
      expect((await softDelete('SD-DRAFT')).outcome).toBe('EXISTING');
    });

    it('refuses an ACTIVE or scheduled invoice (INVALID_TRANSITION) and money kept (INVOICE_HAS_PAYMENTS), changing nothing', async () => {
      const active = await invoiceWith('SD-ACTIVE', async (id) => void (await transition('activateInvoices', id)));
      const paidDraft = (await importMany([{ customerId, invoiceNumber: 'SD-PAID', importedInvoiceTotal: '50.00', importedBalance: '20.00' }])).results[0].invoice.id;
      const paidActive = await invoiceWith('SD-PAID-ACTIVE', async (id) => {
        await transition('activateInvoices', id);
        await insertCompletedPayment(svc.dataSource, key.tenantId, id, '5.00');
      });
      const cases: Array<[string, string, string]> = [['SD-ACTIVE', active, 'INVALID_TRANSITION'], ['SD-PAID', paidDraft, 'INVOICE_HAS_PAYMENTS'], ['SD-PAID-ACTIVE', paidActive, 'INVALID_TRANSITION']];
      for (const [number, id, code] of cases) {
        const before = await svc.dataSource.query('SELECT row_to_json(i) r FROM invoice i WHERE tenant_id = $1 AND id = $2', [key.tenantId, id]);
        const r = await softDelete(number);
        expect(r).toMatchObject({ outcome: 'FAILED', error: { code, path: ['inputs', '0', 'isActive'] } });
        expect(r.error.extensions).toMatchObject({ invoiceId: id, action: 'SOFT_DELETE' });
        expect(await svc.dataSource.query('SELECT row_to_json(i) r FROM invoice i WHERE tenant_id = $1 AND id = $2', [key.tenantId, id])).toEqual(before);
      }
      const av = await svc.gql(key.apiKey, `query($a: ID!, $d: ID!) { a: invoiceById(id: $a) { availableActions { action allowed reasonCode } }
        d: invoiceById(id: $d) { availableActions { action allowed reasonCode } } }`, { a: active, d: paidDraft });
      expect(av.data.a.availableActions.find((x: any) => x.action === 'SOFT_DELETE')).toMatchObject({ allowed: false, reasonCode: 'INVALID_TRANSITION' });
      expect(av.data.d.availableActions.find((x: any) => x.action === 'SOFT_DELETE')).toMatchObject({ allowed: false, reasonCode: 'INVOICE_HAS_PAYMENTS' });
    });
  });
});
