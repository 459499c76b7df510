import net from 'node:net';
import {
  getNamedType, GraphQLArgument, GraphQLField, GraphQLInputType, isEnumType, isInputObjectType, isListType, isNonNullType, isObjectType,
  isScalarType, isUnionType, isInterfaceType,
} from 'graphql';
import { snapshotTenants } from '../fixtures/db-snapshot';
import { insertCustomer, insertInvoice } from '../fixtures/factories';
import { startTestService, TestService } from '../support/test-service';

/**
 * Text PostgreSQL cannot store (a NUL character) or that is not Unicode (a lone surrogate) is
 * refused as BAD_USER_INPUT with the path of the value, wherever it is sent: every string-like
 * argument of every root field and every string-like field of every input type the schema has
 * (found from the schema, so a new field is covered without a new test), JSON values and keys at
 * any depth, document literals, the operation name; and nothing is stored. Deep nesting of
 * variables, JSON and literals gets one refusal at any depth.
 */
const NON_TEXT = new Set(['Int', 'Float', 'Boolean']);
const NUL = 'a\u0000b';
const SURROGATE = 'a\ud800b';

interface Case {
  root: 'query' | 'mutation';
  field: GraphQLField<unknown, unknown>;
  arg: GraphQLArgument;
  /** Path inside the argument's value (list items at index 0). */
  inner: Array<string | number>;
  /** The named type of the leaf (a scalar other than Int, Float, Boolean). */
  leaf: string;
}

/** Every string-like leaf reachable from the root fields' arguments; each input type's field once. */
function textCases(svc: TestService): Case[] {
  const cases: Case[] = [];
  const seen = new Set<string>();
  const walk = (base: Omit<Case, 'inner' | 'leaf'>, type: GraphQLInputType, inner: Array<string | number>) => {
    let t = type;
    const path = [...inner];
    for (;;) {
      if (isNonNullType(t)) t = t.ofType;
      else if (isListType(t)) {
        t = t.ofType;
        path.push(0);
      } else break;
    }
    if (isEnumType(t)) return;
    if (isScalarType(t)) {
      if (!NON_TEXT.has(t.name)) cases.push({ ...base, inner: path, leaf: t.name });
      return;
    }
    if (!isInputObjectType(t)) return;
    for (const f of Object.values(t.getFields())) {
      const id = `${t.name}.${f.name}`;
      if (seen.has(id)) continue;
      seen.add(id);
      walk(base, f.type, [...path, f.name]);
    }
  };
  for (const root of ['query', 'mutation'] as const) {
    const type = root === 'query' ? svc.schema.getQueryType()! : svc.schema.getMutationType()!;
    for (const field of Object.values(type.getFields())) {
      for (const arg of field.args) {
        const before = cases.length;
        walk({ root, field, arg }, arg.type, []);
        // A root argument of an already seen input type still gets one case of its own (its own path).
        if (cases.length === before && !isScalarType(getNamedType(arg.type)) && !isEnumType(getNamedType(arg.type))) {
          const named = getNamedType(arg.type);
          if (isInputObjectType(named)) {
            const firstText = Object.values(named.getFields()).find((f) => isScalarType(getNamedType(f.type)) && !NON_TEXT.has(getNamedType(f.type).name));
            if (firstText) cases.push({ root, field, arg, inner: [firstText.name], leaf: getNamedType(firstText.type).name });
          }
        }
      }
    }
  }
  return cases;
}

/** Builds `{a: {b: [value]}}` for inner path ['a', 'b', 0]. */
function nest(inner: Array<string | number>, value: unknown): unknown {
  let out = value;
  for (let i = inner.length - 1; i >= 0; i--) out = typeof inner[i] === 'number' ? [out] : { [inner[i]]: out };
  return out;
}

const selection = (field: GraphQLField<unknown, unknown>) => {
  const named = getNamedType(field.type);
  return isObjectType(named) || isUnionType(named) || isInterfaceType(named) ? ' { __typename }' : '';
};

