import { InvoiceStatus } from '../../src/invoices/invoice-status';
import { insertCustomer, insertInvoice } from '../fixtures/factories';
import { startTestService, TestService } from '../support/test-service';

/** The Relay `invoices` connection: keyset cursors both ways, over a data set full of ties. */
describe('invoices(first, after, last, before) connection', () => {
  let svc: TestService;
  let apiKey: string;
  let tenantId: string;
  let customerId: string;
  const TOTAL = 23;

  beforeAll(async () => {
    svc = await startTestService();
    ({ apiKey, tenantId } = await svc.newTenant('Connection tenant'));
    customerId = await insertCustomer(svc.dataSource, tenantId, { companyName: 'Tie Co' });
    const dues = ['2025-07-01', '2025-08-01', null, '2025-07-01', '2025-09-01'];
    const prices = ['10', '20', '10'];
    for (let n = 0; n < TOTAL; n++) {
      await insertInvoice(svc.dataSource, tenantId, {
        customerId, invoiceNumber: `C-${String(n).padStart(3, '0')}`, dueDate: dues[n % dues.length],
        status: n % 4 === 0 ? InvoiceStatus.DRAFT : InvoiceStatus.ACTIVE, lines: [{ quantity: '1', unitPrice: prices[n % prices.length] }],
      });
    }
  });
  afterAll(() => svc.stop());

  const PAGE = `edges { cursor node { id name dueDate amount } } nodes { id } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`;

  async function everything(orderBy: string): Promise<string[]> {
    const res = await svc.gql(apiKey, `{ invoice(orderBy: ${orderBy}, limit: 500) { id } }`);
    expect(res.errors).toBeUndefined();
    return (res.data.invoice as any[]).map((r) => r.id);
  }

  async function forward(orderBy: string, size: number): Promise<string[]> {
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 50; guard++) {
      const res: any = await svc.gql(apiKey, `query($after: String) { invoices(orderBy: ${orderBy}, first: ${size}, after: $after) { ${PAGE} } }`, { after });
      expect(res.errors).toBeUndefined();
      const c = res.data.invoices;
      expect(c.nodes.map((n: any) => n.id)).toEqual(c.edges.map((e: any) => e.node.id));
      expect(c.pageInfo.hasPreviousPage).toBe(after !== null);
      if (c.edges.length) expect(c.pageInfo.endCursor).toBe(c.edges[c.edges.length - 1].cursor);
      seen.push(...c.nodes.map((n: any) => n.id));
      if (!c.pageInfo.hasNextPage) return seen;
      after = c.pageInfo.endCursor;
    }
    throw new Error('did not finish');
  }

  async function backward(orderBy: string, size: number): Promise<string[]> {
    const seen: string[] = [];
    let before: string | null = null;
    for (let guard = 0; guard < 50; guard++) {
      const res: any = await svc.gql(apiKey, `query($before: String) { invoices(orderBy: ${orderBy}, last: ${size}, before: $before) { ${PAGE} } }`, { before });
      expect(res.errors).toBeUndefined();
      const c = res.data.invoices;
      expect(c.pageInfo.hasNextPage).toBe(before !== null);
      seen.unshift(...c.nodes.map((n: any) => n.id));
      if (!c.pageInfo.hasPreviousPage) return seen;
      before = c.pageInfo.startCursor;
    }
    throw new Error('did not finish');
  }

  it.each([
    ['dueDate ASC (NULLs last)', '[{field: dueDate}]'],
    ['dueDate DESC, amount ASC', '[{field: dueDate, direction: DESC}, {field: amount}]'],
    ['status, amount DESC, nulls first on dueDate', '[{field: status}, {field: amount, direction: DESC}, {field: dueDate, nulls: FIRST}]'],
    ['default order (createdDate DESC)', '[]'],
  ])('visits every row exactly once forward and backward: %s', async (name, orderBy) => {
    const all = await everything(orderBy);
    expect(all).toHaveLength(TOTAL);
    // Two page sizes on the first ordering (pages ending on and off a tie), one on the others.
    for (const size of name.startsWith('dueDate ASC') ? [4, 7] : [5]) {
      expect(await forward(orderBy, size)).toEqual(all);
      expect(await backward(orderBy, size)).toEqual(all);
    }
  });

  it('keeps cursors stable when rows are inserted before the cursor', async () => {
    const first = await svc.gql(apiKey, `{ invoices(orderBy: [{field: name}], first: 5) { nodes { name } pageInfo { endCursor } } }`);
    expect(first.data.invoices.nodes.map((n: any) => n.name)).toEqual(['C-000', 'C-001', 'C-002', 'C-003', 'C-004']);
    const early = await insertInvoice(svc.dataSource, tenantId, { customerId, invoiceNumber: 'A-000' });
    try {
      const next = await svc.gql(apiKey, `query($a: String) { invoices(orderBy: [{field: name}], first: 2, after: $a) { nodes { name } } }`, { a: first.data.invoices.pageInfo.endCursor });
      expect(next.data.invoices.nodes.map((n: any) => n.name)).toEqual(['C-005', 'C-006']);
    } finally {
      await svc.dataSource.query('DELETE FROM invoice_line_item WHERE tenant_id = $1 AND invoice_id = $2', [tenantId, early]);
      await svc.dataSource.query('DELETE FROM invoice WHERE tenant_id = $1 AND id = $2', [tenantId, early]);
    }
  });

  it('counts the filtered total only when asked, and defaults to 25 per page', async () => {
    const res = await svc.gql(apiKey, '{ invoices(where: {status: {eq: "draft"}}, first: 2) { totalCount nodes { status } } all: invoices { totalCount nodes { id } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data.invoices.totalCount).toBe(6); // n % 4 === 0 for n < 23: 0,4,8,12,16,20
    expect(res.data.invoices.nodes).toEqual([{ status: 'DRAFT' }, { status: 'DRAFT' }]);
    expect(res.data.all.totalCount).toBe(TOTAL);
    expect(res.data.all.nodes).toHaveLength(TOTAL); // < 25
    const empty = await svc.gql(apiKey, `{ invoices(where: {invoiceNumber: {eq: "none"}}) { totalCount edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`);
    expect(empty.data.invoices).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } });
  });

  it('refuses bad paging input with BAD_USER_INPUT and the path', async () => {
    const cursorOfName = (await svc.gql(apiKey, '{ invoices(orderBy: [{field: name}], first: 1) { pageInfo { endCursor } } }')).data.invoices.pageInfo.endCursor;
    const cases: Array<[string, Record<string, unknown>, string[]]> = [
      ['query { invoices(first: 501) { nodes { id } } }', {}, ['first']],
      ['query { invoices(last: 501) { nodes { id } } }', {}, ['last']],
      ['query { invoices(first: -1) { nodes { id } } }', {}, ['first']],
      ['query { invoices(first: 2, last: 2) { nodes { id } } }', {}, ['last']],
      ['query { invoices(after: "not-a-cursor") { nodes { id } } }', {}, ['after']],
      ['query { invoices(before: "eyJ4IjoxfQ") { nodes { id } } }', {}, ['before']],
      ['query($c: String) { invoices(orderBy: [{field: dueDate}], after: $c) { nodes { id } } }', { c: cursorOfName }, ['after']],
    ];
    for (const [query, variables, path] of cases) {
      const res = await svc.gql(apiKey, query, variables);
      expect({ query, ext: res.errors?.[0].extensions }).toMatchObject({ query, ext: { code: 'BAD_USER_INPUT', path } });
    }
  });

  it("shows another tenant an empty connection", async () => {
    const other = await svc.newTenant('Connection other');
    const res = await svc.gql(other.apiKey, '{ invoices { totalCount nodes { id } } }');
    expect(res.data.invoices).toEqual({ totalCount: 0, nodes: [] });
  });
});
