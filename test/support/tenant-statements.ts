import { loadModule, parseSync } from 'libpg-query';
import { kindOf, readCatalog } from '../../src/db/citus-distribution';
import { DISTRIBUTION_COLUMN } from '../../src/db/citus-layout';

/**
 * Does a SQL statement stay within one tenant, so that Citus routes it to one shard? Parsed by
 * PostgreSQL's own parser (libpg-query), then every distributed table it reads or writes (the
 * schema's tables with tenant_id, less the reference tables of src/db/citus-layout.ts) must be
 * bound to one tenant:
 *
 * - `x.tenant_id = <parameter or constant>` among the AND-ed conditions of its WHERE or JOIN ON
 *   (`tenant_id = $1` unqualified when it is the only table there), or
 * - `x.tenant_id = y.tenant_id` with y bound, in the same query or an enclosing one (correlated
 *   subqueries), or with y a CTE or derived table (whose own tables are checked where defined);
 * - an INSERT into a distributed table gives tenant_id as a parameter or constant, or copies it
 *   from a bound table's (or a CTE's) tenant_id.
 *
 * Reference and local tables, temporary tables, catalogs and functions need nothing. Returns the problems found
 * (empty: the statement is routed to one shard).
 */
export async function loadSqlParser(): Promise<void> {
  await loadModule();
}

/** The distributed tables of a database's schema (what Citus would distribute by tenant_id). */
export async function distributedTables(q: { query(sql: string, params?: unknown[]): Promise<any> }): Promise<Set<string>> {
  return new Set((await readCatalog(q)).filter((t) => kindOf(t) === 'distributed').map((t) => t.name));
}

type Node = any;

interface Scope {
  parent?: Scope;
  /** CTE names visible here. */
  ctes: Set<string>;
  /** alias -> table name, for the base tables of this query level. */
  tables: Map<string, string>;
  /** Aliases (tables, CTEs, derived tables) known to be one tenant's rows. */
  bound: Set<string>;
}

function isSystem(rv: Node): boolean {
  const schema = rv.schemaname as string | undefined;
  return schema === 'pg_catalog' || schema === 'information_schema' || /^pg_/.test(rv.relname);
}

function cteVisible(scope: Scope | undefined, name: string): boolean {
  for (let s = scope; s; s = s.parent) if (s.ctes.has(name)) return true;
  return false;
}

function boundAbove(scope: Scope | undefined, alias: string): boolean {
  for (let s = scope; s; s = s.parent) if (s.bound.has(alias)) return true;
  return false;
}

/** Fields of a ColumnRef as strings (`i.tenant_id` -> ['i', 'tenant_id']), null for `*` and the like. */
function columnOf(node: Node): string[] | null {
  const ref = node?.ColumnRef ?? node?.TypeCast?.arg?.ColumnRef;
  if (!ref) return null;
  const fields = (ref.fields as Node[]).map((f) => f.String?.sval);
  return fields.every((f) => typeof f === 'string') ? fields : null;
}

/** No column of any table in it: a parameter, a constant, a function of those. */
function isValueOnly(node: Node): boolean {
  let found = false;
  const visit = (n: Node) => {
    if (found || n == null || typeof n !== 'object') return;
    if (n.ColumnRef || n.SubLink) {
      found = true;
      return;
    }
    for (const v of Object.values(n)) visit(v);
  };
  visit(node);
  return !found;
}

function conjuncts(node: Node): Node[] {
  if (!node) return [];
  if (node.BoolExpr?.boolop === 'AND_EXPR') return (node.BoolExpr.args as Node[]).flatMap(conjuncts);
  return [node];
}

/** `a = b` as its two sides, for a plain equality. */
function equality(node: Node): [Node, Node] | null {
  const e = node?.A_Expr;
  if (!e || e.kind !== 'AEXPR_OP' || e.name?.length !== 1 || e.name[0].String?.sval !== '=') return null;
  return [e.lexpr, e.rexpr];
}

export class StatementChecker {
  private problems: string[] = [];

  /** `distributed`: the names of the distributed tables (from the catalog: see distributedTables). */
  constructor(private readonly distributed: ReadonlySet<string>) {}

