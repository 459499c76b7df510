import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppError } from '../../src/common/errors';
import { createDataSource } from '../../src/db/data-source';
import { SqlParams } from '../../src/common/sql-params';
import { compileInvoiceWhere, isEmptyWhere, mentionsIsActive } from '../../src/read/where';
import { InvoiceWhereInput } from '../../src/read/where-inputs';
import { createTenant } from '../../src/tenancy/api-key.service';
import { insertRows, INVOICE_COLUMNS, invoiceRow, LINE_ITEM_COLUMNS, PAYMENT_COLUMNS, CUSTOMER_COLUMNS, Row } from '../fixtures/filter-dataset';

/**
 * Every operator of every field kind, relation quantifiers, NULL semantics and each refused
 * input, run as compiled SQL on real PostgreSQL over six hand-made invoices.
 */
let ds: DataSource;
let tenantId: string;
let otherTenantId: string;
const cA = randomUUID();
const cB = randomUUID();
const ids: Record<string, string> = {};
const actor = randomUUID();

const inv = (n: number, o: Row) => {
  ids[`i${n}`] = ids[`i${n}`] ?? randomUUID();
  return invoiceRow({ id: ids[`i${n}`], invoiceNumber: `INV-00${n}`, customerId: cA, ...o });
};

beforeAll(async () => {
  ds = createDataSource({ url: process.env.TEST_DATABASE_URL!, poolSize: 2 });
  await ds.initialize();
  tenantId = (await createTenant(ds, 'filters-sql')).tenantId;
  otherTenantId = (await createTenant(ds, 'filters-sql-other')).tenantId;
  await insertRows(ds, 'customer', tenantId, CUSTOMER_COLUMNS, [
    { id: cA, customerNumber: 'C-1', companyName: 'Acme Corp', companyEmail: 'billing@acme.com', companyPhone: null, createdDate: '2024-01-01T00:00:00Z' },
    { id: cB, customerNumber: null, companyName: '100% Natural_Foods\\Inc', companyEmail: null, companyPhone: '+1 555', createdDate: '2024-06-01T00:00:00Z' },
  ]);
  const invoices = [
    inv(1, { status: 'ACTIVE', notes: 'Net 30 days', poNumber: 'PO-1', amount: '100.00', createdDate: '2025-01-01T00:00:00.000Z', customFields: { region: 'eu', tier: 1 }, activatedTime: '2025-01-02T10:00:00.000Z', activatedById: actor }),
    inv(2, { status: 'DRAFT', notes: null, dueDate: null, poNumber: '100%', amount: '250.50', externalId: 'ext-2', version: 2, discountType: 'PERCENTAGE', discountValue: '10', createdDate: '2025-02-01T00:00:00.000Z', customFields: { region: 'us' } }),
    inv(3, { status: 'CANCELED', notes: 'a_b', dueDate: '2025-08-15', poNumber: 'a_b', amount: '0.00', externalId: 'EXT-3', customerId: cB, createdDate: '2025-03-01T12:00:00.000Z' }),
    inv(4, { status: 'PENDING_ACTIVATION', invoiceNumber: 'inv_004', notes: 'back\\slash', dueDate: '2025-07-01', poNumber: 'aXb', amount: '1000.00', customerId: cB, createdDate: '2025-04-01T00:00:00.000Z' }),
    inv(5, { status: 'VOIDED', notes: "O'Brien'; DROP TABLE invoice; --", poNumber: null, amount: '99.99', createdDate: '2025-05-01T00:00:00.000Z' }),
    inv(6, { status: 'ACTIVE', paymentStatus: 'PAID', amount: '50.00', amountPaid: '50.00', notes: 'Ünïcödé', isActive: false, customerId: cB, createdDate: '2025-06-01T00:00:00.000Z' }),
  ];
  await insertRows(ds, 'invoice', tenantId, INVOICE_COLUMNS, invoices);
  const li = (invoice: string, lineNumber: number, o: Row): Row => ({
    id: randomUUID(), invoiceId: ids[invoice], lineNumber, productCode: 'SKU-1', description: 'Widget', quantity: '1', unitPrice: '10',
    discountAmount: '0', taxAmount: '0', amount: '10', startDate: null, endDate: null, ...o,
  });
  await insertRows(ds, 'invoice_line_item', tenantId, LINE_ITEM_COLUMNS, [
    li('i1', 1, { description: 'Widget', quantity: '2', unitPrice: '25', amount: '50' }),
    li('i1', 2, { description: 'Gadget', quantity: '1', unitPrice: '50', amount: '50', productCode: null }),
    li('i2', 1, { description: 'Widget', quantity: '10', unitPrice: '25.05', amount: '250.50' }),
    li('i4', 1, { description: 'Service fee', productCode: null, amount: '1000.00', startDate: '2025-07-01' }),
    li('i5', 1, { description: 'Widget', amount: '99.99' }),
    li('i6', 1, { description: 'Gadget', amount: '50.00' }),
  ]);
  const pay = (invoice: string, o: Row): Row => ({
    id: randomUUID(), invoiceId: ids[invoice], amount: '10', currency: 'USD', method: 'EFT', status: 'PENDING', receivedDate: null,
    referenceNumber: null, notes: null, paymentProfileId: null, cardBrand: null, cardLast4: null, failureReason: null, refundedAmount: '0',
    createdDate: '2025-07-01T00:00:00Z', completedAt: null, failedAt: null, ...o,
  });
  await insertRows(ds, 'payment', tenantId, PAYMENT_COLUMNS, [
    pay('i1', { amount: '10', method: 'EFT', status: 'PENDING' }),
    pay('i6', { amount: '50.00', method: 'CARD', status: 'COMPLETED', cardBrand: 'VISA', completedAt: '2025-07-02T00:00:00Z' }),
    pay('i5', { amount: '5', method: 'CHECK', status: 'FAILED', failureReason: 'NSF', failedAt: '2025-07-03T00:00:00Z' }),
  ]);
  // Another tenant's invoice that matches everything: it must never appear.
  const otherCustomer = randomUUID();
  await insertRows(ds, 'customer', otherTenantId, CUSTOMER_COLUMNS, [{ id: otherCustomer, customerNumber: 'C-1', companyName: 'Acme Corp', companyEmail: null, companyPhone: null, createdDate: '2024-01-01T00:00:00Z' }]);
  await insertRows(ds, 'invoice', otherTenantId, INVOICE_COLUMNS, [invoiceRow({ id: randomUUID(), invoiceNumber: 'INV-001', customerId: otherCustomer, status: 'ACTIVE', notes: 'Net 30 days' })]);
});

