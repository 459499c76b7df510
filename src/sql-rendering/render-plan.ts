import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLObjectType,
  GraphQLSchema,
  Kind,
  SelectionSetNode,
  visit,
  BREAK,
} from 'graphql';
import type { RequestContext } from '../http/context';
import { embeddedFieldSql, fieldRenderer, typeOfClass } from './field-renderers';

/**
 * What PostgreSQL renders for a selection set of one object type: `json_build_object(...)`
 * over the row alias, with the response keys in the order GraphQL executes them.
 */
export interface RenderedObject {
  /** `json_build_object(...)` of the whole selection; null past its 50 keys (a root row selects columns instead). */
  sql: string | null;
  /** Each response key with the SQL of its value, in order (a root row selects them as columns). */
  fields: Array<{ key: string; sql: string }>;
  /** Fields finished in JavaScript after the JSON is parsed (computed fields, and the way to them). */
  fixups: Fixup[];
}

export type Fixup =
  | { key: string; compute(input: unknown, ctx: RequestContext): unknown }
  | { key: string; children: Fixup[] };

/** json_build_object takes at most 100 arguments. */
const MAX_KEYS = 50;

type Fragments = Record<string, FragmentDefinitionNode>;

/** Response key -> its field nodes, in execution order (graphql-js's collectFields, without directives). */
export function collectSelection(type: GraphQLObjectType, sets: readonly SelectionSetNode[], fragments: Fragments): Map<string, FieldNode[]> | null {
  const fields = new Map<string, FieldNode[]>();
  const visited = new Set<string>();
  const walk = (set: SelectionSetNode): boolean => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const nodes = fields.get(key);
        if (nodes) nodes.push(selection);
        else fields.set(key, [selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (selection.typeCondition && selection.typeCondition.name.value !== type.name) return false;
        if (!walk(selection.selectionSet)) return false;
      } else {
        if (visited.has(selection.name.value)) continue;
        visited.add(selection.name.value);
        const fragment = fragments[selection.name.value];
        if (!fragment || fragment.typeCondition.name.value !== type.name || !walk(fragment.selectionSet)) return false;
      }
    }
    return true;
  };
  for (const set of sets) if (!walk(set)) return null;
  return fields;
}

/** No @skip/@include (or other directive) anywhere: the selection is the same for every request. */
export function hasNoDirectives(document: DocumentNode): boolean {
  let none = true;
  visit(document, {
    Directive() {
      none = false;
      return BREAK;
    },
  });
  return none;
}

/** Hands out the row aliases of nested subqueries (r1, r2, ...), unique within one statement. */
export class AliasSource {
  private next = 0;
  take(): string {
    return `r${++this.next}`;
  }
}

// GraphQL names and type names ([_A-Za-z][_0-9A-Za-z]*) need no escaping in SQL literals.
const literal = (text: string) => `'${text}'`;

/**
 * The rendered selection of `type` over the row `row`, or null when a selected field has no
 * renderer (then the resolvers answer the whole operation).
 */
export function renderObject(schema: GraphQLSchema, type: GraphQLObjectType, nodes: readonly FieldNode[], row: string, aliases: AliasSource, fragments: Fragments): RenderedObject | null {
  const sets = nodes.map((n) => n.selectionSet).filter((s): s is SelectionSetNode => !!s);
  const fields = collectSelection(type, sets, fragments);
  if (!fields || fields.size === 0) return null;
  const values: Array<{ key: string; sql: string }> = [];
  const fixups: Fixup[] = [];
  for (const [key, fieldNodes] of fields) {
    const name = fieldNodes[0].name.value;
    if (name === '__typename') {
      values.push({ key, sql: literal(type.name) });
      continue;
    }
    // Arguments are not rendered; no rendered field takes any.
    if (fieldNodes.some((n) => n.arguments?.length)) return null;
    const renderer = fieldRenderer(type, name);
    if (!renderer) return null;
    switch (renderer.kind) {
      case 'value':
        values.push({ key, sql: renderer.sql(row) });
        break;
      case 'computed':
        values.push({ key, sql: renderer.sql(row) });
        fixups.push({ key, compute: renderer.compute });
        break;
      case 'relation': {
        const target = typeOfClass(schema, renderer.target);
        const child = aliases.take();
        const inner = target && renderObject(schema, target, fieldNodes, child, aliases, fragments);
        if (!inner?.sql) return null;
        values.push({ key, sql: renderer.sql(row, child, inner.sql) });
        if (inner.fixups.length) fixups.push({ key, children: inner.fixups });
        break;
      }
      case 'embedded': {
        const target = typeOfClass(schema, renderer.target);
        const inner = target && renderEmbedded(target, fieldNodes, renderer.sql(row), fragments);
        if (!inner) return null;
        values.push({ key, sql: inner });
        break;
      }
    }
  }
  const sql = values.length > MAX_KEYS ? null : `json_build_object(${values.map((v) => `${literal(v.key)}, ${v.sql}`).join(', ')})`;
  return { sql, fields: values, fixups };
}

/**
 * An object type kept as a jsonb document (an address): its String fields are the document's
 * keys, read as text as the default resolver reads the parsed document's properties. A SQL
 * NULL or JSON null document is a null object.
 */
function renderEmbedded(type: GraphQLObjectType, nodes: readonly FieldNode[], document: string, fragments: Fragments): string | null {
  const sets = nodes.map((n) => n.selectionSet).filter((s): s is SelectionSetNode => !!s);
  const fields = collectSelection(type, sets, fragments);
  if (!fields || fields.size === 0 || fields.size > MAX_KEYS) return null;
  const pairs: string[] = [];
  for (const [key, fieldNodes] of fields) {
    const name = fieldNodes[0].name.value;
    const value = name === '__typename' ? literal(type.name) : fieldNodes.some((n) => n.arguments?.length) ? undefined : embeddedFieldSql(type, name, document);
    if (!value) return null;
    pairs.push(`${literal(key)}, ${value}`);
  }
  return `CASE WHEN ${document} IS NULL OR ${document} = 'null'::jsonb THEN NULL ELSE json_build_object(${pairs.join(', ')}) END`;
}

/** Applies the fixups to a parsed rendered value (an object, a list of them, or null). */
export function applyFixups(value: unknown, fixups: readonly Fixup[], ctx: RequestContext, pending: Promise<unknown>[]): void {
  if (value == null || !fixups.length) return;
  if (Array.isArray(value)) {
    for (const item of value) applyFixups(item, fixups, ctx, pending);
    return;
  }
  const object = value as Record<string, unknown>;
  for (const fixup of fixups) {
    if ('children' in fixup) {
      applyFixups(object[fixup.key], fixup.children, ctx, pending);
      continue;
    }
    const result = fixup.compute(object[fixup.key], ctx);
    if (result instanceof Promise) pending.push(result.then((v) => (object[fixup.key] = v)));
    else object[fixup.key] = result;
  }
}