  private isDistributed(name: string): boolean {
    return this.distributed.has(name);
  }

  check(sql: string): string[] {
    this.problems = [];
    let parsed: Node;
    try {
      parsed = parseSync(sql);
    } catch (error) {
      return [`could not be parsed: ${(error as Error).message}`];
    }
    for (const raw of parsed.stmts ?? []) this.statement(raw.stmt, undefined);
    return [...new Set(this.problems)];
  }

  private statement(stmt: Node, parent: Scope | undefined): void {
    if (!stmt) return;
    if (stmt.SelectStmt) this.select(stmt.SelectStmt, parent);
    else if (stmt.InsertStmt) this.insert(stmt.InsertStmt, parent);
    else if (stmt.UpdateStmt) this.modify(stmt.UpdateStmt, stmt.UpdateStmt.fromClause, parent, 'UPDATE');
    else if (stmt.DeleteStmt) this.modify(stmt.DeleteStmt, stmt.DeleteStmt.usingClause, parent, 'DELETE');
    else if (stmt.ExplainStmt) this.statement(stmt.ExplainStmt.query, parent);
    else if (stmt.CopyStmt || stmt.TruncateStmt || stmt.LockStmt) {
      const relations: Node[] = stmt.CopyStmt ? [stmt.CopyStmt.relation] : (stmt.TruncateStmt ?? stmt.LockStmt).relations.map((r: Node) => r.RangeVar);
      for (const rv of relations.filter(Boolean)) if (this.isDistributed(rv.relname)) this.problems.push(`${Object.keys(stmt)[0]} on ${rv.relname} spans tenants`);
    }
    // Transaction control, SET, SHOW, DDL of migrations (allow-listed by origin): nothing to route.
  }

  private withClause(withClause: Node, scope: Scope): void {
    for (const cte of withClause?.ctes ?? []) {
      const c = cte.CommonTableExpr;
      scope.ctes.add(c.ctename);
      scope.bound.add(c.ctename);
      this.statement(c.ctequery, scope);
    }
  }

  private newScope(parent: Scope | undefined): Scope {
    return { parent, ctes: new Set(), tables: new Map(), bound: new Set() };
  }

  /** Base tables of a FROM list into the scope; derived tables checked and counted as bound; JOIN conditions returned. */
  private from(items: Node[] | undefined, scope: Scope): Node[] {
    const quals: Node[] = [];
    const visit = (item: Node) => {
      if (!item) return;
      if (item.RangeVar) {
        const rv = item.RangeVar;
        const alias = rv.alias?.aliasname ?? rv.relname;
        if (cteVisible(scope, rv.relname) && !rv.schemaname) scope.bound.add(alias);
        else if (isSystem(rv) || !this.isDistributed(rv.relname)) scope.bound.add(alias);
        else scope.tables.set(alias, rv.relname);
      } else if (item.JoinExpr) {
        const j = item.JoinExpr;
        visit(j.larg);
        visit(j.rarg);
        if (j.quals) quals.push(j.quals);
        const using = (j.usingClause ?? []).map((u: Node) => u.String?.sval);
        if (using.includes(DISTRIBUTION_COLUMN)) quals.push({ USING_TENANT: [aliasOf(j.larg), aliasOf(j.rarg)] });
      } else if (item.RangeSubselect) {
        const alias = item.RangeSubselect.alias?.aliasname;
        this.statement(item.RangeSubselect.subquery, scope);
        if (alias) scope.bound.add(alias);
      } else if (item.RangeFunction) {
        const alias = item.RangeFunction.alias?.aliasname;
        if (alias) scope.bound.add(alias);
        this.expressions(item.RangeFunction.functions, scope);
      }
    };
    for (const item of items ?? []) visit(item);
    return quals;
  }

