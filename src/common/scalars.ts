import { GraphQLScalarType, Kind } from 'graphql';
import { DateTimeResolver, JSONObjectResolver, LocalDateResolver } from 'graphql-scalars';
import { Decimal } from 'decimal.js';
import { badInput } from './errors';

/**
 * At most 13 integer digits (ten trillion, beyond any invoice) and 10 decimals: bounded so that
 * products of two inputs (quantity x unit price) stay exact within Money's 80-digit precision.
 * Leading zeros of the integer part and trailing zeros of the decimals do not count.
 */
export const DECIMAL_LIMITS = { integerDigits: 13, fractionDigits: 10 };
const DECIMAL_PATTERN = /^(-?)(\d+)(?:\.(\d+))?$/;
/** A number literal as JSON and GraphQL write it, exponent included. */
const NUMBER_LITERAL = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * The plain decimal a number literal (`1.5e-7`, `10.07`) is written as, digit for digit, or
 * undefined when the text is not one. decimal.js reads the text without rounding; an exponent far
 * beyond the limits is not expanded (the digit check refuses it anyway).
 */
export function plainDecimalOfLiteral(text: string): string | undefined {
  if (!NUMBER_LITERAL.test(text)) return undefined;
  if (!/[eE]/.test(text)) return text;
  const value = new Decimal(text);
  if (Math.abs(value.e) > 100) return value.isNeg() ? '-1' + '0'.repeat(101) : '1' + '0'.repeat(101);
  return value.toFixed();
}

/**
 * The decimal a JSON number stands for: its shortest round-trip form, which `String(n)` gives
 * (`10.07` is "10.07", not the binary double nearest to it), written out without an exponent.
 */
export function plainDecimalOfNumber(value: number): string | undefined {
  return Number.isFinite(value) ? plainDecimalOfLiteral(String(value)) : undefined;
}

/** Checks a plain decimal against DECIMAL_LIMITS by its digits alone; the message says what is wrong. */
function withinLimits(text: string): string {
  const [, sign, integer, fraction = ''] = DECIMAL_PATTERN.exec(text)!;
  const integerDigits = integer.replace(/^0+(?=\d)/, '');
  const decimals = fraction.replace(/0+$/, '');
  const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text);
  if (integerDigits.length > DECIMAL_LIMITS.integerDigits) {
    throw badInput(`Decimal ${shown} has ${integerDigits.length} integer digits; at most ${DECIMAL_LIMITS.integerDigits} are allowed`, undefined, { limit: DECIMAL_LIMITS });
  }
  if (decimals.length > DECIMAL_LIMITS.fractionDigits) {
    throw badInput(`Decimal ${shown} has ${decimals.length} decimals; at most ${DECIMAL_LIMITS.fractionDigits} are allowed`, undefined, { limit: DECIMAL_LIMITS });
  }
  return new Decimal(`${sign}${integerDigits}${decimals ? `.${decimals}` : ''}`).toFixed();
}

/**
 * Parses an exact decimal: a string of digits ("226.33"), or a JSON number, which means the
 * decimal it is written as. Strings with an exponent, NaN, Infinity and other text are refused.
 */
export function parseDecimal(value: unknown): string {
  if (typeof value === 'string' && DECIMAL_PATTERN.test(value.trim())) return withinLimits(value.trim());
  if (typeof value === 'number') {
    const text = plainDecimalOfNumber(value);
    if (text !== undefined) return withinLimits(text);
  }
  throw badInput(`Decimal expects a number written as a string such as "226.33", got ${JSON.stringify(value)?.slice(0, 60)}`);
}

/** A number literal of a GraphQL document (`10.07`, `1.5e2`): the decimal it is written as. */
function parseDecimalLiteral(text: string): string {
  const plain = plainDecimalOfLiteral(text);
  if (plain === undefined) throw badInput(`Decimal expects a number such as 226.33, got ${text.slice(0, 60)}`);
  return withinLimits(plain);
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
    if (ast.kind === Kind.STRING) return parseDecimal(ast.value);
    if (ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return parseDecimalLiteral(ast.value);
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
