import 'reflect-metadata';
import { Decimal } from 'decimal.js';
import { DataSource } from 'typeorm';
import { AppError } from '../../src/common/errors';
import { createDataSource } from '../../src/db/data-source';
import { SqlParams } from '../../src/common/sql-params';
import { compileInvoiceWhere } from '../../src/read/where';
import { NullsOrder, orderBySql, SortDirection, SortKey } from '../../src/filters/order-by';
import { compileInvoiceOrderBy, INVOICE_SORT_FIELDS, InvoiceOrderByInput, InvoiceSortField, invoiceSortKeys } from '../../src/read/order';
import { InvoiceWhereInput } from '../../src/read/where-inputs';
import { cursorSelectSql, decodeCursor, encodeCursor, keysetPredicate } from '../../src/filters/keyset';
import { createTenant } from '../../src/tenancy/api-key.service';
import { generateDataset, insertDataset } from '../fixtures/filter-dataset';

/**
 * orderBy on every sortable field (checked against a comparator in TypeScript) and keyset
 * paging that must visit every row exactly once, forwards and backwards, over ties and NULLs.
 */
let ds: DataSource;
let tenantId: string;
const { ASC, DESC } = SortDirection;

beforeAll(async () => {
  ds = createDataSource({ url: process.env.TEST_DATABASE_URL!, poolSize: 2 });
  await ds.initialize();
  tenantId = (await createTenant(ds, 'filters-order')).tenantId;
  await insertDataset(ds, generateDataset(tenantId, 7, 150));
  // Microsecond timestamps with ties: a cursor that kept only milliseconds would skip or repeat rows.
  await ds.query(`UPDATE invoice SET last_modified_date = last_modified_date + interval '1 microsecond' * (abs(hashtext(id::text)) % 3) WHERE tenant_id = $1`, [tenantId]);
});

afterAll(async () => {
  await ds?.destroy();
});

/** A sortable text form of a column, and how to compare two of them, per kind. */
function sortable(field: string): { sql: (e: string) => string; cmp: (a: string, b: string) => number } {
  const kind = INVOICE_SORT_FIELDS[field].kind;
  switch (kind) {
    case 'decimal': return { sql: (e) => `${e}::text`, cmp: (a, b) => new Decimal(a).comparedTo(b) };
    case 'int': return { sql: (e) => `${e}::text`, cmp: (a, b) => Number(a) - Number(b) };
    case 'datetime': return { sql: (e) => `to_char(${e} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')`, cmp: (a, b) => (a < b ? -1 : a > b ? 1 : 0) };
    case 'boolean': return { sql: (e) => `${e}::text`, cmp: (a, b) => (a === b ? 0 : a === 'false' ? -1 : 1) };
    // text under collation C and uuids both order by bytes.
    default: return { sql: (e) => `${e}::text`, cmp: (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)) };
  }
}

async function ordered(orderBy: InvoiceOrderByInput[]): Promise<Array<{ id: string; v: Array<string | null> }>> {
  const keys = invoiceSortKeys(orderBy);
  const cols = keys.map((k, i) => `${sortable(k.field).sql(k.expr)} AS v${i}`).join(', ');
  const rows: Array<Record<string, string | null>> = await ds.query(
    `SELECT i.id, ${cols} FROM invoice i WHERE i.tenant_id = $1 ORDER BY ${compileInvoiceOrderBy(orderBy)}`, [tenantId]);
  return rows.map((r) => ({ id: r.id as string, v: keys.map((_, i) => r[`v${i}`]) }));
}

/** Expected relation of two consecutive rows under sort keys: never "after". */
function assertSorted(rows: Array<{ v: Array<string | null> }>, keys: SortKey[]): void {
  for (let r = 1; r < rows.length; r++) {
    let verdict = 0;
    for (let k = 0; k < keys.length && verdict === 0; k++) {
      const a = rows[r - 1].v[k];
      const b = rows[r].v[k];
      if (a === null || b === null) {
        if (a === b) continue;
        const nullFirst = keys[k].nulls === NullsOrder.FIRST;
        verdict = (a === null) === nullFirst ? -1 : 1;
      } else {
        const c = sortable(keys[k].field).cmp(a, b);
        verdict = keys[k].direction === ASC ? Math.sign(c) : -Math.sign(c);
      }
    }
    if (verdict >= 0) throw new Error(`rows ${r - 1} and ${r} out of order for ${keys.map((k) => k.field).join(',')}: ${JSON.stringify([rows[r - 1], rows[r]])}`);
  }
}

