import {
  getNamedType,
  GraphQLEnumType,
  GraphQLField,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  isNonNullType,
} from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { getMetadataArgsStorage } from 'typeorm';
import type { RequestContext } from '../http/context';

/**
 * How PostgreSQL renders one GraphQL field of an object type as JSON, exactly as the field's
 * resolver would serialize it. A field without a renderer (field resolvers computing in
 * JavaScript, fields with arguments, JSONObject) keeps the query on the resolvers.
 */
export type FieldRenderer =
  /** A JSON value computed from the row (alias `row`). */
  | { kind: 'value'; sql(row: string): string }
  /** A value computed in JavaScript from an input PostgreSQL renders (e.g. a signed link from the id). */
  | { kind: 'computed'; sql(row: string): string; compute(input: unknown, ctx: RequestContext): unknown }
  /** Rows of another object type, read by a correlated subquery: `object` is the SQL of one child row (alias `child`). */
  | { kind: 'relation'; target: Function; sql(row: string, child: string, object: string): string }
  /** An object type stored as a jsonb column: its fields are the document's keys. */
  | { kind: 'embedded'; target: Function; sql(row: string): string };

const declared = new Map<Function, Map<string, FieldRenderer>>();

/** Declares the renderer of a field that is not a plain column (see rendered-fields.ts). */
export function renderFieldAs(type: Function, field: string, renderer: FieldRenderer): void {
  let fields = declared.get(type);
  if (!fields) declared.set(type, (fields = new Map()));
  fields.set(field, renderer);
}

/** A PostgreSQL timestamp as JavaScript's Date#toISOString writes it (what DateTime serializes): UTC, milliseconds truncated. */
const isoTimestampSql = (expression: string) => `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const TEXT = new Set(['text', 'varchar', 'character varying', 'uuid']);
const INTEGER = new Set(['int', 'integer', 'int4', 'smallint', 'int2']);

/**
 * The JSON PostgreSQL gives for a column read by the default resolver, for the pairs of GraphQL
 * output type and column type whose serializations agree; undefined for any other pair.
 */
function columnValueSql(type: GraphQLNamedType, columnType: string): ((column: string) => string) | undefined {
  if (type instanceof GraphQLEnumType) {
    // Enum columns hold the values' names, as every writer stores them (statuses also by CHECK).
    const storedAsNames = type.getValues().every((v) => v.value === v.name);
    return storedAsNames && TEXT.has(columnType) ? (c) => c : undefined;
  }
  switch (type.name) {
    case 'ID':
      return TEXT.has(columnType) ? (c) => c : undefined;
    case 'String':
      return TEXT.has(columnType) && columnType !== 'uuid' ? (c) => c : undefined;
    case 'Int':
      return INTEGER.has(columnType) ? (c) => c : undefined;
    case 'Boolean':
      return columnType === 'boolean' ? (c) => c : undefined;
    case 'Decimal':
      // numeric as its exact text, as pg hands it to the resolvers.
      return columnType === 'numeric' || columnType === 'decimal' ? (c) => `${c}::text` : undefined;
    case 'LocalDate':
      return columnType === 'date' ? (c) => c : undefined;
    case 'DateTime':
      return columnType === 'timestamptz' ? isoTimestampSql : undefined;
    default:
      return undefined;
  }
}

const propertyOf = (type: Function, field: string) => getMetadataStorage().fields.find((f) => f.target === type && f.schemaName === field)?.name ?? field;

/** A property (default) resolver's field on a TypeORM column: rendered from the column. */
function columnRenderer(type: Function, field: GraphQLField<unknown, unknown>): FieldRenderer | undefined {
  const property = propertyOf(type, field.name);
  const column = getMetadataArgsStorage().columns.find((c) => c.target === type && c.propertyName === property);
  if (!column || field.args.length) return undefined;
  // A non-null field over a nullable column would be an error on the resolvers: left to them.
  if (isNonNullType(field.type) && column.options.nullable) return undefined;
  const toJson = columnValueSql(getNamedType(field.type), String(column.options.type));
  const name = (column.options.name as string | undefined) ?? property;
  return toJson && { kind: 'value', sql: (row) => toJson(`${row}.${name}`) };
}

const hasFieldResolver = (type: Function, field: string) =>
  getMetadataStorage().fieldResolvers.some((r) => r.getObjectType?.() === type && r.schemaName === field);

function last<T>(items: readonly T[], test: (item: T) => boolean): T | undefined {
  for (let n = items.length - 1; n >= 0; n--) if (test(items[n])) return items[n];
  return undefined;
}

/**
 * GraphQL object type -> class, from type-graphql's metadata. The storage is global: where a
 * module is loaded more than once (as under jest), the latest class counts.
 */
function classOfType(type: GraphQLObjectType): Function | undefined {
  return last(getMetadataStorage().objectTypes, (o) => o.name === type.name)?.target;
}

/**
 * The renderer of `type.field`, or undefined when only the resolvers can answer it: declared
 * ones first; otherwise a column read by type-graphql's default resolver (no field resolver).
 */
export function fieldRenderer(type: GraphQLObjectType, fieldName: string): FieldRenderer | undefined {
  const cls = classOfType(type);
  if (!cls) return undefined;
  const explicit = declared.get(cls)?.get(fieldName);
  if (explicit) return explicit;
  const field = type.getFields()[fieldName];
  if (!field || hasFieldResolver(cls, fieldName)) return undefined;
  return columnRenderer(cls, field);
}

/**
 * A String field of an object type kept as a jsonb document (`embedded`), read by the default
 * resolver from the parsed document: the key as text (undefined for any other kind of field).
 */
export function embeddedFieldSql(type: GraphQLObjectType, fieldName: string, document: string): string | undefined {
  const cls = classOfType(type);
  const field = type.getFields()[fieldName];
  if (!cls || !field || field.args.length || hasFieldResolver(cls, fieldName) || getNamedType(field.type).name !== 'String') return undefined;
  const property = propertyOf(cls, fieldName);
  return /^[_A-Za-z][_0-9A-Za-z]*$/.test(property) ? `${document} ->> '${property}'` : undefined;
}

/** The GraphQL object type of a class named in a renderer. */
export function typeOfClass(schema: GraphQLSchema, cls: Function): GraphQLObjectType | undefined {
  const name = last(getMetadataStorage().objectTypes, (o) => o.target === cls)?.name;
  const type = name ? schema.getType(name) : undefined;
  return type instanceof GraphQLObjectType ? type : undefined;
}