afterAll(async () => {
  await ds?.destroy();
});

/** Invoice numbers matched by `where` (tenant-scoped; soft-deleted rows included: that is the caller's choice). */
async function match(where: unknown, alias = 'i'): Promise<string[]> {
  const params = new SqlParams();
  const t = params.add(tenantId);
  const sql = compileInvoiceWhere(where as InvoiceWhereInput, params, alias);
  const rows: Array<{ n: string }> = await ds.query(
    `SELECT ${alias}.invoice_number AS n FROM invoice ${alias} WHERE ${alias}.tenant_id = ${t} AND (${sql}) ORDER BY 1`, params.values);
  return rows.map((r) => r.n).map((n) => (n === 'inv_004' ? 'INV-004' : n)).map((n) => n.replace('INV-00', 'i')).sort();
}

function refusal(where: unknown): { code?: unknown; path?: unknown; message: string } {
  try {
    compileInvoiceWhere(where as InvoiceWhereInput, new SqlParams());
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return { code: (e as AppError).extensions.code, path: (e as AppError).extensions.path, message: (e as AppError).message };
  }
  throw new Error('expected a refusal');
}

describe('string operators', () => {
  it.each<[string, unknown, string[]]>([
    ['eq is exact and case-sensitive', { notes: { eq: 'a_b' } }, ['i3']],
    ['eq differs by case', { poNumber: { eq: 'po-1' } }, []],
    ['eq null is IS NULL', { notes: { eq: null } }, ['i2']],
    ['ne matches NULL columns too', { notes: { ne: 'a_b' } }, ['i1', 'i2', 'i4', 'i5', 'i6']],
    ['ne null is IS NOT NULL', { notes: { ne: null } }, ['i1', 'i3', 'i4', 'i5', 'i6']],
    ['in', { poNumber: { in: ['PO-1', 'aXb', 'nope'] } }, ['i1', 'i4']],
    ['in [] matches nothing', { poNumber: { in: [] } }, []],
    ['notIn matches NULL columns', { poNumber: { notIn: ['PO-1', 'aXb'] } }, ['i2', 'i3', 'i5', 'i6']],
    ['notIn [] matches everything', { poNumber: { notIn: [] } }, ['i1', 'i2', 'i3', 'i4', 'i5', 'i6']],
    ['isNull true', { externalId: { isNull: true } }, ['i1', 'i4', 'i5', 'i6']],
    ['isNull false', { externalId: { isNull: false } }, ['i2', 'i3']],
    ['contains ignores case', { externalId: { contains: 'ext' } }, ['i2', 'i3']],
    ['startsWith ignores case', { name: { startsWith: 'inv-00' } }, ['i1', 'i2', 'i3', 'i5', 'i6']],
    ['contains % is literal', { poNumber: { contains: '%' } }, ['i2']],
    ['contains _ is literal', { poNumber: { contains: '_' } }, ['i3']],
    ['startsWith _ is literal (not aXb)', { poNumber: { startsWith: 'a_' } }, ['i3']],
    ['contains \\ is literal', { notes: { contains: '\\' } }, ['i4']],
    ['contains a quote', { notes: { contains: "'" } }, ['i5']],
    ['contains folds non-ASCII case', { notes: { contains: 'üNÏ' } }, ['i6']],
    ['startsWith folds non-ASCII case', { notes: { startsWith: 'ünïCÖ' } }, ['i6']],
    ['name and invoiceNumber are one column', { invoiceNumber: { eq: 'inv_004' } }, ['i4']],
    ['operators in one object are AND-ed', { notes: { contains: 'a', ne: 'a_b' } }, ['i1', 'i4', 'i5']],
    ['currencyIsoCode eq', { currencyIsoCode: { eq: 'USD' } }, ['i1', 'i2', 'i3', 'i4', 'i5', 'i6']],
  ])('%s', async (_name, where, expected) => {
    expect(await match(where)).toEqual(expected);
  });

  it.each([
    "' OR '1'='1", "'; DROP TABLE invoice; --", '%', '_', '\\', '%%', '\\%', "a_b' --", '$1', '"; SELECT 1; --', '\u00e9\u0301', ')) OR TRUE --',
  ])('SQL injection / metacharacter string %j finds only literal matches', async (text) => {
    for (const op of ['eq', 'contains', 'startsWith'] as const) {
      const got = await match({ or: [{ notes: { [op]: text } }, { poNumber: { [op]: text } }, { customer: { companyName: { [op]: text } } }] });
      // Reference: literal comparison in TypeScript over the same values.
      const rows = [['i1', 'Net 30 days', 'PO-1', 'Acme Corp'], ['i2', null, '100%', 'Acme Corp'], ['i3', 'a_b', 'a_b', '100% Natural_Foods\\Inc'],
        ['i4', 'back\\slash', 'aXb', '100% Natural_Foods\\Inc'], ['i5', "O'Brien'; DROP TABLE invoice; --", null, 'Acme Corp'], ['i6', 'Ünïcödé', null, '100% Natural_Foods\\Inc']];
      const test = (v: string | null) => v !== null && (op === 'eq' ? v === text : op === 'contains' ? v.toLowerCase().includes(text.toLowerCase()) : v.toLowerCase().startsWith(text.toLowerCase()));
      expect(got).toEqual(rows.filter((r) => r.slice(1).some(test)).map((r) => r[0]));
    }
    const [{ count }] = await ds.query('SELECT count(*)::int AS count FROM invoice WHERE tenant_id = $1', [tenantId]);
    expect(count).toBe(6);
  });
});

