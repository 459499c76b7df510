import { GraphQLScalarType, Kind } from 'graphql';
import { DateTimeResolver, JSONObjectResolver, LocalDateResolver } from 'graphql-scalars';
import { Decimal } from 'decimal.js';
import { badInput } from './errors';

/**
 * At most 13 integer digits (ten trillion, beyond any invoice) and 10 decimals: bounded so that
 * products of two inputs (quantity x unit price) stay exact within Money's 80-digit precision.
 */
export const DECIMAL_LIMITS = { integerDigits: 13, fractionDigits: 10 };
const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;
const WITHIN_LIMITS = new RegExp(`^-?0*\\d{1,${DECIMAL_LIMITS.integerDigits}}(\\.\\d{1,${DECIMAL_LIMITS.fractionDigits}}0*)?$`);

/** Parses an exact decimal; floats are refused where precision could already be lost. */
export function parseDecimal(value: unknown): string {
  if (typeof value === 'string' && DECIMAL_PATTERN.test(value.trim())) {
    const text = value.trim();
    if (!WITHIN_LIMITS.test(text)) {
      throw badInput(`Decimal ${JSON.stringify(text.slice(0, 40))} is out of range: at most ${DECIMAL_LIMITS.integerDigits} integer digits and ${DECIMAL_LIMITS.fractionDigits} decimals`);
    }
    return new Decimal(text).toString();
  }
  if (typeof value === 'number' && Number.isFinite(value) && Number.isSafeInteger(value * 1e6)) {
    // A JSON number with few decimals is exact enough to read; its string form is what we keep.
    return parseDecimal(String(value));
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

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
const serializeLocalDate = LocalDateResolver.serialize;

/**
 * graphql-scalars' LocalDate, except that output already in 'YYYY-MM-DD' form (how PostgreSQL
 * dates arrive, src/db/pg-types.ts) skips the full calendar validation: it ran for every date
 * of every row served.
 */
export const LocalDateScalar = new GraphQLScalarType({
  ...LocalDateResolver.toConfig(),
  serialize: (value: unknown) => (typeof value === 'string' && DATE_SHAPE.test(value) ? value : serializeLocalDate(value)),
});
export const DateTimeScalar = DateTimeResolver;
export const JSONObjectScalar = JSONObjectResolver;
