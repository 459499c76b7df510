import { DISTRIBUTION_COLUMN, LOCAL_TABLES, REFERENCE_TABLES } from './citus-layout';

type Queryable = { query(sql: string, params?: unknown[]): Promise<any> };

export interface CatalogTable {
  name: string;
  columns: string[];
  /** Primary key columns (empty without one). */
  primaryKey: string[];
  /** Columns of each unique constraint and unique index other than the primary key. */
  uniqueKeys: Array<{ name: string; columns: string[] }>;
  foreignKeys: Array<{ name: string; columns: string[]; references: string; referencedColumns: string[] }>;
  /** Columns filled from a sequence (serial, identity, nextval default). */
  sequenceColumns: string[];
}

export type TableKind = 'distributed' | 'reference' | 'local' | 'unclassified';

/** The tables of the public schema with their keys, read from the catalog (no Citus needed). */
export async function readCatalog(q: Queryable): Promise<CatalogTable[]> {
  const rows: Array<{ table: string; columns: string[]; pk: string[] | null; uniques: any; fks: any; seqs: string[] }> = await q.query(`
    SELECT c.relname AS table,
      ARRAY(SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS columns,
      (SELECT ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY AS u(n, o) JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = u.n ORDER BY u.o)
         FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p') AS pk,
      coalesce((SELECT json_agg(json_build_object('name', ic.relname,
           'columns', ARRAY(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY AS u(n, o) JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = u.n ORDER BY u.o))
           ORDER BY ic.relname)
         FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid WHERE i.indrelid = c.oid AND i.indisunique AND NOT i.indisprimary), '[]'::json) AS uniques,
      coalesce((SELECT json_agg(json_build_object('name', k.conname, 'references', r.relname,
           'columns', ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY AS u(n, o) JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = u.n ORDER BY u.o),
           'referencedColumns', ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY AS u(n, o) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.o))
           ORDER BY k.conname)
         FROM pg_constraint k JOIN pg_class r ON r.oid = k.confrelid WHERE k.conrelid = c.oid AND k.contype = 'f'), '[]'::json) AS fks,
      ARRAY(SELECT a.attname::text FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
              AND (a.attidentity <> '' OR pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%')) AS seqs
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
    ORDER BY c.relname`);
  return rows.map((r) => ({
    name: r.table, columns: r.columns, primaryKey: r.pk ?? [], uniqueKeys: r.uniques, foreignKeys: r.fks, sequenceColumns: r.seqs,
  }));
}

export function kindOf(table: CatalogTable): TableKind {
  if (table.name in REFERENCE_TABLES) return 'reference';
  if (table.name in LOCAL_TABLES) return 'local';
  return table.columns.includes(DISTRIBUTION_COLUMN) ? 'distributed' : 'unclassified';
}

/** Tables ordered so that each comes after the tables its foreign keys reference (Citus needs them first). */
function referencedFirst(tables: CatalogTable[]): CatalogTable[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const ordered: CatalogTable[] = [];
  const visit = (t: CatalogTable, path: Set<string>) => {
    if (done.has(t.name) || path.has(t.name)) return;
    path.add(t.name);
    for (const fk of t.foreignKeys) {
      const target = byName.get(fk.references);
      if (target && target !== t) visit(target, path);
    }
    done.add(t.name);
    ordered.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return ordered;
}

/**
 * The statements that distribute the schema on Citus, from the catalog and src/db/citus-layout.ts:
 * reference tables first, then every distributed table by tenant_id, all co-located with the
 * first, each after the tables it references. Tables already distributed are left out (`done`).
 */
export function distributionStatements(tables: CatalogTable[], done: ReadonlySet<string> = new Set()): string[] {
  const ordered = referencedFirst(tables);
  const reference = ordered.filter((t) => kindOf(t) === 'reference');
  const distributed = ordered.filter((t) => kindOf(t) === 'distributed');
  const unclassified = tables.filter((t) => kindOf(t) === 'unclassified').map((t) => t.name);
  if (unclassified.length) {
    throw new Error(`Cannot distribute: ${unclassified.join(', ')} carry no ${DISTRIBUTION_COLUMN} and are not listed in src/db/citus-layout.ts`);
  }
  const anchor = distributed[0]?.name;
  return [
    ...reference.filter((t) => !done.has(t.name)).map((t) => `SELECT create_reference_table('${t.name}')`),
    ...distributed.filter((t) => !done.has(t.name)).map((t) => t.name === anchor
      ? `SELECT create_distributed_table('${t.name}', '${DISTRIBUTION_COLUMN}')`
      : `SELECT create_distributed_table('${t.name}', '${DISTRIBUTION_COLUMN}', colocate_with => '${anchor}')`),
  ];
}

/**
 * The optional last step of the migrations: where the `citus` extension is installed, distribute
 * what is not distributed yet (so tables added by later migrations follow on the next start);
 * elsewhere nothing at all. Returns the statements it ran.
 */
export async function distributeOnCitus(q: Queryable): Promise<string[]> {
  const [{ citus }] = await q.query("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') AS citus");
  if (!citus) return [];
  const tables = await readCatalog(q);
  const distributed: Array<{ name: string }> = await q.query('SELECT logicalrelid::regclass::text AS name FROM pg_dist_partition');
  const statements = distributionStatements(tables, new Set(distributed.map((d) => d.name)));
  for (const statement of statements) await q.query(statement);
  return statements;
}
