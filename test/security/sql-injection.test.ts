import { loadConfig } from '../../src/config';

const loadLimitsConfig = () => loadConfig().limits;
import { InvoiceStatus } from '../../src/invoices/invoice-status';
import { snapshotTenants, tableNames } from '../fixtures/db-snapshot';
import { insertCustomer, insertInvoice } from '../fixtures/factories';
import { startTestService, TestService } from '../support/test-service';
import { requireRootFields } from './schema-contract';

const PAYLOADS = [
  "'; DROP TABLE invoice; --",
  "' OR '1'='1",
  "' OR 1=1 --",
  "x') OR true --",
  "'; UPDATE invoice SET amount = 0, balance = 0; --",
  "' UNION SELECT id::text FROM invoice --",
  "$1",
  "%",
  "_",
  "\\",
  "%' OR tenant_id IS NOT NULL --",
  "\" OR \"\"=\"",
  "1; SELECT pg_sleep(5)",
  "Robert'); DROP TABLE tenant;--",
  "ℌ𝔢𝔩𝔩𝔬 ' 😀",
];

interface TypeRef { kind: string; name: string | null; ofType: TypeRef | null }
interface InputField { name: string; type: TypeRef }

const named = (t: TypeRef): string => (t.name ?? (t.ofType ? named(t.ofType) : ''));

/**
 * Every string filter reachable from InvoiceWhereInput (its own fields, the customer's, line
 * items' and payments' some/none/every), found from the schema so that fields added later are
 * covered too.
 */
async function stringFilterPaths(svc: TestService): Promise<string[][]> {
  const types = new Map<string, InputField[]>();
  const res = await svc.gql(undefined, '{ __schema { types { name kind inputFields { name type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }');
  for (const t of res.data.__schema.types) if (t.kind === 'INPUT_OBJECT') types.set(t.name, t.inputFields);
  const paths: string[][] = [];
  const walk = (typeName: string, path: string[], depth: number) => {
    for (const field of types.get(typeName) ?? []) {
      if (['and', 'or', 'not'].includes(field.name)) continue;
      const target = named(field.type);
      if (target === 'StringFilter') paths.push([...path, field.name]);
      else if (depth < 3 && types.has(target) && !target.endsWith('Filter') && target !== typeName) walk(target, [...path, field.name], depth + 1);
      else if (depth < 3 && /ListFilter$/.test(target)) walk(target, [...path, field.name], depth + 1);
    }
  };
  walk('InvoiceWhereInput', [], 0);
  return paths;
}

const nest = (path: string[], leaf: unknown): Record<string, unknown> =>
  path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), leaf) as Record<string, unknown>;

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

