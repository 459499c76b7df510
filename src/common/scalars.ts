import { GraphQLScalarType, Kind } from 'graphql';
import { DateTimeResolver, JSONObjectResolver, LocalDateResolver } from 'graphql-scalars';
import { Decimal } from 'decimal.js';
import { badInput } from './errors';

const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

/** Parses an exact decimal; floats are refused where precision could already be lost. */
export function parseDecimal(value: unknown): string {
  if (typeof value === 'string' && DECIMAL_PATTERN.test(value.trim())) return new Decimal(value.trim()).toString();
  if (typeof value === 'number' && Number.isFinite(value) && Number.isSafeInteger(value * 1e6)) {
    // A JSON number with few decimals is exact enough to read; its string form is what we keep.
    return new Decimal(String(value)).toString();
  }
  throw badInput(`Decimal expects a number written as a string such as "226.33", got ${JSON.stringify(value)}`);
}

/**
 * Exact decimal money and quantities. Serialized as a string so that no client parses it into a
 * binary float; inputs accept strings (preferred) and plain numbers.
 */
export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description: 'An exact decimal number, serialized as a string (e.g. "226.33"). Money is rounded to the currency minor unit.',
  serialize(value: unknown): string {
    if (value instanceof Decimal) return value.toString();
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    throw new TypeError(`Decimal cannot represent ${String(value)}`);
  },
  parseValue: parseDecimal,
  parseLiteral(ast): string {
    // Literal text is exact, whether written as a string or as a number.
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return parseDecimal(ast.value);
    throw badInput('Decimal expects a string such as "226.33" or a number literal');
  },
});

export const LocalDateScalar = LocalDateResolver;
export const DateTimeScalar = DateTimeResolver;
export const JSONObjectScalar = JSONObjectResolver;
