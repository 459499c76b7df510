import { getNamedType, getNullableType, GraphQLList, isLeafType } from 'graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_LIST_SIZE, NESTED_LIST_SIZE } from './limits-config';

export const PAGE_ARGS = ['limit', 'first', 'last'] as const;

/** The page a field asks for: its limit/first/last argument, or the default page size. */
export function requestedPageSize(args: Record<string, unknown>): number {
  const given = PAGE_ARGS.map((name) => args[name]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return given.length ? Math.max(0, ...given) : DEFAULT_LIST_SIZE;
}

/**
 * Cost = rows the operation may load. Every object costs 1 per row, scalars come with their row
 * and are free, and a list multiplies what it contains by its size: the page size argument when
 * the field takes one (`invoice(limit:)`, `invoices(first:)`, 25 when omitted), 10 for a nested
 * list without one (line items, payments, refunds), and 1 for the `edges`/`nodes` of a connection, whose
 * size the connection field already counted. Introspection is free.
 */
export const pageSizeEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  if (field.name.startsWith('__') || type.name.startsWith('__')) return 0;
  const leaf = isLeafType(getNamedType(field.type));
  if (leaf) return 0;
  let size = 1;
  if (field.args.some((a) => (PAGE_ARGS as readonly string[]).includes(a.name))) {
    size = requestedPageSize(args);
  } else if (getNullableType(field.type) instanceof GraphQLList && !type.name.endsWith('Connection')) {
    size = NESTED_LIST_SIZE;
  }
  return size * (1 + childComplexity);
};