describe('SQL injection through every string filter', () => {
  let svc: TestService;
  let victim: { tenantId: string; apiKey: string };
  let attacker: { tenantId: string; apiKey: string };

  beforeAll(async () => {
    // Many aliases per request keep this test fast; the limits themselves are tested in test/limits.
    svc = await startTestService({ limits: { ...loadLimitsConfig(), maxAliases: 1000, maxCost: 1_000_000 } });
    victim = await svc.newTenant('Injection victim');
    attacker = await svc.newTenant('Injection attacker');
    const vc = await insertCustomer(svc.dataSource, victim.tenantId, { companyName: 'Victim Inc', customerNumber: 'V-1' });
    for (let i = 0; i < 3; i++) {
      await insertInvoice(svc.dataSource, victim.tenantId, { customerId: vc, status: InvoiceStatus.ACTIVE, notes: `victim note ${i}`, poNumber: `PO-${i}`, externalId: `EXT-${i}` });
    }
    const ac = await insertCustomer(svc.dataSource, attacker.tenantId, { companyName: 'Attacker LLC' });
    await insertInvoice(svc.dataSource, attacker.tenantId, { customerId: ac, notes: 'plain', poNumber: 'plain', lines: [{ quantity: '1', unitPrice: '5.00', description: 'plain' }] });
  });
  afterAll(() => svc.stop());

  it('finds nothing, raises no internal error, and every table survives untouched', async () => {
    await requireRootFields(svc, 'Query', ['invoice']);
    const before = await snapshotTenants(svc.dataSource, [victim.tenantId, attacker.tenantId]);
    const tablesBefore = await tableNames(svc.dataSource);
    const paths = await stringFilterPaths(svc);
    // A sanity check that the discovery works: the contract's fields are among them.
    expect(paths.map((p) => p.join('.'))).toEqual(expect.arrayContaining(['notes', 'invoiceNumber', 'customer.companyName']));

    // One request per filter path, every payload and operator as an alias of it.
    const failures: string[] = [];
    const started = Date.now();
    await pool(paths, 4, async (path) => {
      const wheres = PAYLOADS.flatMap((payload) => [
        nest(path, { eq: payload }), nest(path, { contains: payload }), nest(path, { startsWith: payload }),
        nest(path, { in: [payload, 'plain-not-there'] }), nest(path, { ne: payload }),
      ]);
      const vars = wheres.map((_, i) => `$w${i}: InvoiceWhereInput`).join(', ');
      const fields = wheres.map((_, i) => `q${i}: invoice(where: $w${i}, limit: 10) { id notes }`).join('\n');
      const res = await svc.gql(attacker.apiKey, `query(${vars}) { ${fields} }`, Object.fromEntries(wheres.map((w, i) => [`w${i}`, w])));
      for (const error of res.errors ?? []) {
        const code = error.extensions?.code;
        if (code !== 'BAD_USER_INPUT') failures.push(`${path.join('.')} ${JSON.stringify(error.path)} -> ${code}: ${error.message}`);
      }
      wheres.forEach((where, i) => {
        const rows: Array<{ notes: string }> = res.data?.[`q${i}`] ?? [];
        // Negations (`ne`, `none`, `every`) legitimately match the attacker's own invoice; nothing
        // else may ever come back, and a positive match never matches at all.
        const negated = /"(ne|none|every)"/.test(JSON.stringify(where));
        if (rows.some((r) => r.notes !== 'plain') || (!negated && rows.length > 0)) failures.push(`${JSON.stringify(where)} -> ${JSON.stringify(rows)}`);
      });
    });
    expect(failures).toEqual([]);
    expect(Date.now() - started).toBeLessThan(60_000); // no pg_sleep ran
    expect(await tableNames(svc.dataSource)).toEqual(tablesBefore);
    expect(await snapshotTenants(svc.dataSource, [victim.tenantId, attacker.tenantId])).toEqual(before);
  });

  it('stores and matches metacharacters literally (the filter is parameterized, not escaped by hand)', async () => {
    await requireRootFields(svc, 'Query', ['invoice']);
    const own = await svc.newTenant('Literal tenant');
    const customerId = await insertCustomer(svc.dataSource, own.tenantId);
    const ids = new Map<string, string>();
    for (const payload of PAYLOADS) ids.set(payload, await insertInvoice(svc.dataSource, own.tenantId, { customerId, notes: payload }));
    for (const payload of PAYLOADS) {
      const eq = await svc.gql(own.apiKey, 'query($v: String) { invoice(where: {notes: {eq: $v}}, limit: 100) { id } }', { v: payload });
      expect({ payload, rows: eq.data?.invoice }).toEqual({ payload, rows: [{ id: ids.get(payload) }] });
      const contains = await svc.gql(own.apiKey, 'query($v: String) { invoice(where: {notes: {contains: $v}}, limit: 100) { id notes } }', { v: payload });
      const expected = PAYLOADS.filter((p) => p.toLowerCase().includes(payload.toLowerCase())).map((p) => ids.get(p)).sort();
      expect({ payload, ids: (contains.data?.invoice ?? []).map((r: { id: string }) => r.id).sort() }).toEqual({ payload, ids: expected });
    }
  });

  it('refuses a NUL byte cleanly instead of failing inside PostgreSQL', async () => {
    await requireRootFields(svc, 'Query', ['invoice']);
    const res = await svc.gql(attacker.apiKey, 'query($v: String) { invoice(where: {notes: {contains: $v}}) { id } }', { v: "a\u0000'; DROP TABLE invoice; --" });
    const code = res.errors?.[0]?.extensions?.code;
    if (code) expect(code).toBe('BAD_USER_INPUT');
    else expect(res.data?.invoice).toEqual([]);
  });
});