describe('id, enum, boolean, int and json operators', () => {
  it.each<[string, () => unknown, string[]]>([
    ['id eq', () => ({ id: { eq: ids.i3 } }), ['i3']],
    ['id eq in upper case', () => ({ id: { eq: ids.i3.toUpperCase() } }), ['i3']],
    ['id ne', () => ({ id: { ne: ids.i3 } }), ['i1', 'i2', 'i4', 'i5', 'i6']],
    ['id in', () => ({ id: { in: [ids.i1, ids.i2, randomUUID()] } }), ['i1', 'i2']],
    ['id notIn', () => ({ id: { notIn: [ids.i1, ids.i2] } }), ['i3', 'i4', 'i5', 'i6']],
    ['customerId eq', () => ({ customerId: { eq: cB } }), ['i3', 'i4', 'i6']],
    ['nullable id isNull false', () => ({ activatedById: { isNull: false } }), ['i1']],
    ['nullable id ne matches NULL', () => ({ activatedById: { ne: actor } }), ['i2', 'i3', 'i4', 'i5', 'i6']],
    ['nullable id eq null', () => ({ billToContactId: { eq: null } }), ['i1', 'i2', 'i3', 'i4', 'i5', 'i6']],
    ['status quoted lower case', () => ({ status: { eq: 'active' } }), ['i1', 'i6']],
    ['status alias issued / cancelled', () => ({ status: { in: ['Issued', 'cancelled'] } }), ['i1', 'i3', 'i6']],
    ['status ne', () => ({ status: { ne: 'ACTIVE' } }), ['i2', 'i3', 'i4', 'i5']],
    ['status notIn with separators', () => ({ status: { notIn: ['pending-activation', 'Pending Activation', 'draft'] } }), ['i1', 'i3', 'i5', 'i6']],
    ['status isNull false', () => ({ status: { isNull: false } }), ['i1', 'i2', 'i3', 'i4', 'i5', 'i6']],
    ['paymentStatus alias', () => ({ paymentStatus: { eq: 'paid' } }), ['i6']],
    ['discountType eq any case', () => ({ discountType: { eq: 'percentage' } }), ['i2']],
    ['discountType ne matches NULL', () => ({ discountType: { ne: 'PERCENTAGE' } }), ['i1', 'i3', 'i4', 'i5', 'i6']],
    ['boolean eq', () => ({ isActive: { eq: false } }), ['i6']],
    ['boolean ne', () => ({ isActive: { ne: false } }), ['i1', 'i2', 'i3', 'i4', 'i5']],
    ['boolean isNull', () => ({ isActive: { isNull: true } }), []],
    ['int gt', () => ({ version: { gt: 1 } }), ['i2']],
    ['int eq / in / notIn / lte', () => ({ version: { in: [1, 3], notIn: [3], lte: 1, eq: 1, gte: 1, lt: 2, ne: 5 } }), ['i1', 'i3', 'i4', 'i5', 'i6']],
    ['json contains', () => ({ customFields: { contains: { region: 'eu' } } }), ['i1']],
    ['json contains number', () => ({ customFields: { contains: { tier: 1 } } }), ['i1']],
    ['json hasKey', () => ({ customFields: { hasKey: 'region' } }), ['i1', 'i2']],
    ['json isNull', () => ({ customFields: { isNull: true } }), ['i3', 'i4', 'i5', 'i6']],
    ['not json hasKey matches NULL objects', () => ({ not: { customFields: { hasKey: 'tier' } } }), ['i2', 'i3', 'i4', 'i5', 'i6']],
  ])('%s', async (_name, where, expected) => {
    expect(await match(where())).toEqual(expected);
  });
});

