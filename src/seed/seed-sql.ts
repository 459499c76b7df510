/**
 * SQL building blocks for the set-based seed. Every "random" choice is a hash of the row's
 * ordinal (hashint8extended), so a given invoice number always gets the same data and the
 * whole load runs inside PostgreSQL: no row crosses the wire.
 */

/** A deterministic pseudo-random non-negative int4 from an expression and a salt. */
export function hash(expr: string, salt: number): string {
  return `((hashint8extended((${expr})::bigint, ${salt}) & 2147483647)::int)`;
}

function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** One element of a constant list, picked by a hash expression. */
export function pick(values: readonly string[], hashSql: string): string {
  return `(ARRAY[${values.map(literal).join(',')}]::text[])[1 + ${hashSql} % ${values.length}]`;
}

/** Currency table: minor unit and a magnitude relative to USD, so JPY prices look like yen. */
export const CURRENCY_SQL = {
  scale: (currency: string) => `(CASE ${currency} WHEN 'JPY' THEN 0 WHEN 'KWD' THEN 3 ELSE 2 END)`,
  magnitude: (currency: string) => `(CASE ${currency} WHEN 'JPY' THEN 150::numeric WHEN 'KWD' THEN 0.3 WHEN 'EUR' THEN 0.9 ELSE 1::numeric END)`,
};