  /** Marks the tables the conditions bind to one tenant (to a fixpoint, through tenant_id = tenant_id). */
  private bind(scope: Scope, conditions: Node[]): void {
    const edges: Array<[string, string]> = [];
    const single = scope.tables.size === 1 ? [...scope.tables.keys()][0] : undefined;
    const tenantAlias = (side: Node): string | null | undefined => {
      const col = columnOf(side);
      if (!col || col[col.length - 1] !== DISTRIBUTION_COLUMN) return undefined;
      return col.length >= 2 ? col[col.length - 2] : single ?? null;
    };
    for (const c of conditions.flatMap(conjuncts)) {
      if (c.USING_TENANT) {
        const [a, b] = c.USING_TENANT;
        if (a && b) edges.push([a, b]);
        continue;
      }
      const eq = equality(c);
      if (!eq) continue;
      const [l, r] = eq;
      const la = tenantAlias(l);
      const ra = tenantAlias(r);
      if (la && ra === undefined && isValueOnly(r)) scope.bound.add(la);
      else if (ra && la === undefined && isValueOnly(l)) scope.bound.add(ra);
      else if (la && ra) edges.push([la, ra]);
    }
    const isBound = (alias: string) => scope.bound.has(alias) || (!scope.tables.has(alias) && boundAbove(scope.parent, alias));
    for (let changed = true; changed;) {
      changed = false;
      for (const [a, b] of edges) {
        if (isBound(a) && !scope.bound.has(b)) { scope.bound.add(b); changed = true; }
        if (isBound(b) && !scope.bound.has(a)) { scope.bound.add(a); changed = true; }
      }
    }
  }

  private report(scope: Scope, what: string): void {
    for (const [alias, table] of scope.tables) {
      if (!scope.bound.has(alias)) this.problems.push(`${what}: ${table}${alias !== table ? ` (${alias})` : ''} has no tenant_id predicate`);
    }
  }

  private select(s: Node, parent: Scope | undefined): void {
    if (s.op && s.op !== 'SETOP_NONE') {
      // UNION and the like: the WITH clause, if any, belongs to the whole; each branch is a query of its own.
      const scope = this.newScope(parent);
      this.withClause(s.withClause, scope);
      this.select(s.larg, scope);
      this.select(s.rarg, scope);
      return;
    }
    const scope = this.newScope(parent);
    this.withClause(s.withClause, scope);
    const joinQuals = this.from(s.fromClause, scope);
    this.bind(scope, [s.whereClause, ...joinQuals]);
    this.report(scope, 'SELECT');
    this.expressions([s.targetList, s.whereClause, s.havingClause, s.valuesLists, ...joinQuals, s.sortClause, s.groupClause], scope);
  }

  private insert(s: Node, parent: Scope | undefined): void {
    const scope = this.newScope(parent);
    this.withClause(s.withClause, scope);
    const target = s.relation.relname;
    const select = s.selectStmt?.SelectStmt;
    if (this.isDistributed(target) && !cteVisible(scope, target)) {
      const cols = (s.cols ?? []).map((c: Node) => c.ResTarget.name);
      const k = cols.indexOf(DISTRIBUTION_COLUMN);
      if (k < 0) this.problems.push(`INSERT into ${target} names no tenant_id column`);
      else if (select?.valuesLists) {
        for (const row of select.valuesLists) if (!isValueOnly(row.List.items[k])) this.problems.push(`INSERT into ${target}: tenant_id is not a parameter`);
      } else if (select) {
        // INSERT ... SELECT: the copied tenant_id must come from a parameter or a bound table (checked with the SELECT's scope).
        const inner = this.newScope(scope);
        this.withClause(select.withClause, inner);
        const joinQuals = this.from(select.fromClause, inner);
        this.bind(inner, [select.whereClause, ...joinQuals]);
        const value = select.targetList?.[k]?.ResTarget?.val;
        const col = columnOf(value);
        const ok = value && (isValueOnly(value) || (col && col[col.length - 1] === DISTRIBUTION_COLUMN
          && (col.length >= 2 ? inner.bound.has(col[col.length - 2]) : inner.tables.size <= 1 && [...inner.tables.keys()].every((a) => inner.bound.has(a)))));
        if (!ok) this.problems.push(`INSERT into ${target}: tenant_id is neither a parameter nor a bound table's tenant_id`);
        this.report(inner, `INSERT into ${target} ... SELECT`);
        this.expressions([select.targetList, select.whereClause, ...joinQuals], inner);
        return;
      }
    }
    if (select) this.select(select, scope);
  }

