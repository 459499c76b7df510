import type { RawRow } from './read-database';
import { applyFixups, Run, Value } from './select';

/** A statement's select list, each SQL expression once: values index into the row by position. */
export class Columns {
  readonly sql: string[] = [];

  add(sql: string): number {
    const known = this.sql.indexOf(sql);
    return known >= 0 ? known : this.sql.push(sql) - 1;
  }
}

export type RowWriter = (row: RawRow, run: Run) => string;

/**
 * The JSON of one root row, written from the row's raw column texts: what JSON.stringify writes
 * for the object the fallback's resolvers build (same keys, order and values), without building
 * the object. Relations arrive as JSON text from PostgreSQL and are spliced in.
 */
function writerOf(value: Value, columns: Columns): RowWriter {
  if (value.kind === 'const') {
    const json = value.json;
    return () => json;
  }
  if (value.kind === 'computed') {
    const inputs = value.inputs.map((sql) => columns.add(sql));
    const compute = value.compute;
    return (row, run) => JSON.stringify(compute(inputs.map((n) => row[n]), run));
  }
  const n = columns.add(value.sql);
  switch (value.kind) {
    case 'text':
      return (row) => (row[n] === null ? 'null' : JSON.stringify(row[n]));
    case 'plain':
      return (row) => (row[n] === null ? 'null' : `"${row[n]}"`);
    case 'int':
      return (row) => row[n] ?? 'null';
    case 'bool':
      return (row) => (row[n] === null ? 'null' : row[n] === 't' ? 'true' : 'false');
    case 'jsonb':
      return (row) => (row[n] === null ? 'null' : JSON.stringify(JSON.parse(row[n]!)));
    case 'json': {
      const fix = value.fix;
      if (!fix) return (row) => row[n] ?? 'null';
      return (row, run) => {
        if (row[n] === null) return 'null';
        const parsed: unknown = JSON.parse(row[n]!);
        applyFixups(parsed, fix, run);
        return JSON.stringify(parsed);
      };
    }
  }
}

export function rowWriter(values: readonly Value[], columns: Columns): RowWriter {
  const prefixes = values.map((v, n) => `${n ? ',' : '{'}${JSON.stringify(v.key)}:`);
  const writers = values.map((v) => writerOf(v, columns));
  return (row, run) => {
    let out = '';
    for (let n = 0; n < writers.length; n++) out += prefixes[n] + writers[n](row, run);
    return `${out}}`;
  };
}

/** `{"key":value,...}` of parts already written as JSON. */
export const jsonObject = (parts: ReadonlyArray<readonly [string, string]>) => `{${parts.map(([key, json]) => `${JSON.stringify(key)}:${json}`).join(',')}}`;
