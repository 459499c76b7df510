import { badInput } from '../common/errors';
import { plainDecimalOfNumber } from '../common/scalars';
import { normalizeCurrencyCode } from '../common/money';
import { isUuid } from '../common/uuid';

/**
 * Validation of filter values, per kind, with the path of the value in the error. Each parser
 * returns what is bound as a parameter (never spliced into SQL) and PostgreSQL's type for the cast.
 */
export type Path = ReadonlyArray<string | number>;

export interface EnumValues {
  /** Name used in messages, e.g. "invoice status". */
  label: string;
  values: readonly string[];
  /** normalizeAlias(input) -> canonical value. */
  aliases: Readonly<Record<string, string>>;
}

/** `currency`: text compared in canonical form (normalizeCurrencyCode: "usd" is USD). */
export type ValueKind = 'string' | 'currency' | 'id' | 'decimal' | 'date' | 'datetime' | 'int' | 'boolean' | 'enum';

export const SQL_TYPES: Record<ValueKind, string> = {
  string: 'text', currency: 'text', id: 'uuid', decimal: 'numeric', date: 'date', datetime: 'timestamptz', int: 'int4', boolean: 'boolean', enum: 'text',
};

const LONE_SURROGATE = /\p{Cs}/u;
const DECIMAL = /^-?\d{1,100}(\.\d{1,100})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?([Zz]|[+-](\d{2})(?::?(\d{2}))?))?$/;

export const normalizeAliasKey = (value: string) => value.toLowerCase().replace(/[\s_-]/g, '');

function isCalendarDate(y: number, m: number, d: number): boolean {
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(2000, m - 1, d));
  dt.setUTCFullYear(y);
  return dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

export function parseText(value: unknown, path: Path): string {
  if (typeof value !== 'string') throw badInput(`Expected a string at ${path.join('.')}, got ${JSON.stringify(value)}`, path);
  // PostgreSQL text cannot hold NUL, and a lone surrogate would be silently replaced on the wire.
  if (value.includes('\u0000')) throw badInput(`Text at ${path.join('.')} contains a NUL character`, path);
  if (LONE_SURROGATE.test(value)) throw badInput(`Text at ${path.join('.')} is not well-formed Unicode`, path);
  return value;
}

export function parseValue(kind: ValueKind, value: unknown, path: Path, enumValues?: EnumValues): string | number | boolean {
  const at = path.join('.');
  switch (kind) {
    case 'string':
      return parseText(value, path);
    case 'currency':
      return normalizeCurrencyCode(parseText(value, path));
    case 'id':
      if (isUuid(value)) return value.toLowerCase();
      throw badInput(`Malformed id ${JSON.stringify(value)} at ${at}: expected a UUID`, path, { value });
    case 'decimal': {
      const text = typeof value === 'number' ? plainDecimalOfNumber(value) : typeof value === 'string' ? value.trim() : undefined;
      if (text !== undefined && DECIMAL.test(text)) return text;
      throw badInput(`Malformed decimal ${JSON.stringify(value)} at ${at}: expected a number such as "226.33"`, path, { value });
    }
    case 'date': {
      const m = typeof value === 'string' ? DATE.exec(value) : null;
      if (m && isCalendarDate(+m[1], +m[2], +m[3])) return value as string;
      throw badInput(`Malformed date ${JSON.stringify(value)} at ${at}: expected YYYY-MM-DD`, path, { value });
    }
    case 'datetime': {
      const m = typeof value === 'string' ? DATETIME.exec(value) : null;
      const ok = m && isCalendarDate(+m[1], +m[2], +m[3])
        && (m[4] === undefined || (+m[4] < 24 && +m[5] < 60 && (m[6] === undefined || +m[6] < 60)))
        && (m[8] === undefined || (+m[8] <= 15 && (m[9] === undefined || +m[9] < 60)));
      if (ok) return m![4] === undefined ? `${value}T00:00:00Z` : (value as string);
      throw badInput(`Malformed timestamp ${JSON.stringify(value)} at ${at}: expected ISO 8601 with a zone, e.g. 2025-07-01T10:00:00Z`, path, { value });
    }
    case 'int':
      if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= 2147483647) return value;
      throw badInput(`Expected a 32-bit integer at ${at}, got ${JSON.stringify(value)}`, path, { value });
    case 'boolean':
      if (typeof value === 'boolean') return value;
      throw badInput(`Expected a boolean at ${at}, got ${JSON.stringify(value)}`, path, { value });
    case 'enum': {
      const e = enumValues!;
      const canonical = typeof value === 'string' ? e.aliases[normalizeAliasKey(value)] : undefined;
      if (canonical) return canonical;
      throw badInput(`Unknown ${e.label} ${JSON.stringify(value)} at ${at} (expected one of ${e.values.join(', ')})`, path, { value });
    }
  }
}

/** Builds an alias map that also accepts every canonical value in any case/separator style. */
export function enumValues(label: string, values: readonly string[], aliases: Record<string, string> = {}): EnumValues {
  const map: Record<string, string> = { ...aliases };
  for (const v of values) map[normalizeAliasKey(v)] = v;
  return { label, values, aliases: Object.freeze(map) };
}
