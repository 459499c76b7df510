import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DISTRIBUTION_COLUMN, LOCAL_TABLES, REFERENCE_TABLES } from '../../src/db/citus-layout';
import { CatalogTable, distributeOnCitus, distributionStatements, kindOf, readCatalog } from '../../src/db/citus-distribution';
import { createDataSource } from '../../src/db/data-source';

/**
 * Citus readiness of the schema, proven on plain PostgreSQL from the catalog of the migrated test
 * database: whatever tables later migrations add, each must be distributable by tenant_id (or be
 * listed as a reference or local table in src/db/citus-layout.ts), with keys Citus can enforce
 * shard by shard. A failure names the table and the key.
 */
describe('schema: ready to be distributed by tenant (Citus)', () => {
  let ds: DataSource;
  let tables: CatalogTable[];
  beforeAll(async () => {
    ds = createDataSource({ url: process.env.TEST_DATABASE_URL!, poolSize: 1, applicationName: 'billing-test' });
    await ds.initialize();
    tables = await readCatalog(ds);
  });
  afterAll(() => ds.destroy());

  const of = (kind: string) => tables.filter((t) => kindOf(t) === kind);
  const includesTenant = (columns: string[]) => columns.includes(DISTRIBUTION_COLUMN);

  it('reads the tables of the schema', () => {
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['invoice', 'invoice_line_item', 'payment', 'tenant', 'api_key']));
  });

  it('every table carries tenant_id, or is listed as a reference or local table (and every listed table exists)', () => {
    expect(of('unclassified').map((t) => `${t.name}: no ${DISTRIBUTION_COLUMN} and not in src/db/citus-layout.ts`)).toEqual([]);
    const names = new Set(tables.map((t) => t.name));
    expect([...Object.keys(REFERENCE_TABLES), ...Object.keys(LOCAL_TABLES)].filter((n) => !names.has(n))).toEqual([]);
    expect(of('distributed').length).toBeGreaterThanOrEqual(10);
  });

  it('every primary key and unique key of a distributed table includes tenant_id', () => {
    const problems = of('distributed').flatMap((t) => [
      ...(includesTenant(t.primaryKey) ? [] : [`${t.name}: primary key (${t.primaryKey.join(', ') || 'none'})`]),
      ...t.uniqueKeys.filter((u) => !includesTenant(u.columns)).map((u) => `${t.name}: unique ${u.name} (${u.columns.join(', ')})`),
    ]);
    expect(problems).toEqual([]);
  });

  it('foreign keys: distributed -> distributed through tenant_id = tenant_id, distributed -> reference, reference -> reference only', () => {
    const kinds = new Map(tables.map((t) => [t.name, kindOf(t)]));
    const problems = tables.flatMap((t) => t.foreignKeys.flatMap((fk) => {
      const from = kindOf(t);
      const to = kinds.get(fk.references);
      const at = `${t.name}.${fk.name} (${fk.columns.join(', ')}) -> ${fk.references} (${fk.referencedColumns.join(', ')})`;
      if (from === 'distributed' && to === 'distributed') {
        const k = fk.columns.indexOf(DISTRIBUTION_COLUMN);
        return k >= 0 && fk.referencedColumns[k] === DISTRIBUTION_COLUMN ? [] : [`${at}: does not pair tenant_id with tenant_id`];
      }
      if (from === 'distributed' && to === 'reference') return [];
      if (from === 'reference' && to === 'reference') return [];
      return [`${at}: a ${from} table may not reference a ${to} table on Citus`];
    }));
    expect(problems).toEqual([]);
  });

  it('no sequence numbers tenant data: no serial, identity or nextval column outside local tables, and no stray sequence', async () => {
    expect(tables.filter((t) => kindOf(t) !== 'local' && t.sequenceColumns.length).map((t) => `${t.name}: ${t.sequenceColumns.join(', ')}`)).toEqual([]);
    // Every sequence in the schema belongs to a local table (a global counter would be one for all tenants).
    const sequences: Array<{ name: string; owner: string | null }> = await ds.query(`
      SELECT s.relname AS name, t.relname AS owner FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace
      LEFT JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i') LEFT JOIN pg_class t ON t.oid = d.refobjid
      WHERE s.relkind = 'S' AND n.nspname = 'public'`);
    expect(sequences.filter((s) => !(s.owner && s.owner in LOCAL_TABLES)).map((s) => `${s.name} (owned by ${s.owner ?? 'nothing'})`)).toEqual([]);
    // Invoice numbers come from a per-tenant counter: a row per tenant, keyed by it.
    const counter = tables.find((t) => t.name === 'invoice_number_sequence')!;
    expect(counter.primaryKey).toEqual([DISTRIBUTION_COLUMN]);
  });

  it('the distribution step: its statements are what the catalog says, and on plain PostgreSQL it does nothing', async () => {
    const statements = distributionStatements(tables);
    const reference = Object.keys(REFERENCE_TABLES);
    const distributed = of('distributed').map((t) => t.name);
    expect(statements).toHaveLength(reference.length + distributed.length);
    // Reference tables first, then the distributed ones, each co-located with the first.
    expect(statements.slice(0, reference.length).map((s) => /'(\w+)'/.exec(s)![1]).sort()).toEqual([...reference].sort());
    const [anchor, ...rest] = statements.slice(reference.length);
    const anchorTable = /'(\w+)'/.exec(anchor)![1];
    expect(anchor).toBe(`SELECT create_distributed_table('${anchorTable}', 'tenant_id')`);
    for (const s of rest) expect(s).toMatch(new RegExp(`^SELECT create_distributed_table\\('\\w+', 'tenant_id', colocate_with => '${anchorTable}'\\)$`));
    expect(statements.slice(reference.length).map((s) => /'(\w+)'/.exec(s)![1]).sort()).toEqual([...distributed].sort());
    // Each table comes after every table it references.
    const position = new Map(statements.map((s, k) => [/'(\w+)'/.exec(s)![1], k]));
    for (const t of tables) for (const fk of t.foreignKeys) {
      if (position.has(t.name) && position.has(fk.references) && fk.references !== t.name) {
        expect([t.name, position.get(fk.references)! < position.get(t.name)!]).toEqual([t.name, true]);
      }
    }
    // Already distributed tables are left out.
    expect(distributionStatements(tables, new Set(['tenant', 'invoice']))).toEqual(statements.filter((s) => !/'(tenant|invoice)'/.test(s)));
    // An unlisted table without tenant_id stops the step with its name.
    expect(() => distributionStatements([...tables, { name: 'orphan', columns: ['id'], primaryKey: ['id'], uniqueKeys: [], foreignKeys: [], sequenceColumns: [] }]))
      .toThrow(/orphan/);

    // Without the citus extension: one look at pg_extension, nothing else.
    const client = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await client.connect();
    const sent: string[] = [];
    const q = { query: async (sql: string, params?: unknown[]) => { sent.push(sql); return (await client.query(sql, params)).rows; } };
    try {
      expect(await distributeOnCitus(q)).toEqual([]);
    } finally {
      await client.end();
    }
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/pg_extension/);
  });
});
