import { randomUUID } from 'node:crypto';
import { InvoiceStatus } from '../../src/invoices/invoice-status';
import { snapshotTenants } from '../fixtures/db-snapshot';
import { insertCustomer, insertInvoice } from '../fixtures/factories';
import { GraphQLResponse, startTestService, TestService } from '../support/test-service';
import { requireRootFields } from './schema-contract';

/**
 * Every mutation fed malformed values: negative and huge amounts, too many decimals, bad dates,
 * unknown currencies, oversized strings, wrong types and other tenants' ids. Each gets a clear
 * error (a stable code that is not INTERNAL_SERVER_ERROR, with the path of the bad value for input
 * errors) and the database is unchanged: every row of both tenants hashes the same afterwards.
 *
 * Each mutation first runs once with valid input (a positive control), so that a typo in the
 * test's own input shape cannot make the refusals pass vacuously.
 */
const MUTATIONS = [
  'createInvoice', 'createInvoices', 'updateInvoice', 'activateInvoices', 'cancelInvoices', 'voidInvoices', 'deleteInvoices',
  'applyDiscount', 'removeDiscount', 'addInvoiceComment', 'recordPayment', 'completePayment', 'failPayment', 'refundPayment',
];

/** Codes that say precisely what was wrong. */
const CLEAR_CODES = new Set([
  'BAD_USER_INPUT', 'VALIDATION_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'PAYLOAD_TOO_LARGE',
  'INVOICE_NOT_FOUND', 'CUSTOMER_NOT_FOUND', 'CONTACT_NOT_FOUND', 'PAYMENT_NOT_FOUND', 'CURRENCY_MISMATCH', 'OVERPAYMENT',
  'REFUND_EXCEEDS_PAYMENT', 'BULK_SELECTION_REQUIRED', 'INVALID_TRANSITION', 'PAYMENT_NOT_PENDING', 'PAYMENT_NOT_REFUNDABLE',
  'FIELD_NOT_EDITABLE', 'VERSION_CONFLICT',
]);

const BIG = 'x'.repeat(900_000); // under the 1 MB body limit, far over any field's maximum
const TEN_MB = 'x'.repeat(10 * 1024 * 1024);

interface Case {
  name: string;
  query: string;
  variables: Record<string, unknown>;
  /** Bulk mutations may answer per invoice instead of with a top-level error. */
  bulk?: string;
}