describe('decimal, date and timestamp operators', () => {
  it.each<[string, unknown, string[]]>([
    ['decimal eq ignores trailing zeros', { amount: { eq: '100' } }, ['i1']],
    ['decimal eq as a number', { amount: { eq: 99.99 } }, ['i5']],
    ['decimal ne', { amount: { ne: '0' } }, ['i1', 'i2', 'i4', 'i5', 'i6']],
    ['decimal gt', { amount: { gt: '99.99' } }, ['i1', 'i2', 'i4']],
    ['decimal gte', { amount: { gte: '99.99' } }, ['i1', 'i2', 'i4', 'i5']],
    ['decimal lt', { amount: { lt: '50' } }, ['i3']],
    ['decimal lte', { amount: { lte: '50.000' } }, ['i3', 'i6']],
    ['decimal in', { amount: { in: ['0', '1000', '7'] } }, ['i3', 'i4']],
    ['decimal notIn', { amount: { notIn: ['0', '1000'] } }, ['i1', 'i2', 'i5', 'i6']],
    ['decimal range', { amount: { gt: '0', lt: '100' } }, ['i5', 'i6']],
    ['nullable decimal ne matches NULL', { discountValue: { ne: '10' } }, ['i1', 'i3', 'i4', 'i5', 'i6']],
    ['nullable decimal gt never matches NULL', { discountValue: { gt: '0' } }, ['i2']],
    ['balance after payment', { balance: { eq: '0' } }, ['i3', 'i6']],
    ['date eq', { dueDate: { eq: '2025-07-31' } }, ['i1', 'i5', 'i6']],
    ['date ne matches NULL', { dueDate: { ne: '2025-07-31' } }, ['i2', 'i3', 'i4']],
    ['date gt', { dueDate: { gt: '2025-07-31' } }, ['i3']],
    ['date gte', { dueDate: { gte: '2025-07-31' } }, ['i1', 'i3', 'i5', 'i6']],
    ['date lt', { dueDate: { lt: '2025-07-31' } }, ['i4']],
    ['date lte', { dueDate: { lte: '2025-07-01' } }, ['i4']],
    ['date in', { dueDate: { in: ['2025-07-01', '2025-08-15'] } }, ['i3', 'i4']],
    ['date notIn matches NULL', { dueDate: { notIn: ['2025-07-31'] } }, ['i2', 'i3', 'i4']],
    ['date isNull', { dueDate: { isNull: true } }, ['i2']],
    ['timestamp gt with zone', { createdDate: { gt: '2025-03-01T13:00:00+02:00' } }, ['i3', 'i4', 'i5', 'i6']],
    ['timestamp eq across zones', { createdDate: { eq: '2025-03-01T14:00:00+02:00' } }, ['i3']],
    ['timestamp date-only means midnight UTC', { createdDate: { gte: '2025-05-01' } }, ['i5', 'i6']],
    ['timestamp lt / lte', { createdDate: { lt: '2025-02-01T00:00:00Z', lte: '2025-02-01T00:00:00Z' } }, ['i1']],
    ['timestamp in / notIn', { createdDate: { in: ['2025-01-01T00:00:00Z', '2025-02-01T00:00:00.000Z'], notIn: ['2025-02-01T00:00:00Z'] } }, ['i1']],
    ['nullable timestamp ne matches NULL', { activatedTime: { ne: '2025-01-02T10:00:00Z' } }, ['i2', 'i3', 'i4', 'i5', 'i6']],
  ])('%s', async (_name, where, expected) => {
    expect(await match(where)).toEqual(expected);
  });
});

