import { insertCustomer, insertInvoice } from '../fixtures/factories';
import { GraphQLResponse, startTestService, TestService } from '../support/test-service';
import { blockerPid, waitUntilBlockedBy } from './lock-waits';

/** Idempotency keys on the mutations that create rows: createInvoice, createInvoices, addInvoiceComment. */
const INVOICE = 'id invoiceNumber status notes poNumber amount balance createdDate lastModifiedDate';
const CREATE = `mutation($input: CreateInvoiceInput!, $key: String) { createInvoice(input: $input, idempotencyKey: $key) { ${INVOICE} } }`;
const CREATE_MANY = `mutation($inputs: [CreateInvoiceInput!]!, $key: String) { createInvoices(inputs: $inputs, idempotencyKey: $key) {
  createdCount existingCount failedCount results { index outcome invoiceNumber invoice { ${INVOICE} } error { code path } } } }`;
const COMMENT = `mutation($id: ID!, $comment: String!, $key: String) { addInvoiceComment(invoiceId: $id, comment: $comment, idempotencyKey: $key) { id version } }`;

type Tenant = { tenantId: string; apiKey: string; apiKeyId: string; customerId: string };

const codeOf = (res: GraphQLResponse) => res.errors?.[0]?.extensions?.code;

describe('idempotency keys on createInvoice, createInvoices and addInvoiceComment', () => {
  let svc: TestService;
  /** A second service process on the same database: a retry that lands elsewhere. */
  let svc2: TestService;
  let t: Tenant;

  const newTenant = async (s: TestService, name: string): Promise<Tenant> => {
    const key = await s.newTenant(name);
    return { ...key, customerId: await insertCustomer(s.dataSource, key.tenantId) };
  };
  beforeAll(async () => {
    [svc, svc2] = await Promise.all([startTestService(), startTestService()]);
    t = await newTenant(svc, 'Create idempotency tenant');
  });
  afterAll(() => Promise.all([svc?.stop(), svc2?.stop()]));

  const create = (input: Record<string, unknown>, opts: { key?: string; headers?: Record<string, string>; via?: TestService; tenant?: Tenant } = {}) => {
    const tenant = opts.tenant ?? t;
    return (opts.via ?? svc).gql(tenant.apiKey, CREATE, { input: { customerId: tenant.customerId, ...input }, key: opts.key }, opts.headers);
  };
  const count = async (sql: string, params: unknown[]) => (await svc.dataSource.query(sql, params))[0].n as number;
  const invoicesNoted = (notes: string, tenantId = t.tenantId) =>
    count('SELECT count(*)::int AS n FROM invoice WHERE tenant_id = $1 AND notes = $2', [tenantId, notes]);
  const keyRows = (key: string, tenantId = t.tenantId) =>
    svc.dataSource.query('SELECT operation, state FROM idempotency_key WHERE tenant_id = $1 AND key = $2', [tenantId, key]);
  const lines = [{ description: 'Widget', quantity: '2', unitPrice: '10.00' }];

  /** Undone after each test, pass or fail. */
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  afterEach(async () => {
    for (const undo of cleanups.splice(0).reverse()) await undo();
  });
  const setWaitMs = (ms: string) => {
    const previous = process.env.IDEMPOTENCY_WAIT_MS;
    process.env.IDEMPOTENCY_WAIT_MS = ms;
    cleanups.push(() => (previous === undefined ? delete process.env.IDEMPOTENCY_WAIT_MS : (process.env.IDEMPOTENCY_WAIT_MS = previous)));
  };
  /** Holds the tenant's invoice-number counter row locked (an open transaction) until unlock(). */
  const lockNumberCounter = async () => {
    const runner = svc.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query('SELECT 1 FROM invoice_number_sequence WHERE tenant_id = $1 FOR UPDATE', [t.tenantId]);
    const unlock = async () => {
      if (runner.isTransactionActive) await runner.commitTransaction();
      if (!runner.isReleased) await runner.release();
    };
    cleanups.push(unlock);
    return { pid: await blockerPid(runner), unlock };
  };

  it('createInvoice: the same key and input return the first invoice and create nothing more, not even a number', async () => {
    const first = await create({ notes: 'ck-1', lineItems: lines }, { key: 'create-1' });
    expect(first.errors).toBeUndefined();
    const again = await create({ notes: 'ck-1', lineItems: lines }, { key: 'create-1' });
    expect(again).toEqual(first);
    // Equal after parsing: "2" / "10" are the same line as "2" / "10.00".
    const normalized = await create({ notes: 'ck-1', lineItems: [{ ...lines[0], unitPrice: '10' }] }, { key: 'create-1' });
    expect(normalized.data.createInvoice.id).toBe(first.data.createInvoice.id);
    expect(await invoicesNoted('ck-1')).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM invoice_history WHERE tenant_id = $1 AND invoice_id = $2', [t.tenantId, first.data.createInvoice.id])).toBe(1);
    expect(await keyRows('create-1')).toEqual([{ operation: 'createInvoice', state: 'DONE' }]);

    // The replay is the first result, even after the invoice changed; and it consumed no invoice number.
    await svc.dataSource.query(`UPDATE invoice SET notes = 'changed' WHERE tenant_id = $1 AND id = $2`, [t.tenantId, first.data.createInvoice.id]);
    expect(await create({ notes: 'ck-1', lineItems: lines }, { key: 'create-1' })).toEqual(first);
    const next = await create({ notes: 'ck-next' });
    const numberOf = (r: GraphQLResponse) => Number(r.data.createInvoice.invoiceNumber.replace('INV-', ''));
    expect(numberOf(next)).toBe(numberOf(first) + 1);
  });

  it('createInvoice: the same key with another input, or on another mutation, is IDEMPOTENCY_KEY_REUSED and creates nothing', async () => {
    const first = await create({ notes: 'ck-2', lineItems: lines }, { key: 'create-2' });
    expect(first.errors).toBeUndefined();
    const other = await create({ notes: 'ck-2-other', lineItems: lines }, { key: 'create-2' });
    expect(codeOf(other)).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(other.errors![0].extensions!.path).toEqual(['idempotencyKey']);
    expect(other.data).toBeNull();
    expect(await invoicesNoted('ck-2-other')).toBe(0);

    const many = await svc.gql(t.apiKey, CREATE_MANY, { inputs: [{ customerId: t.customerId, notes: 'ck-2-many' }], key: 'create-2' });
    expect(codeOf(many)).toBe('IDEMPOTENCY_KEY_REUSED');
    const comment = await svc.gql(t.apiKey, COMMENT, { id: first.data.createInvoice.id, comment: 'hi', key: 'create-2' });
    expect(codeOf(comment)).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await invoicesNoted('ck-2-many')).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM invoice_comment WHERE tenant_id = $1 AND invoice_id = $2', [t.tenantId, first.data.createInvoice.id])).toBe(0);
    expect(await invoicesNoted('ck-2')).toBe(1);
  });

  it('takes the key from the Idempotency-Key header or the argument alike; a contradicting pair is refused', async () => {
    const viaHeader = await create({ notes: 'ck-3' }, { headers: { 'Idempotency-Key': 'create-3' } });
    expect(viaHeader.errors).toBeUndefined();
    expect(await create({ notes: 'ck-3' }, { key: 'create-3' })).toEqual(viaHeader);
    expect(await create({ notes: 'ck-3' }, { key: 'create-3', headers: { 'Idempotency-Key': 'create-3' } })).toEqual(viaHeader);
    expect(codeOf(await create({ notes: 'ck-3-new' }, { headers: { 'Idempotency-Key': 'create-3' } }))).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await invoicesNoted('ck-3')).toBe(1);

    const clash = await create({ notes: 'ck-3-clash' }, { key: 'a', headers: { 'Idempotency-Key': 'b' } });
    expect(clash.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', path: ['idempotencyKey'] });
    expect(codeOf(await create({ notes: 'ck-3-clash' }, { key: 'k'.repeat(256) }))).toBe('BAD_USER_INPUT');
    expect(await invoicesNoted('ck-3-clash')).toBe(0);
  });

  it('runs 10 concurrent createInvoice calls with one key exactly once, across two processes; all get the same invoice', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => create({ notes: 'ck-burst', lineItems: lines }, { key: 'burst', via: i % 2 ? svc2 : svc })),
    );
    for (const res of results) expect(res.errors).toBeUndefined();
    expect(new Set(results.map((r) => r.data.createInvoice.id)).size).toBe(1);
    expect(await invoicesNoted('ck-burst')).toBe(1);
    expect(await keyRows('burst')).toEqual([{ operation: 'createInvoice', state: 'DONE' }]);
  });

  it('writes the key row in the creating transaction: nothing is visible until both commit; a retry meanwhile is IDEMPOTENCY_KEY_IN_PROGRESS', async () => {
    await create({ notes: 'ck-seq' }); // the tenant's number counter row exists
    setWaitMs('300');
    // The first call claims the key, then waits for an invoice number.
    const counter = await lockNumberCounter();
    const first = create({ notes: 'ck-slow' }, { key: 'slow' });
    await waitUntilBlockedBy(svc.dataSource, counter.pid, 1);
    expect(await keyRows('slow')).toEqual([]);
    const retry = await create({ notes: 'ck-slow' }, { key: 'slow', via: svc2 });
    expect(retry.errors?.[0].extensions).toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_PROGRESS', retryable: true });
    expect(await invoicesNoted('ck-slow')).toBe(0);

    await counter.unlock();
    const firstRes = await first;
    expect(firstRes.errors).toBeUndefined();
    expect(await create({ notes: 'ck-slow' }, { key: 'slow', via: svc2 })).toEqual(firstRes);
    expect(await invoicesNoted('ck-slow')).toBe(1);
  });

  it('releases the key when the creating call fails, so a corrected retry runs', async () => {
    const missing = await create({ notes: 'ck-fail', customerId: '00000000-0000-4000-8000-000000000000' }, { key: 'create-fail' });
    expect(codeOf(missing)).toBe('CUSTOMER_NOT_FOUND');
    expect(await keyRows('create-fail')).toEqual([]);
    const retry = await create({ notes: 'ck-fail' }, { key: 'create-fail' });
    expect(retry.errors).toBeUndefined();
    expect(await invoicesNoted('ck-fail')).toBe(1);
    expect(await keyRows('create-fail')).toEqual([{ operation: 'createInvoice', state: 'DONE' }]);
  });

  it('createInvoices: a keyed batch replays its first answer (CREATED, not EXISTING); another batch with the key is refused', async () => {
    const batch = [
      { customerId: t.customerId, invoiceNumber: 'IDEM-B-1', notes: 'ck-batch', lineItems: lines },
      { customerId: t.customerId, notes: 'ck-batch' },
      { customerId: t.customerId, notes: 'ck-batch', currencyIsoCode: 'JPY', shippingAndHandling: '0.5' },
    ];
    const first = await svc.gql(t.apiKey, CREATE_MANY, { inputs: batch, key: 'batch-1' });
    expect(first.errors).toBeUndefined();
    expect(first.data.createInvoices).toMatchObject({ createdCount: 2, existingCount: 0, failedCount: 1 });
    expect(first.data.createInvoices.results[2].error).toEqual({ code: 'VALIDATION_FAILED', path: ['inputs', '2', 'shippingAndHandling'] });
    const again = await svc2.gql(t.apiKey, CREATE_MANY, { inputs: batch }, { 'Idempotency-Key': 'batch-1' });
    expect(again).toEqual(first);
    expect(await invoicesNoted('ck-batch')).toBe(2);

    const other = await svc.gql(t.apiKey, CREATE_MANY, { inputs: [{ customerId: t.customerId, invoiceNumber: 'IDEM-B-2', notes: 'ck-batch' }], key: 'batch-1' });
    expect(codeOf(other)).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await count(`SELECT count(*)::int AS n FROM invoice WHERE tenant_id = $1 AND invoice_number = 'IDEM-B-2'`, [t.tenantId])).toBe(0);
    expect(await keyRows('batch-1')).toEqual([{ operation: 'createInvoices', state: 'DONE' }]);
  });

  it('createInvoices: concurrent keyed retries of one batch create each invoice once', async () => {
    const batch = Array.from({ length: 4 }, () => ({ customerId: t.customerId, notes: 'ck-batch-burst', lineItems: lines }));
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? svc2 : svc).gql(t.apiKey, CREATE_MANY, { inputs: batch, key: 'batch-burst' })));
    for (const res of results) expect(res).toEqual(results[0]);
    expect(results[0].data.createInvoices.createdCount).toBe(4);
    expect(await invoicesNoted('ck-batch-burst')).toBe(4);
  });

  it('addInvoiceComment: the same key and comment add one comment; another comment with the key is refused', async () => {
    const invoiceId = await insertInvoice(svc.dataSource, t.tenantId, { customerId: t.customerId });
    const comments = () => count('SELECT count(*)::int AS n FROM invoice_comment WHERE tenant_id = $1 AND invoice_id = $2', [t.tenantId, invoiceId]);
    const first = await svc.gql(t.apiKey, COMMENT, { id: invoiceId, comment: 'Sent to customer', key: 'comment-1' });
    expect(first.errors).toBeUndefined();
    const all = await Promise.all([
      svc.gql(t.apiKey, COMMENT, { id: invoiceId, comment: 'Sent to customer', key: 'comment-1' }),
      svc2.gql(t.apiKey, COMMENT, { id: invoiceId, comment: '  Sent to customer ' }, { 'Idempotency-Key': 'comment-1' }),
    ]);
    for (const res of all) expect(res).toEqual(first);
    expect(await comments()).toBe(1);
    expect(codeOf(await svc.gql(t.apiKey, COMMENT, { id: invoiceId, comment: 'Something else', key: 'comment-1' }))).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await comments()).toBe(1);
    // Without a key every call adds a comment, as before.
    await svc.gql(t.apiKey, COMMENT, { id: invoiceId, comment: 'Sent to customer' });
    expect(await comments()).toBe(2);
  });

  it('keeps keys per tenant: another tenant may use the same key for its own invoice', async () => {
    const other = await newTenant(svc, 'Second create idempotency tenant');
    const mine = await create({ notes: 'ck-shared' }, { key: 'shared' });
    const theirs = await create({ notes: 'ck-shared' }, { key: 'shared', tenant: other });
    expect(mine.errors).toBeUndefined();
    expect(theirs.errors).toBeUndefined();
    expect(theirs.data.createInvoice.id).not.toBe(mine.data.createInvoice.id);
    expect(await invoicesNoted('ck-shared', other.tenantId)).toBe(1);
    expect(await invoicesNoted('ck-shared')).toBe(1);
    // A different input under the same key in the other tenant is that tenant's business only.
    expect(codeOf(await create({ notes: 'ck-shared-2' }, { key: 'shared', tenant: other }))).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await create({ notes: 'ck-shared' }, { key: 'shared' })).toEqual(mine);
  });
});
