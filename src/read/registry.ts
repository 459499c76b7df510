import { getMetadataArgsStorage } from 'typeorm';
import { entityColumns } from '../common/entity-columns';
import type { EnumValues, ValueKind } from '../filters/filter-values';
import type { ReadContext } from './read-context';

/**
 * The field registry: for every GraphQL field of a read type, the one place its value comes
 * from. The planner (planner.ts) turns it into SQL, the fallback resolvers (fallback.ts) into
 * DataLoaders and row properties, and the filter inputs, sort fields and filter specs
 * (where.ts, invoice-order.ts) are derived from it. Columns are looked up in the TypeORM
 * entity, so a new column is the entity's @Column/@Field plus one `column()` entry here.
 */
export type FilterKind = ValueKind | 'json';

/** An enum-valued text column's operator input and accepted values (statuses, methods). */
export interface EnumFilter {
  input: Function;
  values: EnumValues;
}

/** A GraphQL field the registry declares (fields that are not entity columns): its fallback resolver declares it (fallback.resolver.ts). */
export interface Declared {
  type: () => unknown;
  nullable?: boolean;
  description?: string;
}

/** How a computed field's input is read: a column of the row, or SQL over its alias. */
export type Input = string | { sql: (alias: string) => string; kind: 'boolean' | 'text' };

export type Source = { declare?: Declared } & (
  /**
   * A column; `filter` puts it in the type's where input (a string is the filter's description),
   * `sort` in its sort fields ('lower': sorted case-insensitively), `as` overrides the filter kind.
   */
  | { kind: 'column'; property: string; filter?: true | string; sort?: boolean | 'lower'; as?: FilterKind; values?: EnumFilter }
  /** A value computed in JavaScript from `inputs`, once per row; `prepare` is awaited once per request first. */
  | { kind: 'computed'; inputs: readonly Input[]; compute(values: unknown[], ctx: ReadContext, args: Record<string, unknown>): unknown; prepare?(ctx: ReadContext): unknown }
  /**
   * Rows of another read type whose `to` property equals this row's `from`, in `order`. `filter`
   * puts it in the where input (a string is its description); `list`: takes the target's where/orderBy/limit.
   */
  | { kind: 'relation'; target: () => Function; from: string; to: string; many: boolean; order: readonly string[]; filter?: boolean | string; list?: { defaultLimit: number } }
  /** An object type kept as a jsonb column of this row (an address). */
  | { kind: 'embedded'; target: () => Function; property: string }
  /** A key of the parent value: of an embedded document, or of a computed object. */
  | { kind: 'key' }
  /** Part of a connection page, made by its root field. */
  | { kind: 'connection' }
  /** Answered by a resolver only (the planner declines documents selecting it), for the reason given. */
  | { kind: 'resolver'; reason: string }
);

export interface ColumnInfo {
  column: string;
  /** The TypeORM column type (text, uuid, numeric, date, timestamptz, integer, boolean, jsonb). */
  type: string;
  nullable: boolean;
  kind: FilterKind;
}

export interface ReadType {
  readonly name: string;
  readonly cls: Function;
  /** The entity's table and the prefix of subquery aliases; absent for value types (documents, computed objects, pages). */
  readonly table?: string;
  readonly alias?: string;
  /** A boolean property: rows where it is false are hidden unless a filter names it (soft delete). */
  readonly softDelete?: string;
  /** Extra where-input fields compiled by a function (Invoice.availableAction). */
  readonly whereExtras?: Readonly<Record<string, (value: unknown, alias: string, path: ReadonlyArray<string | number>) => string>>;
  readonly fields: Readonly<Record<string, Source>>;
}

const KINDS: Record<string, FilterKind> = {
  text: 'string', varchar: 'string', uuid: 'id', numeric: 'decimal', decimal: 'decimal', date: 'date',
  timestamptz: 'datetime', integer: 'int', int: 'int', boolean: 'boolean', jsonb: 'json',
};

const byClass = new Map<Function, ReadType>();
const byName = new Map<string, ReadType>();

type Entries = Record<string, Source | Omit<Extract<Source, { kind: 'column' }>, 'property'> & { property?: string }>;