describe('and / or / not', () => {
  it.each<[string, unknown, string[]]>([
    ['fields of one object are AND-ed', { status: { eq: 'ACTIVE' }, isActive: { eq: true } }, ['i1']],
    ['and', { and: [{ customerId: { eq: cA } }, { amount: { gt: '99.99' } }] }, ['i1', 'i2']],
    ['or', { or: [{ status: { eq: 'DRAFT' } }, { notes: { contains: 'back' } }] }, ['i2', 'i4']],
    ['not', { not: { status: { in: ['ACTIVE', 'DRAFT'] } } }, ['i3', 'i4', 'i5']],
    ['not of a NULL comparison matches the NULL row', { not: { notes: { eq: 'a_b' } } }, ['i1', 'i2', 'i4', 'i5', 'i6']],
    ['not of a NULL comparison equals ne', { not: { dueDate: { gt: '2025-07-01' } } }, ['i2', 'i4']],
    ['double not', { not: { not: { notes: { eq: 'a_b' } } } }, ['i3']],
    ['deep nesting', { or: [{ and: [{ status: { eq: 'active' } }, { not: { isActive: { eq: false } } }] }, { and: [{ amount: { gte: '1000' } }, { or: [{ notes: { isNull: true } }, { notes: { startsWith: 'BACK' } }] }] }] }, ['i1', 'i4']],
    ['single-element and/or', () => ({ and: [{ or: [{ id: { eq: ids.i5 } }] }] }), ['i5']],
  ])('%s', async (_name, where, expected) => {
    expect(await match(typeof where === "function" ? (where as () => unknown)() : where)).toEqual(expected);
  });
});

