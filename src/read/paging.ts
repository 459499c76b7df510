import { badInput } from '../common/errors';
import { Binding, isVariable, SqlParams } from '../common/sql-params';

/** The documented maximum page of every list (`limit`, `first`, `last`). */
export const MAX_PAGE_SIZE = 500;
/** The page of the invoices connection, the customers list and Customer.invoices when none is given. */
export const DEFAULT_PAGE_SIZE = 25;
/** Nue's `invoice` list without a `limit`: Nue's documented default page. */
export const NUE_DEFAULT_PAGE_SIZE = 100;

export function pageSize(value: unknown, fallback: number, name: string): number {
  const size = value ?? fallback;
  if (!Number.isInteger(size) || (size as number) < 0 || (size as number) > MAX_PAGE_SIZE) {
    throw badInput(`${name} must be between 0 and ${MAX_PAGE_SIZE}, got ${size}`, [name]);
  }
  return size as number;
}

export function offsetOf(value: unknown): number {
  const offset = value ?? 0;
  if (!Number.isInteger(offset) || (offset as number) < 0) throw badInput(`offset must be 0 or more, got ${offset}`, ['offset']);
  return offset as number;
}

/** The placeholder of a page size or offset, checked now or, given as a variable, when a request runs. */
export function pageLimit(value: unknown, fallback: number, name: string, params: SqlParams): string {
  if (isVariable(value)) return params.add(new Binding(value.name, (v) => (name === 'offset' ? offsetOf(v) : pageSize(v, fallback, name))));
  return params.add(name === 'offset' ? offsetOf(value) : pageSize(value, fallback, name));
}
