import { SqlParams } from '../common/sql-params';
import { compileWhere, mentionsField, WhereRelation, WhereSpec } from '../filters/compile-where';
import { Path } from '../filters/filter-values';
import type { SortField } from '../filters/order-by';
import { INVOICE } from './invoice.read';
import './read-types';
import { columnOf, fieldsOf, ReadType, readTypeOf } from './registry';

/**
 * The filter specs of the read types, from the field registry: each `column` entry with
 * `filter` is a filter field (its column, kind and nullability from the entity), each relation
 * with `filter` a relation filter, plus the type's extras.
 */
const specs = new Map<ReadType, WhereSpec>();

export function filterFields(type: ReadType, which: 'filter' | 'sort'): Record<string, SortField> {
  const out: Record<string, SortField> = {};
  for (const [name, source] of fieldsOf(type, 'column')) {
    if (!source[which]) continue;
    const { column, kind, nullable } = columnOf(type, source.property);
    out[name] = { column, kind: source.values ? 'enum' : source.as ?? kind, nullable, enumValues: source.values?.values, lower: which === 'sort' && source.sort === 'lower' };
  }
  return out;
}

export function whereSpecOf(type: ReadType): WhereSpec {
  let spec = specs.get(type);
  if (spec) return spec;
  const relations: Record<string, WhereRelation> = {};
  for (const [name, r] of fieldsOf(type, 'relation')) {
    if (!r.filter) continue;
    const target = readTypeOf(r.target());
    const from = columnOf(type, r.from);
    const to = columnOf(target, r.to).column;
    relations[name] = {
      spec: () => whereSpecOf(target),
      many: r.many,
      join: (c, o) => `${c}.tenant_id = ${o}.tenant_id AND ${c}.${to} = ${o}.${from.column}`,
      // A to-one relation over a NOT NULL key always exists: filtering its id is filtering the key.
      directId: !r.many && !from.nullable ? from.column : undefined,
    };
  }
  spec = { name: type.name.replace(/(?<=[a-z])(?=[A-Z])/g, ' ').toLowerCase(), table: type.table!, aliasPrefix: type.alias!, fields: filterFields(type, 'filter'), relations, extras: type.whereExtras ?? {} };
  specs.set(type, spec);
  return spec;
}

/** `where` over `<type's table> <alias>`: the filter, and the soft-delete default unless the filter names it. */
export function visibleWhere(type: ReadType, where: unknown, params: SqlParams, alias: string, path: Path): string[] {
  const parts: string[] = [];
  if (type.softDelete && !mentionsField(where, type.softDelete)) parts.push(`${alias}.${columnOf(type, type.softDelete).column}`);
  const filter = compileWhere(whereSpecOf(type), where, params, alias, path);
  if (filter !== 'TRUE') parts.push(`(${filter})`);
  return parts;
}

/** The invoice filter (Nue's `where`, and the bulk mutations' selection) over `invoice <alias>`. */
export function compileInvoiceWhere(where: unknown, params: SqlParams, alias = 'i', path: Path = ['where']): string {
  return compileWhere(whereSpecOf(INVOICE), where, params, alias, path);
}

/** Whether an invoice filter names isActive (soft-deleted invoices are hidden otherwise). */
export const mentionsIsActive = (where: unknown) => mentionsField(where, INVOICE.softDelete!);

export { isEmptyWhere } from '../filters/compile-where';