describe('relation filters', () => {
  it.each<[string, () => unknown, string[]]>([
    ["customer id (Nue's query)", () => ({ and: [{ customer: { id: { eq: cA } } }, { status: { eq: 'active' } }] }), ['i1']],
    ['customer companyName contains with metacharacters', () => ({ customer: { companyName: { contains: '100% natural_' } } }), ['i3', 'i4', 'i6']],
    ['customer customerNumber eq null', () => ({ customer: { customerNumber: { eq: null } } }), ['i3', 'i4', 'i6']],
    ['customer companyEmail ne matches NULL', () => ({ customer: { companyEmail: { ne: 'billing@acme.com' } } }), ['i3', 'i4', 'i6']],
    ['customer companyPhone / createdDate', () => ({ customer: { companyPhone: { startsWith: '+1' }, createdDate: { gt: '2024-03-01T00:00:00Z' } } }), ['i3', 'i4', 'i6']],
    ['customer with or / not', () => ({ customer: { or: [{ companyName: { eq: 'Acme Corp' } }, { not: { companyPhone: { isNull: true } } }] } }), ['i1', 'i2', 'i3', 'i4', 'i5', 'i6']],
    ['not customer', () => ({ not: { customer: { companyName: { eq: 'Acme Corp' } } } }), ['i3', 'i4', 'i6']],
    ['lineItems some', () => ({ lineItems: { some: { description: { eq: 'Gadget' } } } }), ['i1', 'i6']],
    ['lineItems none', () => ({ lineItems: { none: { description: { eq: 'Widget' } } } }), ['i3', 'i4', 'i6']],
    ['lineItems every (vacuous for no lines)', () => ({ lineItems: { every: { description: { eq: 'Widget' } } } }), ['i2', 'i3', 'i5']],
    ['lineItems every with NULL column counts as not matching', () => ({ lineItems: { every: { productCode: { eq: 'SKU-1' } } } }), ['i2', 'i3', 'i5', 'i6']],
    ['lineItems some on decimals and ints', () => ({ lineItems: { some: { quantity: { gte: '2' }, lineNumber: { eq: 1 }, unitPrice: { lt: '26' } } } }), ['i1', 'i2']],
    ['lineItems some and none together', () => ({ lineItems: { some: { description: { eq: 'Widget' } }, none: { description: { eq: 'Gadget' } } } }), ['i2', 'i5']],
    ['lineItems some on dates / id', () => ({ lineItems: { some: { startDate: { eq: '2025-07-01' }, id: { isNull: false } } } }), ['i4']],
    ['payments some', () => ({ payments: { some: { status: { eq: 'completed' } } } }), ['i6']],
    ['payments none', () => ({ payments: { none: { method: { in: ['eft', 'check'] } } } }), ['i2', 'i3', 'i4', 'i6']],
    ['payments every', () => ({ payments: { every: { amount: { gte: '10' } } } }), ['i1', 'i2', 'i3', 'i4', 'i6']],
    ['payments some on nullable text / timestamps', () => ({ payments: { some: { or: [{ cardBrand: { eq: 'VISA' } }, { failedAt: { isNull: false } }] } } }), ['i5', 'i6']],
    ['payments some with any payment', () => ({ payments: { some: { id: { isNull: false } } } }), ['i1', 'i5', 'i6']],
    ['payments with not inside', () => ({ payments: { some: { not: { failureReason: { eq: 'NSF' } } } } }), ['i1', 'i6']],
  ])('%s', async (_name, where, expected) => {
    expect(await match(where())).toEqual(expected);
  });

  it('availableAction uses the lifecycle table (and its guards)', async () => {
    expect(await match({ availableAction: 'ACTIVATE' })).toEqual(['i2', 'i4']);
    // i6 is ACTIVE but has a net payment: CANCEL's noNetPayments guard refuses it; i1 has a
    // PENDING payment: noPendingPayments refuses it.
    expect(await match({ availableAction: 'CANCEL' })).toEqual(['i2', 'i4']);
    // DELETE: DRAFT/CANCELED/VOIDED without payment history; i5 has a failed payment.
    expect(await match({ availableAction: 'DELETE' })).toEqual(['i2', 'i3']);
    expect(await match({ not: { availableAction: 'RECORD_PAYMENT' } })).toEqual(['i2', 'i3', 'i4', 'i5']);
  });

  it('works with another outer alias, including availableAction', async () => {
    expect(await match({ availableAction: 'CANCEL', customer: { id: { eq: cA } }, lineItems: { some: { amount: { gt: '0' } } } }, 'x')).toEqual(['i2']);
  });
});