describe('bad text anywhere in the input', () => {
  let svc: TestService;
  let key: string;
  let tenantId: string;
  let cases: Case[];

  beforeAll(async () => {
    svc = await startTestService();
    const t = await svc.newTenant('Bad text');
    key = t.apiKey;
    tenantId = t.tenantId;
    const customerId = await insertCustomer(svc.dataSource, tenantId);
    await insertInvoice(svc.dataSource, tenantId, { customerId });
    cases = textCases(svc);
  });
  afterAll(() => svc?.stop());

  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(svc.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key, ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const document = (c: Case) => `${c.root}($${c.arg.name}: ${c.arg.type.toString()}) { ${c.field.name}(${c.arg.name}: $${c.arg.name})${selection(c.field)} }`;

  it('finds the text inputs of the schema (notes, comments, company names, custom fields, filters, keys)', () => {
    const names = cases.map((c) => [c.field.name, c.arg.name, ...c.inner].join('.'));
    if (process.env.BAD_TEXT_VERBOSE) console.log(names.join('\n'));
    expect(cases.length).toBeGreaterThan(60);
    for (const expected of [/^updateInvoice\.input\.notes$/, /^addInvoiceComment\.comment$/, /companyName$/, /customFields$/, /^invoice\.where\..*contains$/, /idempotencyKey$/]) {
      expect(names.some((n) => expected.test(n))).toBe(true);
    }
  });

  it.each([['a NUL character', NUL, /NUL character/], ['a lone surrogate', SURROGATE, /lone surrogate/]])(
    'refuses %s in every text input with BAD_USER_INPUT and its path, storing nothing',
    async (_what, bad, message) => {
      const before = await snapshotTenants(svc.dataSource, [tenantId]);
      const wrong: unknown[] = [];
      for (const c of cases) {
        const value = c.leaf === 'JSONObject' ? { k: { nested: [bad] } } : bad;
        const variables = { [c.arg.name]: nest(c.inner, value) };
        const expectedPath = [c.arg.name, ...c.inner, ...(c.leaf === 'JSONObject' ? ['k', 'nested', 0] : [])];
        const res = await post({ query: document(c), variables });
        const e = res.body.errors?.[0];
        if (res.status !== 200 || e?.extensions?.code !== 'BAD_USER_INPUT' || !message.test(e.message) || JSON.stringify(e.extensions.path) !== JSON.stringify(expectedPath)) {
          wrong.push({ case: `${c.field.name}(${c.arg.name}) ${c.inner.join('.')}`, status: res.status, error: e });
        }
      }
      expect(wrong).toEqual([]);
      expect(await snapshotTenants(svc.dataSource, [tenantId])).toEqual(before);
    },
  );

  it('refuses it in JSON keys, document literals, the operation name and the extensions', async () => {
    const jsonKey = await post({ query: 'mutation($id: ID!, $c: JSONObject) { updateInvoice(id: $id, input: {customFields: $c}) { id } }',
      variables: { id: '00000000-0000-4000-8000-000000000000', c: { outer: { 'k\u0000': 1 } } } });
    expect(jsonKey.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', path: ['c', 'outer', 'k\u0000'] });
    const literal = await post({ query: 'mutation { addInvoiceComment(invoiceId: "00000000-0000-4000-8000-000000000000", comment: "a\\u0000b") { id } }' });
    expect(literal.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', path: ['comment'] });
    const nested = await post({ query: '{ invoice(where: {or: [{notes: {eq: "x"}}, {notes: {contains: "a\\u{0}b"}}]}) { id } }' });
    expect(nested.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', path: ['where', 'or', 1, 'notes', 'contains'] });
    const fragment = await post({ query: 'query { ...F } fragment F on Query { customers(where: {companyNameContains: "\\u0000"}) { id } }' });
    expect(fragment.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', path: ['where', 'companyNameContains'] });
    const defaults = await post({ query: 'query($n: String = "x\\u0000") { invoice(where: {notes: {eq: $n}}) { id } }' });
    expect(defaults.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', path: ['n'] });
    const operationName = await post({ query: 'query Q { __typename }', operationName: 'Q\u0000' });
    expect(operationName.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', path: ['operationName'] });
    const extensions = await post({ query: '{ __typename }', extensions: { trace: [SURROGATE] } });
    expect(extensions.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', path: ['extensions', 'trace', 0] });
    // Over GET too: the variables in the query string.
    const url = `${svc.server.url}?query=${encodeURIComponent('query($n: String) { invoice(where: {notes: {eq: $n}}) { id } }')}&variables=${encodeURIComponent(JSON.stringify({ n: NUL }))}`;
    const get = await fetch(url, { headers: { 'x-api-key': key } });
    expect(((await get.json()) as any).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', path: ['n'] });
    // A well-formed string with the same characters around it, a surrogate pair included, is fine.
    const fine = await post({ query: '{ invoice(where: {notes: {contains: "a\\u00e9😀b"}}) { id } }' });
    expect(fine.body).toEqual({ data: { invoice: [] } });
  });

  it('refuses nesting at any depth the same way, before any work: variables, JSON, literals', async () => {
    for (const depth of [101, 1_000, 50_000]) {
      const where = `${'{"not":'.repeat(depth)}{"notes":{"eq":"x"}}${'}'.repeat(depth)}`;
      const raw = `{"query":"query($w: InvoiceWhereInput) { invoice(where: $w) { id } }","variables":{"w":${where}}}`;
      const res = await fetch(svc.server.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: raw });
      const body = (await res.json()) as any;
      expect({ depth, status: res.status, code: body.errors[0].extensions.code, limit: body.errors[0].extensions.limit })
        .toEqual({ depth, status: 200, code: 'BAD_USER_INPUT', limit: 100 });
      expect(body.errors[0].extensions.path.slice(0, 3)).toEqual(['w', 'not', 'not']);

      const json = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
      const custom = await fetch(svc.server.url, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key },
        body: `{"query":"mutation($c: JSONObject) { updateInvoice(id: \\"00000000-0000-4000-8000-000000000000\\", input: {customFields: $c}) { id } }","variables":{"c":${json}}}`,
      });
      expect(((await custom.json()) as any).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 100 });

      if (depth <= 1_000) {
        const literal = `${'{not: '.repeat(depth)}{notes: {eq: "x"}}${'}'.repeat(depth)}`;
        const lit = await post({ query: `{ invoice(where: ${literal}) { id } }` });
        expect(lit.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 100 });
      }
    }
    // Within the limit, the filter's own bound (32 levels) still answers, with its path.
    const where40 = JSON.parse(`${'{"not":'.repeat(40)}{"notes":{"eq":"x"}}${'}'.repeat(40)}`);
    const res = await post({ query: 'query($w: InvoiceWhereInput) { invoice(where: $w) { id } }', variables: { w: where40 } });
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 32 });
  });

  it('refuses an empty or malformed Idempotency-Key header instead of ignoring it; an empty idempotencyKey argument too', async () => {
    const before = await snapshotTenants(svc.dataSource, [tenantId]);
    const [invoice] = await svc.dataSource.query('SELECT id FROM invoice WHERE tenant_id = $1 LIMIT 1', [tenantId]);
    const comment = { query: 'mutation($id: ID!) { addInvoiceComment(invoiceId: $id, comment: "x") { id } }', variables: { id: invoice.id } };
    for (const header of ['', '   ', 'x'.repeat(256)]) {
      const res = await post(comment, { 'idempotency-key': header });
      expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', header: 'Idempotency-Key' });
    }
    const arg = await post({ query: 'mutation($id: ID!) { addInvoiceComment(invoiceId: $id, comment: "x", idempotencyKey: "") { id } }', variables: { id: invoice.id } });
    expect(arg.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', path: ['idempotencyKey'] });
    expect(await snapshotTenants(svc.dataSource, [tenantId])).toEqual(before);
    // A NUL in a header never reaches the service: Node's HTTP parser answers 400 itself.
    const raw = await new Promise<string>((resolve, reject) => {
      const port = Number(new URL(svc.server.url).port);
      const socket = net.connect(port, '127.0.0.1', () => {
        const body = JSON.stringify(comment);
        socket.end(`POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nx-api-key: ${key}\r\nIdempotency-Key: a\u0000b\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      });
      let out = '';
      socket.on('data', (c) => (out += c));
      socket.on('end', () => resolve(out));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
  });
});