  private modify(s: Node, fromItems: Node[] | undefined, parent: Scope | undefined, verb: string): void {
    const scope = this.newScope(parent);
    this.withClause(s.withClause, scope);
    this.from([{ RangeVar: s.relation }], scope);
    const joinQuals = this.from(fromItems, scope);
    this.bind(scope, [s.whereClause, ...joinQuals]);
    this.report(scope, `${verb} ${s.relation.relname}`);
    this.expressions([s.targetList, s.whereClause, s.returningList, ...joinQuals], scope);
  }

  /** Subqueries inside expressions, checked with the enclosing scope (for correlated tenant_id). */
  private expressions(nodes: Node[], scope: Scope): void {
    const visit = (n: Node) => {
      if (n == null || typeof n !== 'object') return;
      if (Array.isArray(n)) return n.forEach(visit);
      if (n.SubLink) {
        visit(n.SubLink.testexpr);
        this.statement(n.SubLink.subselect, scope);
        return;
      }
      for (const v of Object.values(n)) visit(v);
    };
    nodes.forEach(visit);
  }
}

function aliasOf(item: Node): string | undefined {
  return item?.RangeVar ? item.RangeVar.alias?.aliasname ?? item.RangeVar.relname : item?.RangeSubselect?.alias?.aliasname;
}

/**
 * Statements that legitimately span tenants, by the service file they come from, with why each is
 * fine on Citus. Every other statement the service sends must pass StatementChecker.
 */
export const CROSS_TENANT_ALLOWED: ReadonlyArray<{ origin: string; why: string }> = [
  { origin: 'migrations/', why: 'schema changes: run once by the migration step on the coordinator, which propagates DDL to every shard' },
  { origin: 'src/db/database.ts', why: "the migration runner (advisory lock, TypeORM's own bookkeeping in the local table migrations) and the distribution step, on the coordinator" },
  { origin: 'src/db/citus-distribution.ts', why: 'reads the catalog and distributes the tables, on the coordinator' },
  { origin: 'src/invoices/commands/scheduled-activation.job.ts',
    why: 'the scheduler scans every tenant for due activations: a multi-shard statement the coordinator fans out to all shards (on Citus its FOR UPDATE SKIP LOCKED claim becomes a per-tenant pass; see the README)' },
  { origin: 'src/idempotency/idempotency-cleanup.job.ts',
    why: 'deletes expired keys of every tenant: a multi-shard DELETE the coordinator fans out (on Citus, without SKIP LOCKED: expired rows are no longer used by requests)' },
];

export interface CapturedStatement {
  sql: string;
  /** Service files (src/, migrations/) on the stack when it was sent, innermost first. */
  origins: string[];
}

export interface Offender extends CapturedStatement {
  problems: string[];
}

/** The captured statements that are neither routed to one tenant nor allow-listed by origin. */
export function offendingStatements(statements: Iterable<CapturedStatement>, distributed: ReadonlySet<string>): Offender[] {
  const checker = new StatementChecker(distributed);
  const offenders: Offender[] = [];
  for (const s of statements) {
    if (s.origins.some((o) => CROSS_TENANT_ALLOWED.some((a) => o.startsWith(a.origin)))) continue;
    const problems = checker.check(s.sql);
    if (problems.length) offenders.push({ ...s, problems });
  }
  return offenders;
}

export function describeOffenders(offenders: Offender[]): string {
  return `${offenders.length} SQL statement(s) sent by the service are not bound to one tenant, so Citus could not route them to one shard. ` +
    'Add a tenant_id predicate; or, when a statement must span tenants, list its origin in CROSS_TENANT_ALLOWED ' +
    '(test/support/tenant-statements.ts) with why that is fine on Citus.\n' +
    offenders.map((o) => `- ${o.problems.join('; ')}\n    sql:  ${o.sql.replace(/\s+/g, ' ').trim().slice(0, 500)}\n    from: ${o.origins.slice(0, 4).join(' <- ')}`).join('\n');
}