/** Registers a read type (its entity's table from the TypeORM metadata). */
export function readType(cls: Function, options: Omit<ReadType, 'cls' | 'name' | 'fields' | 'table'> & { name?: string; fields: Entries }): ReadType {
  const fields: Record<string, Source> = {};
  for (const [name, entry] of Object.entries(options.fields)) {
    fields[name] = ('property' in entry ? { ...entry, property: entry.property || name } : entry) as Source;
  }
  const table = getMetadataArgsStorage().tables.find((t) => t.target === cls)?.name;
  const type: ReadType = { ...options, name: options.name ?? cls.name, cls, table, fields };
  byClass.set(cls, type);
  byName.set(type.name, type);
  return type;
}

type ColumnOptions = { of?: string; filter?: true | string; sort?: boolean | 'lower'; as?: FilterKind; values?: EnumFilter; declare?: Declared };
export const column = (options: ColumnOptions = {}) =>
  ({ kind: 'column', property: options.of, ...options }) as Omit<Extract<Source, { kind: 'column' }>, 'property'>;
/** Columns of the same options, one entry each. */
export const columns = (options: { filter?: true; sort?: boolean }, ...names: string[]) => Object.fromEntries(names.map((n) => [n, column(options)]));
export const computed = (inputs: readonly Input[], compute: Extract<Source, { kind: 'computed' }>['compute'], more: { prepare?(ctx: ReadContext): unknown; declare?: Declared } = {}): Source =>
  ({ kind: 'computed', inputs, compute, ...more });
/** A to-one relation: the target row whose id is this row's `from`. */
export const one = (target: () => Function, from: string, more: { filter?: boolean | string; declare?: Declared } = {}): Source =>
  ({ kind: 'relation', target, from, to: 'id', many: false, order: [], ...more });
/** A to-many relation: the target rows whose `to` is this row's id, in `order`. */
export const many = (target: () => Function, to: string, order: readonly string[], more: { filter?: boolean; list?: { defaultLimit: number }; declare?: Declared } = {}): Source =>
  ({ kind: 'relation', target, from: 'id', to, many: true, order, ...more });
export const embedded = (target: () => Function, declare?: Declared): Source => ({ kind: 'embedded', target, property: '', declare });
/** Fields that are keys of the parent value (documents, computed objects). */
export const keys = (...names: string[]): Record<string, Source> => Object.fromEntries(names.map((n) => [n, { kind: 'key' }]));
export const connection = (): Source => ({ kind: 'connection' });
export const resolverOnly = (reason: string): Source => ({ kind: 'resolver', reason });

export const readTypeOf = (cls: Function): ReadType => {
  const type = byClass.get(cls);
  if (!type) throw new Error(`${cls.name} is not a read type (src/read/registry.ts)`);
  return type;
};
export const readTypeNamed = (name: string): ReadType | undefined => byName.get(name);
export const readTypes = (): ReadType[] => [...byName.values()];

/** The column behind a property of an entity read type, from the entity's TypeORM metadata. */
export function columnOf(type: ReadType, property: string): ColumnInfo {
  const meta = getMetadataArgsStorage().columns.find((c) => c.target === type.cls && c.propertyName === property);
  if (!meta) throw new Error(`${type.name}.${property} is not a column of the entity`);
  const columnType = String(meta.options.type);
  const kind = KINDS[columnType];
  if (!kind) throw new Error(`${type.name}.${property}: no filter kind for column type ${columnType}`);
  return { column: (meta.options.name as string | undefined) ?? property, type: columnType, nullable: !!meta.options.nullable, kind };
}

/** Every column of the entity as `alias.column AS "property"`: rows shaped like the entity. */
export const rowSelect = (type: ReadType, alias: string) => entityColumns(type.cls, alias);

/** Fields of a type with a given kind of source. */
export function fieldsOf<K extends Source['kind']>(type: ReadType, kind: K): Array<[string, Extract<Source, { kind: K }>]> {
  return Object.entries(type.fields).filter((e): e is [string, Extract<Source, { kind: K }>] => e[1].kind === kind);
}
