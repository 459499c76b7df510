import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { DECIMAL_LIMITS, DecimalScalar, parseDecimal } from '../../src/common/scalars';
import { DecimalValueScalar } from '../../src/filters/filter-scalars';
import { parseValue } from '../../src/filters/filter-values';
import { Kind } from 'graphql';

/**
 * A JSON number is the decimal it is written as: its shortest round-trip form (`String(n)`,
 * what JSON.stringify writes). It is accepted or refused by those digits alone, never by what
 * the nearest binary double happens to be (2.01 * 1e6 is not an integer, 2.03 is).
 */
const RUNS = Number(process.env.DECIMAL_PROPERTY_RUNS || 2000);

/** Decimals whose every digit survives a trip through a double: at most 15 significant digits. */
const writtenDecimal = fc
  .record({
    negative: fc.boolean(),
    integer: fc.bigInt({ min: 0n, max: 10n ** 13n - 1n }),
    decimals: fc.integer({ min: 0, max: DECIMAL_LIMITS.fractionDigits }),
    fraction: fc.bigInt({ min: 0n, max: 10n ** 10n - 1n }),
  })
  .map(({ negative, integer, decimals, fraction }) => {
    const frac = decimals ? `.${String(fraction).padStart(10, '0').slice(0, decimals)}` : '';
    return new Decimal(`${negative ? '-' : ''}${integer}${frac}`);
  })
  .filter((d) => d.sd(true) <= 15);

describe('Decimal input from JSON numbers', () => {
  it('accepts every two- and three-decimal amount written as a number, as the decimal it is written as', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 9 }), fc.constantFrom(2, 3), (units, decimals) => {
        const text = new Decimal(units).div(10 ** decimals).toFixed(decimals);
        expect(parseDecimal(Number(text))).toBe(new Decimal(text).toFixed());
      }),
      { numRuns: RUNS },
    );
  });

  it('accepts any number within the limits and reads it digit for digit', () => {
    fc.assert(
      fc.property(writtenDecimal, (d) => {
        const n = d.toNumber();
        expect(parseDecimal(n)).toBe(new Decimal(String(n)).toFixed());
        expect(parseDecimal(n)).toBe(d.toFixed());
        // The filter's DecimalValue reads it alike (filters then compare in numeric).
        expect(new Decimal(parseValue('decimal', DecimalValueScalar.parseValue(n), ['v']) as string).eq(d)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses by digits, saying which limit: too many decimals, too many integer digits', () => {
    expect(() => parseDecimal(0.12345678901)).toThrow(/has 11 decimals; at most 10/);
    expect(() => parseDecimal(12345678901234)).toThrow(/has 14 integer digits; at most 13/);
    expect(() => parseDecimal(1e21)).toThrow(/has 22 integer digits; at most 13/);
    expect(() => parseDecimal(1.5e-11)).toThrow(/has 12 decimals; at most 10/);
    expect(() => parseDecimal('1.12345678901')).toThrow(/has 11 decimals/);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 11, max: 15 }), (digit, decimals) => {
        const n = Number(`0.${'0'.repeat(decimals - 1)}${digit}`);
        expect(() => parseDecimal(n)).toThrow(new RegExp(`has ${decimals} decimals; at most 10`));
      }),
    );
  });

  it('expands exponents exactly (numbers and number literals), refuses them in strings', () => {
    expect(parseDecimal(1e-7)).toBe('0.0000001');
    expect(parseDecimal(1.5e12)).toBe('1500000000000');
    expect(DecimalScalar.parseLiteral({ kind: Kind.FLOAT, value: '1.5e2' }, {})).toBe('150');
    expect(DecimalScalar.parseLiteral({ kind: Kind.FLOAT, value: '10.07' }, {})).toBe('10.07');
    expect(() => DecimalScalar.parseLiteral({ kind: Kind.FLOAT, value: '1e999999999' }, {})).toThrow(/integer digits/);
    expect(DecimalValueScalar.parseValue(1e-7)).toBe('0.0000001');
    expect(DecimalValueScalar.parseLiteral({ kind: Kind.FLOAT, value: '2.5E-3' }, {})).toBe('0.0025');
    expect(() => parseDecimal('1e3')).toThrow(/written as a string/);
    expect(() => parseDecimal(Number.NaN)).toThrow(/written as a string/);
  });
});