describe('refused input (BAD_USER_INPUT with the path)', () => {
  it.each<[string, unknown, unknown[]]>([
    ['empty where', {}, ['where']],
    ['empty field filter', { notes: {} }, ['where', 'notes']],
    ['explicit null field filter', { notes: null }, ['where', 'notes']],
    ['and: []', { and: [] }, ['where', 'and']],
    ['or: []', { or: [] }, ['where', 'or']],
    ['not: {}', { not: {} }, ['where', 'not']],
    ['not: null', { not: null }, ['where', 'not']],
    ['empty object inside and', { and: [{ status: { eq: 'DRAFT' } }, {}] }, ['where', 'and', 1]],
    ['null inside or', { or: [null] }, ['where', 'or', 0]],
    ['customer: {}', { customer: {} }, ['where', 'customer']],
    ['lineItems: {}', { lineItems: {} }, ['where', 'lineItems']],
    ['payments: null', { payments: null }, ['where', 'payments']],
    ['payments every: {}', { payments: { every: {} } }, ['where', 'payments', 'every']],
    ['malformed uuid', { id: { eq: 'not-a-uuid' } }, ['where', 'id', 'eq']],
    ['malformed uuid in a list', { customer: { id: { in: ['00000000-0000-0000-0000-000000000000', "1' OR 1=1"] } } }, ['where', 'customer', 'id', 'in', 1]],
    ['bad date', { dueDate: { gt: '2025-02-29' } }, ['where', 'dueDate', 'gt']],
    ['bad date format', { dueDate: { eq: '07/31/2025' } }, ['where', 'dueDate', 'eq']],
    ['bad timestamp', { createdDate: { gte: '2025-01-01T25:00:00Z' } }, ['where', 'createdDate', 'gte']],
    ['timestamp without zone', { createdDate: { gte: '2025-01-01T10:00:00' } }, ['where', 'createdDate', 'gte']],
    ['bad decimal', { amount: { lt: '1e5' } }, ['where', 'amount', 'lt']],
    ['bad decimal text', { lineItems: { some: { quantity: { eq: 'ten' } } } }, ['where', 'lineItems', 'some', 'quantity', 'eq']],
    ['NaN decimal', { amount: { eq: Number.NaN } }, ['where', 'amount', 'eq']],
    ['unknown status', { status: { eq: 'archived' } }, ['where', 'status', 'eq']],
    ['unknown payment method', { payments: { some: { method: { eq: 'bitcoin' } } } }, ['where', 'payments', 'some', 'method', 'eq']],
    ['null comparison value', { amount: { gt: null } }, ['where', 'amount', 'gt']],
    ['null in', { status: { in: null } }, ['where', 'status', 'in']],
    ['null contains', { notes: { contains: null } }, ['where', 'notes', 'contains']],
    ['isNull: null', { notes: { isNull: null } }, ['where', 'notes', 'isNull']],
    ['NUL character', { notes: { eq: 'a\u0000b' } }, ['where', 'notes', 'eq']],
    ['lone surrogate', { notes: { contains: '\ud800' } }, ['where', 'notes', 'contains']],
    ['int out of range', { version: { eq: 2 ** 40 } }, ['where', 'version', 'eq']],
    ['unknown field', { bogus: { eq: 1 } }, ['where', 'bogus']],
    ['unknown operator', { status: { contains: 'x' } }, ['where', 'status', 'contains']],
    ['unknown action', { availableAction: 'FLY' }, ['where', 'availableAction']],
    ['customFields contains an array', { customFields: { contains: [1] } }, ['where', 'customFields', 'contains']],
  ])('%s', (_name, where, path) => {
    const error = refusal(where);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.path).toEqual(path);
  });

  it('refuses a filter nested too deep or with too many conditions (extensions.limit)', () => {
    let deep: Record<string, unknown> = { notes: { eq: 'x' } };
    for (let i = 0; i < 40; i++) deep = { not: deep };
    const tooDeep = refusal(deep);
    expect(tooDeep.code).toBe('BAD_USER_INPUT');
    let ok: Record<string, unknown> = { notes: { eq: 'x' } };
    for (let i = 0; i < 20; i++) ok = { and: [ok] };
    expect(() => compileInvoiceWhere(ok as InvoiceWhereInput, new SqlParams())).not.toThrow();
    const wide = { or: Array.from({ length: 600 }, (_, i) => ({ version: { eq: i } })) };
    expect(refusal(wide).code).toBe('BAD_USER_INPUT');
  });

  it('names the unknown status value in the message', () => {
    expect(refusal({ status: { eq: 'archived' } }).message).toContain('"archived"');
  });

  it('absent or null where means no filter', async () => {
    expect(compileInvoiceWhere(null, new SqlParams())).toBe('TRUE');
    expect(compileInvoiceWhere(undefined, new SqlParams())).toBe('TRUE');
    expect(await match(null)).toEqual(['i1', 'i2', 'i3', 'i4', 'i5', 'i6']);
  });
});