describe('bad input to every mutation', () => {
  let svc: TestService;
  let t: { tenantId: string; apiKey: string };
  let other: { tenantId: string; apiKey: string };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    svc = await startTestService();
    t = await svc.newTenant('Bad input tenant');
    other = await svc.newTenant('Bad input other tenant');
    ids.customer = await insertCustomer(svc.dataSource, t.tenantId);
    ids.draft = await insertInvoice(svc.dataSource, t.tenantId, { customerId: ids.customer });
    ids.controlDraft = await insertInvoice(svc.dataSource, t.tenantId, { customerId: ids.customer });
    ids.active = await insertInvoice(svc.dataSource, t.tenantId, { customerId: ids.customer, status: InvoiceStatus.ACTIVE, lines: [{ quantity: '1', unitPrice: '100.00' }] });
    ids.jpy = await insertInvoice(svc.dataSource, t.tenantId, { customerId: ids.customer, status: InvoiceStatus.ACTIVE, currency: 'JPY', lines: [{ quantity: '1', unitPrice: '1000' }] });
    ids.otherCustomer = await insertCustomer(svc.dataSource, other.tenantId);
    ids.otherInvoice = await insertInvoice(svc.dataSource, other.tenantId, { customerId: ids.otherCustomer, status: InvoiceStatus.ACTIVE });
    ids.otherDraft = await insertInvoice(svc.dataSource, other.tenantId, { customerId: ids.otherCustomer });
  });
  afterAll(() => svc.stop());

  const problems: string[] = [];
  /** A positive control; a failure is reported (the test's input shape may be out of date, or the mutation broken). */
  const ok = async (name: string, key: string, query: string, variables: Record<string, unknown>): Promise<any> => {
    const res = await svc.gql(key, query, variables);
    if (res.errors) problems.push(`positive control ${name} failed: ${JSON.stringify(res.errors).slice(0, 300)}`);
    return res.data ?? {};
  };

  const isClear = (res: GraphQLResponse): string | undefined => {
    if (!res.errors?.length) return 'no error';
    const e = res.errors[0];
    const code = e.extensions?.code;
    if (!CLEAR_CODES.has(code)) return `code ${code}: ${e.message}`;
    if (!e.message || e.message.length < 5) return `empty message for ${code}`;
    if ((code === 'BAD_USER_INPUT' || code === 'VALIDATION_FAILED') && !e.extensions?.path && !e.extensions?.fields && !/at "|\$\w+/.test(e.message)) {
      return `${code} without the path of the bad value: ${e.message}`;
    }
    return undefined;
  };

  it('refuses every malformed value with a clear error and changes nothing', async () => {
    await requireRootFields(svc, 'Mutation', MUTATIONS);

    // Positive controls (before the snapshot): the shapes below are right.
    const line = { description: 'Consulting', quantity: '2', unitPrice: '10.00' };
    const validCreate = { customerId: ids.customer, currencyIsoCode: 'USD', invoiceDate: '2025-07-01', lineItems: [line] };
    await ok('createInvoice', t.apiKey, 'mutation($i: CreateInvoiceInput!) { createInvoice(input: $i) { id } }', { i: validCreate });
    await ok('updateInvoice', t.apiKey, 'mutation($id: ID!, $i: UpdateInvoiceInput!) { updateInvoice(id: $id, input: $i) { id } }', { id: ids.controlDraft, i: { notes: 'fine' } });
    await ok('applyDiscount', t.apiKey, 'mutation($id: ID!, $d: InvoiceDiscountInput!) { applyDiscount(invoiceId: $id, discount: $d) { id } }', { id: ids.controlDraft, d: { type: 'AMOUNT', value: '1.00' } });
    await ok('addInvoiceComment', t.apiKey, 'mutation($id: ID!) { addInvoiceComment(invoiceId: $id, comment: "fine") { id } }', { id: ids.controlDraft });
    const paid = await ok('recordPayment', t.apiKey, 'mutation($id: ID!) { recordPayment(invoiceId: $id, input: {amount: "1.00", method: CASH}) { payment { id } } }', { id: ids.active });
    ids.payment = paid.recordPayment?.payment.id ?? randomUUID();
    const pending = await ok('recordPayment PENDING', t.apiKey, 'mutation($id: ID!) { recordPayment(invoiceId: $id, input: {amount: "1.00", method: HOSTED, status: PENDING}) { payment { id } } }', { id: ids.active });
    ids.pending = pending.recordPayment?.payment.id ?? randomUUID();
    await ok('refundPayment', t.apiKey, 'mutation($i: ID!, $p: ID!) { refundPayment(invoiceId: $i, paymentId: $p, input: {amount: "0.10"}) { refund { id } } }', { i: ids.active, p: ids.payment });
    const otherPaid = await ok('recordPayment (other tenant)', other.apiKey, 'mutation($id: ID!) { recordPayment(invoiceId: $id, input: {amount: "1.00", method: CASH}) { payment { id } } }', { id: ids.otherInvoice });
    ids.otherPayment = otherPaid.recordPayment?.payment.id ?? randomUUID();

    const before = await snapshotTenants(svc.dataSource, [t.tenantId, other.tenantId]);

    const create = (override: Record<string, unknown>, name: string): Case => ({
      name: `createInvoice ${name}`,
      query: 'mutation($i: CreateInvoiceInput!) { createInvoice(input: $i) { id } }',
      variables: { i: { ...validCreate, ...override } },
    });
    const createLine = (override: Record<string, unknown>, name: string) => create({ lineItems: [{ ...line, ...override }] }, `line ${name}`);
    const pay = (input: Record<string, unknown>, name: string, invoiceId = ids.active): Case => ({
      name: `recordPayment ${name}`,
      query: 'mutation($id: ID!, $i: RecordPaymentInput!) { recordPayment(invoiceId: $id, input: $i) { payment { id } } }',
      variables: { id: invoiceId, i: { amount: '1.00', method: 'CASH', ...input } },
    });
    const refund = (input: Record<string, unknown>, name: string, paymentId = ids.payment, invoiceId = ids.active): Case => ({
      name: `refundPayment ${name}`,
      query: 'mutation($i: ID!, $p: ID!, $r: RefundPaymentInput!) { refundPayment(invoiceId: $i, paymentId: $p, input: $r) { refund { id } } }',
      variables: { i: invoiceId, p: paymentId, r: { amount: '0.10', ...input } },
    });
    const update = (input: Record<string, unknown>, name: string, id = ids.draft): Case => ({
      name: `updateInvoice ${name}`,
      query: 'mutation($id: ID!, $i: UpdateInvoiceInput!) { updateInvoice(id: $id, input: $i) { id } }',
      variables: { id, i: input },
    });
    const discount = (d: Record<string, unknown>, name: string, id = ids.draft): Case => ({
      name: `applyDiscount ${name}`,
      query: 'mutation($id: ID!, $d: InvoiceDiscountInput!) { applyDiscount(invoiceId: $id, discount: $d) { id } }',
      variables: { id, d },
    });
    const bulk = (mutation: string, input: Record<string, unknown>, name: string): Case => ({
      name: `${mutation} ${name}`,
      query: `mutation($i: ${mutation[0].toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $i) { succeededCount failedCount } }`,
      variables: { i: input },
      bulk: mutation,
    });

    const cases: Case[] = [
      // Amounts
      createLine({ unitPrice: '-10.00' }, 'negative price'),
      createLine({ quantity: '-1' }, 'negative quantity'),
      createLine({ unitPrice: '1e400' }, 'exponent amount'),
      createLine({ unitPrice: '9'.repeat(40) + '.00' }, 'huge amount'),
      createLine({ discountAmount: '1.001' }, 'line discount with three decimals in USD'),
      createLine({ unitPrice: 'ten' }, 'not a number'),
      createLine({ unitPrice: 'NaN' }, 'NaN'),
      createLine({ unitPrice: 'Infinity' }, 'Infinity'),
      createLine({ unitPrice: true }, 'boolean amount'),
      createLine({ unitPrice: { value: 1 } }, 'object amount'),
      createLine({ description: '' }, 'empty description'),
      createLine({ description: BIG }, '900 KB description'),
      create({ taxAmount: '-1.00' }, 'negative tax'),
      create({ shippingAndHandling: '1.234' }, 'shipping with three decimals'),
      create({ discount: { type: 'PERCENTAGE', value: '150' } }, 'discount over 100 %'),
      create({ discount: { type: 'AMOUNT', value: '-5.00' } }, 'negative discount'),
      create({ lineItems: Array.from({ length: 1001 }, () => line) }, 'too many lines'),
      // Dates
      create({ invoiceDate: '2025-02-30' }, 'February 30'),
      create({ invoiceDate: '2025-13-01' }, 'month 13'),
      create({ invoiceDate: 'yesterday' }, 'not a date'),
      create({ invoiceDate: '01/07/2025' }, 'US date format'),
      create({ dueDate: '99999-01-01' }, 'five-digit year'),
      // Currencies
      create({ currencyIsoCode: 'XYZ' }, 'unknown currency'),
      // (a lower-case code is accepted: "usd" is USD, see test/payments/ledger-rules.test.ts)
      create({ currencyIsoCode: 'us d' }, 'currency with a space inside'),
      create({ currencyIsoCode: 'US' }, 'two-letter currency'),
      create({ currencyIsoCode: "USD'; DROP TABLE invoice; --" }, 'injection in currency'),
      // Types, sizes and ids
      create({ customerId: 12345 }, 'number as id'),
      create({ customerId: 'not-a-uuid' }, 'malformed id'),
      create({ customerId: ids.otherCustomer }, "other tenant's customer"),
      create({ customerId: randomUUID() }, 'unknown customer'),
      create({ notes: BIG }, '900 KB notes'),
      create({ lineItems: 'one line' }, 'string as list'),
      create({ customFields: 'not an object' }, 'string as JSON object'),
      create({ unknownField: 1 }, 'unknown field'),

      update({ dueDate: '2025-02-30' }, 'bad date'),
      update({ currencyIsoCode: 'XYZ' }, 'unknown currency'),
      update({ notes: BIG }, 'huge notes'),
      update({ lineItems: [{ ...line, unitPrice: '-1.00' }] }, 'negative line'),
      update({ notes: 'pwned' }, "other tenant's invoice", ids.otherDraft),
      update({ notes: 'x' }, 'malformed id', 'not-a-uuid'),

      discount({ type: 'PERCENTAGE', value: '150' }, 'over 100 %'),
      discount({ type: 'PERCENTAGE', value: '-10' }, 'negative percentage'),
      discount({ type: 'AMOUNT', value: '-1.00' }, 'negative amount'),
      discount({ type: 'AMOUNT', value: '1.001' }, 'three decimals'),
      discount({ type: 'AMOUNT', value: 'abc' }, 'not a number'),
      discount({ type: 'BOGUS', value: '1' }, 'unknown type'),
      discount({ type: 'AMOUNT', value: '1.00' }, "other tenant's invoice", ids.otherDraft),
      { name: 'removeDiscount other tenant', query: 'mutation($id: ID!) { removeDiscount(invoiceId: $id) { id } }', variables: { id: ids.otherDraft } },
      { name: 'addInvoiceComment empty', query: 'mutation($id: ID!, $c: String!) { addInvoiceComment(invoiceId: $id, comment: $c) { id } }', variables: { id: ids.draft, c: '' } },
      { name: 'addInvoiceComment too long', query: 'mutation($id: ID!, $c: String!) { addInvoiceComment(invoiceId: $id, comment: $c) { id } }', variables: { id: ids.draft, c: 'c'.repeat(5000) } },
      { name: 'addInvoiceComment other tenant', query: 'mutation($id: ID!, $c: String!) { addInvoiceComment(invoiceId: $id, comment: $c) { id } }', variables: { id: ids.otherDraft, c: 'pwned' } },

      pay({ amount: '-1.00' }, 'negative'),
      pay({ amount: '0' }, 'zero'),
      pay({ amount: '0.00' }, 'zero with decimals'),
      pay({ amount: '1.001' }, 'three decimals in USD'),
      pay({ amount: '1.5' }, 'decimals in JPY', ids.jpy),
      pay({ amount: '9'.repeat(40) }, 'huge'),
      pay({ amount: '1e3' }, 'exponent'),
      pay({ amount: 'abc' }, 'not a number'),
      pay({ amount: true }, 'boolean'),
      pay({ method: 'BITCOIN' }, 'unknown method'),
      pay({ currency: 'EUR' }, 'other currency'),
      pay({ currency: 'XYZ' }, 'unknown currency'),
      pay({ receivedDate: '2025-02-30' }, 'bad date'),
      pay({ receivedDate: 'today' }, 'not a date'),
      pay({ referenceNumber: 'r'.repeat(10_000) }, 'long reference'),
      pay({ notes: BIG }, 'huge notes'),
      pay({ cardLast4: '12345' }, 'five card digits'),
      pay({}, "other tenant's invoice", ids.otherInvoice),
      pay({}, 'unknown invoice', randomUUID()),
      pay({}, 'malformed invoice id', "1' OR '1'='1"),
      pay({}, 'draft invoice', ids.draft),

      refund({ amount: '-0.10' }, 'negative'),
      refund({ amount: '0' }, 'zero'),
      refund({ amount: '0.001' }, 'three decimals'),
      refund({ amount: '1000.00' }, 'more than paid'),
      refund({ amount: 'abc' }, 'not a number'),
      refund({ reason: BIG }, 'huge reason'),
      refund({}, "other tenant's payment", ids.otherPayment),
      refund({}, "other tenant's invoice and payment", ids.otherPayment, ids.otherInvoice),
      refund({}, 'unknown payment', randomUUID()),
      refund({}, 'pending payment', ids.pending),

      { name: 'completePayment unknown', query: 'mutation($i: ID!, $p: ID!) { completePayment(invoiceId: $i, paymentId: $p) { payment { id } } }', variables: { i: ids.active, p: randomUUID() } },
      { name: 'completePayment other tenant', query: 'mutation($i: ID!, $p: ID!) { completePayment(invoiceId: $i, paymentId: $p) { payment { id } } }', variables: { i: ids.otherInvoice, p: ids.otherPayment } },
      { name: 'completePayment completed', query: 'mutation($i: ID!, $p: ID!) { completePayment(invoiceId: $i, paymentId: $p) { payment { id } } }', variables: { i: ids.active, p: ids.payment } },
      { name: 'failPayment malformed id', query: 'mutation($i: ID!, $p: ID!) { failPayment(invoiceId: $i, paymentId: $p, reason: "x") { payment { id } } }', variables: { i: ids.active, p: 'garbage' } },
      { name: 'failPayment huge reason', query: 'mutation($i: ID!, $p: ID!, $r: String) { failPayment(invoiceId: $i, paymentId: $p, reason: $r) { payment { id } } }', variables: { i: ids.active, p: ids.pending, r: BIG } },

      bulk('activateInvoices', {}, 'no selection'),
      bulk('activateInvoices', { where: {} }, 'empty filter'),
      bulk('activateInvoices', { invoiceIds: ['not-a-uuid'] }, 'malformed id'),
      bulk('activateInvoices', { invoiceIds: [ids.draft], invoiceDate: '2025-02-30' }, 'bad invoice date'),
      bulk('activateInvoices', { invoiceIds: [ids.draft], activateOn: 'soon' }, 'bad activateOn'),
      bulk('activateInvoices', { invoiceIds: [ids.draft], invoiceComment: { comment: '' } }, 'empty comment'),
      bulk('activateInvoices', { where: { amount: { gt: 'abc' } } }, 'bad decimal in filter'),
      bulk('activateInvoices', { invoiceIds: [ids.otherDraft] }, "other tenant's invoice"),
      bulk('cancelInvoices', {}, 'no selection'),
      bulk('cancelInvoices', { invoiceIds: [ids.otherInvoice] }, "other tenant's invoice"),
      bulk('voidInvoices', { where: {} }, 'empty filter'),
      bulk('voidInvoices', { invoiceIds: [ids.otherInvoice] }, "other tenant's invoice"),
      bulk('deleteInvoices', {}, 'no selection'),
      bulk('deleteInvoices', { invoiceIds: [ids.otherDraft] }, "other tenant's invoice"),
      bulk('deleteInvoices', { where: { status: { eq: 'NOT_A_STATUS' } } }, 'unknown status'),
      {
        name: 'createInvoices one bad input',
        query: 'mutation($is: [CreateInvoiceInput!]!) { createInvoices(inputs: $is) { createdCount failedCount } }',
        variables: { is: [{ ...validCreate, invoiceNumber: 'BAD-1', lineItems: [{ ...line, unitPrice: '-1.00' }] }] },
        bulk: 'createInvoices',
      },
    ];

    for (const c of cases) {
      const res = await svc.gql(t.apiKey, c.query, c.variables);
      if (c.bulk && !res.errors) {
        const out = res.data?.[c.bulk];
        const succeeded = out?.succeededCount ?? out?.createdCount;
        if (succeeded !== 0 || !(out?.failedCount > 0)) problems.push(`${c.name}: accepted (${JSON.stringify(out)})`);
        continue;
      }
      const why = isClear(res);
      if (why) problems.push(`${c.name}: ${why}`);
    }

    // 10 MB in one field: refused at the door (body limit), before any parsing.
    const huge = await svc.gql(t.apiKey, 'mutation($i: CreateInvoiceInput!) { createInvoice(input: $i) { id } }', { i: { ...validCreate, notes: TEN_MB } });
    if (huge.errors?.[0].extensions?.code !== 'PAYLOAD_TOO_LARGE') problems.push(`10 MB notes: ${JSON.stringify(huge).slice(0, 200)}`);

    const after = await snapshotTenants(svc.dataSource, [t.tenantId, other.tenantId]);
    for (const table of Object.keys(before)) {
      if (after[table].md5 !== before[table].md5) problems.push(`table ${table} changed: ${before[table].rows} -> ${after[table].rows} rows`);
    }
    expect(problems).toEqual([]);
    expect(after).toEqual(before);
  }, 120_000);
});