describe('orderBy', () => {
  const fields = Object.values(InvoiceSortField);

  it.each(fields.flatMap((field) => [[field, ASC], [field, DESC]] as Array<[InvoiceSortField, SortDirection]>))('%s %s, NULLs last, id tie-break', async (field, direction) => {
    const orderBy = [{ field, direction }];
    const rows = await ordered(orderBy);
    expect(rows).toHaveLength(150);
    assertSorted(rows, invoiceSortKeys(orderBy));
  });

  it.each([
    [[{ field: InvoiceSortField.dueDate, nulls: NullsOrder.FIRST }]],
    [[{ field: InvoiceSortField.dueDate, direction: DESC, nulls: NullsOrder.FIRST }]],
    [[{ field: InvoiceSortField.status }, { field: InvoiceSortField.invoiceDate, direction: DESC }, { field: InvoiceSortField.amount }]],
    [[{ field: InvoiceSortField.notes, direction: DESC, nulls: NullsOrder.FIRST }, { field: InvoiceSortField.createdDate }]],
  ])('multi-key and NULLS FIRST orderings %j', async (orderBy) => {
    const rows = await ordered(orderBy as InvoiceOrderByInput[]);
    assertSorted(rows, invoiceSortKeys(orderBy as InvoiceOrderByInput[]));
  });

  it('compiles to whitelisted columns with the id tie-break in the last direction', () => {
    expect(compileInvoiceOrderBy(null)).toBe('i.created_date DESC, i.id DESC');
    expect(compileInvoiceOrderBy([])).toBe('i.created_date DESC, i.id DESC');
    expect(compileInvoiceOrderBy([{ field: InvoiceSortField.dueDate, direction: DESC }, { field: InvoiceSortField.amount }], 'x'))
      .toBe('x.due_date DESC NULLS LAST, x.amount ASC, x.id ASC');
    expect(compileInvoiceOrderBy([{ field: InvoiceSortField.notes, nulls: NullsOrder.FIRST, direction: DESC }])).toBe('i.notes DESC NULLS FIRST, i.id DESC');
    // name and invoiceNumber are one column; a repeated field keeps its first occurrence; an explicit id is the tie-break.
    expect(compileInvoiceOrderBy([{ field: InvoiceSortField.name }, { field: InvoiceSortField.invoiceNumber, direction: DESC }])).toBe('i.invoice_number ASC, i.id ASC');
    expect(compileInvoiceOrderBy([{ field: InvoiceSortField.id, direction: DESC }, { field: InvoiceSortField.amount }])).toBe('i.id DESC, i.amount ASC');
  });

  it('refuses a field outside the whitelist with BAD_USER_INPUT and its path', () => {
    const attempt = () => compileInvoiceOrderBy([{ field: InvoiceSortField.amount }, { field: 'amount; DROP TABLE invoice' as InvoiceSortField }]);
    expect(attempt).toThrow(AppError);
    try { attempt(); } catch (e) { expect((e as AppError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', path: ['orderBy', 1, 'field'] }); }
    expect(() => compileInvoiceOrderBy([{ field: 'customFields' as InvoiceSortField }])).toThrow(AppError);
  });
});

async function page(keys: SortKey[], where: InvoiceWhereInput | null, size: number, cursor: string | null, direction: 'after' | 'before') {
  const p = new SqlParams();
  const t = p.add(tenantId);
  const filter = compileInvoiceWhere(where, p);
  const seek = cursor ? keysetPredicate(keys, decodeCursor(cursor, keys), p, direction) : 'TRUE';
  const rows: Array<Record<string, unknown>> = await ds.query(
    `SELECT i.id, ${cursorSelectSql(keys)} FROM invoice i WHERE i.tenant_id = ${t} AND ${filter} AND ${seek}
     ORDER BY ${orderBySql(keys, direction === 'before')} LIMIT ${size}`, p.values);
  return direction === 'before' ? rows.reverse() : rows;
}

async function walk(keys: SortKey[], where: InvoiceWhereInput | null, size: number, direction: 'after' | 'before'): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 500; guard++) {
    const rows = await page(keys, where, size, cursor, direction);
    if (rows.length === 0) return seen;
    const ids = rows.map((r) => r.id as string);
    if (direction === 'after') seen.push(...ids); else seen.unshift(...ids);
    cursor = encodeCursor(direction === 'after' ? rows[rows.length - 1] : rows[0], keys);
  }
  throw new Error('paging did not end');
}

describe('keyset paging', () => {
  const orderings: Array<[string, InvoiceOrderByInput[] | null]> = [
    ['default (createdDate DESC)', null],
    ['nullable date ASC, NULLs last', [{ field: InvoiceSortField.dueDate }]],
    ['nullable date DESC, NULLs first', [{ field: InvoiceSortField.dueDate, direction: DESC, nulls: NullsOrder.FIRST }]],
    ['nullable date ASC, NULLs first', [{ field: InvoiceSortField.endDate, nulls: NullsOrder.FIRST }]],
    ['nullable text DESC, NULLs last', [{ field: InvoiceSortField.notes, direction: DESC }]],
    ['microsecond timestamps with ties', [{ field: InvoiceSortField.lastModifiedDate }]],
    ['mixed directions and NULLs', [{ field: InvoiceSortField.status }, { field: InvoiceSortField.discountValue, direction: DESC }, { field: InvoiceSortField.activatedTime, nulls: NullsOrder.FIRST }]],
    ['NOT NULL uniform (row comparison)', [{ field: InvoiceSortField.amount }, { field: InvoiceSortField.currencyIsoCode }]],
    ['NOT NULL uniform DESC', [{ field: InvoiceSortField.version, direction: DESC }, { field: InvoiceSortField.isActive, direction: DESC }]],
    ['explicit id first', [{ field: InvoiceSortField.id, direction: DESC }]],
    ['booleans and enums', [{ field: InvoiceSortField.isActive }, { field: InvoiceSortField.paymentStatus, direction: DESC }, { field: InvoiceSortField.discountType }]],
  ];

  it.each(orderings)('%s: forwards and backwards visit every row once, in order', async (_name, orderBy) => {
    const keys = invoiceSortKeys(orderBy);
    const all: Array<{ id: string }> = await ds.query(`SELECT i.id FROM invoice i WHERE i.tenant_id = $1 ORDER BY ${orderBySql(keys)}`, [tenantId]);
    const expected = all.map((r) => r.id);
    expect(expected).toHaveLength(150);
    for (const size of [1, 7, 40]) {
      expect(await walk(keys, null, size, 'after')).toEqual(expected);
      expect(await walk(keys, null, size, 'before')).toEqual(expected);
    }
  });

  it('pages a filtered list', async () => {
    const where = { or: [{ dueDate: { isNull: true } }, { status: { in: ['ACTIVE', 'DRAFT'] } }] } as InvoiceWhereInput;
    const keys = invoiceSortKeys([{ field: InvoiceSortField.dueDate, direction: DESC }]);
    const p = new SqlParams();
    p.add(tenantId);
    const all: Array<{ id: string }> = await ds.query(`SELECT i.id FROM invoice i WHERE i.tenant_id = $1 AND ${compileInvoiceWhere(where, p)} ORDER BY ${orderBySql(keys)}`, p.values);
    expect(all.length).toBeGreaterThan(20);
    expect(await walk(keys, where, 6, 'after')).toEqual(all.map((r) => r.id));
    expect(await walk(keys, where, 6, 'before')).toEqual(all.map((r) => r.id));
  });

  it('refuses a cursor from another orderBy, a malformed or a tampered cursor', async () => {
    const byDue = invoiceSortKeys([{ field: InvoiceSortField.dueDate }]);
    const byAmount = invoiceSortKeys([{ field: InvoiceSortField.amount }]);
    const [row] = await page(byDue, null, 1, null, 'after');
    const cursor = encodeCursor(row, byDue);
    const code = (f: () => unknown) => { try { f(); } catch (e) { return (e as AppError).extensions; } return undefined; };
    expect(code(() => decodeCursor(cursor, byAmount))).toMatchObject({ code: 'BAD_USER_INPUT', path: ['after'] });
    expect(code(() => decodeCursor('!!not-base64-json', byDue, ['before']))).toMatchObject({ code: 'BAD_USER_INPUT', path: ['before'] });
    const tampered = Buffer.from(JSON.stringify({ s: JSON.parse(Buffer.from(cursor, 'base64url').toString()).s, v: ['2025-01-01', "x' OR 1=1"] })).toString('base64url');
    expect(code(() => decodeCursor(tampered, byDue))).toMatchObject({ code: 'BAD_USER_INPUT' });
    const nullId = Buffer.from(JSON.stringify({ s: JSON.parse(Buffer.from(cursor, 'base64url').toString()).s, v: [null, null] })).toString('base64url');
    expect(code(() => decodeCursor(nullId, byDue))).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('will not build a cursor from a millisecond Date (it would lose microseconds)', () => {
    const keys = invoiceSortKeys(null);
    expect(() => encodeCursor({ createdDate: new Date(), id: '00000000-0000-0000-0000-000000000000' }, keys)).toThrow(/cursorSelectSql/);
  });
});