describe('helpers', () => {
  it('isEmptyWhere: null, undefined and {} are empty; anything else is not', () => {
    expect(isEmptyWhere(null)).toBe(true);
    expect(isEmptyWhere(undefined)).toBe(true);
    expect(isEmptyWhere({} as InvoiceWhereInput)).toBe(true);
    expect(isEmptyWhere({ status: undefined } as InvoiceWhereInput)).toBe(true);
    expect(isEmptyWhere({ status: { eq: 'DRAFT' } } as InvoiceWhereInput)).toBe(false);
  });

  it('mentionsIsActive finds isActive at any and/or/not depth, not inside relations', () => {
    expect(mentionsIsActive(null)).toBe(false);
    expect(mentionsIsActive({ status: { eq: 'DRAFT' } } as InvoiceWhereInput)).toBe(false);
    expect(mentionsIsActive({ isActive: { eq: false } } as InvoiceWhereInput)).toBe(true);
    expect(mentionsIsActive({ or: [{ status: { eq: 'x' } }, { not: { isActive: { eq: true } } }] } as InvoiceWhereInput)).toBe(true);
  });

  it('compiles relations, quantifiers and not to the documented SQL', () => {
    const params = new SqlParams();
    const sql = compileInvoiceWhere({
      customer: { companyName: { eq: 'Acme' } },
      lineItems: { some: { amount: { gt: '1' } }, every: { productCode: { ne: 'X' } } },
      payments: { none: { status: { eq: 'failed' } } },
      not: { dueDate: { lt: '2025-01-01' } },
    } as InvoiceWhereInput, params, 'inv');
    expect(sql).toBe('('
      + 'EXISTS (SELECT 1 FROM customer cu_1 WHERE cu_1.tenant_id = inv.tenant_id AND cu_1.id = inv.customer_id AND cu_1.company_name = $1::text)'
      + ' AND (EXISTS (SELECT 1 FROM invoice_line_item li_2 WHERE li_2.tenant_id = inv.tenant_id AND li_2.invoice_id = inv.id AND li_2.amount > $2::numeric)'
      + ' AND NOT EXISTS (SELECT 1 FROM invoice_line_item li_3 WHERE li_3.tenant_id = inv.tenant_id AND li_3.invoice_id = inv.id AND (li_3.product_code IS DISTINCT FROM $3::text) IS NOT TRUE))'
      + ' AND NOT EXISTS (SELECT 1 FROM payment pa_4 WHERE pa_4.tenant_id = inv.tenant_id AND pa_4.invoice_id = inv.id AND pa_4.status = $4::text)'
      + ' AND (inv.due_date < $5::date) IS NOT TRUE)');
    expect(params.values).toEqual(['Acme', '1', 'X', 'FAILED', '2025-01-01']);
  });

  it('binds every value as a parameter and casts it; no value text in the SQL', () => {
    const params = new SqlParams();
    const sql = compileInvoiceWhere({ notes: { contains: "x'; DROP" }, amount: { gt: '5' }, status: { in: ['draft'] } } as InvoiceWhereInput, params);
    expect(sql).toBe("(casefold(i.notes COLLATE \"pg_unicode_fast\") LIKE casefold($1::text COLLATE \"pg_unicode_fast\") ESCAPE '\\' AND i.amount > $2::numeric AND i.status = ANY($3::text[]))");
    expect(params.values).toEqual(["%x'; DROP%", '5', ['DRAFT']]);
  });
});
