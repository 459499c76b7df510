import { GraphQLScalarType, Kind, ValueNode } from 'graphql';
import { badInput } from '../common/errors';
import { plainDecimalOfLiteral, plainDecimalOfNumber } from '../common/scalars';

/**
 * Filter value scalars. They only check the *kind* of value (string or number) and hand the raw
 * text to the filter compiler, which validates the format and answers BAD_USER_INPUT with the
 * exact path of the bad value (`['where', 'and', 0, 'dueDate', 'gte']`). A scalar's own
 * parse error could not say where in the tree the value sits.
 */
function rawScalar(name: string, description: string, accepts: ReadonlyArray<Kind>, numbers: boolean): GraphQLScalarType {
  const fail = (value: unknown) => badInput(`${name} expects ${numbers ? 'a string or a number' : 'a string'}, got ${JSON.stringify(value)}`);
  return new GraphQLScalarType({
    name,
    description,
    serialize: (value) => String(value),
    parseValue(value: unknown): string {
      if (typeof value === 'string') return value;
      // A JSON number is the decimal it is written as (its shortest round-trip form), without an exponent.
      const plain = numbers && typeof value === 'number' ? plainDecimalOfNumber(value) : undefined;
      if (plain !== undefined) return plain;
      throw fail(value);
    },
    parseLiteral(ast: ValueNode): string {
      if (accepts.includes(ast.kind) && 'value' in ast && typeof ast.value === 'string') {
        return ast.kind === Kind.INT || ast.kind === Kind.FLOAT ? plainDecimalOfLiteral(ast.value) ?? ast.value : ast.value;
      }
      throw fail((ast as { value?: unknown }).value ?? ast.kind);
    },
  });
}

export const DecimalValueScalar = rawScalar('DecimalValue',
  'An exact decimal in a filter: "226.33" or a number literal. Checked by the filter compiler.', [Kind.STRING, Kind.INT, Kind.FLOAT], true);
export const DateValueScalar = rawScalar('DateValue',
  'A calendar date in a filter, YYYY-MM-DD.', [Kind.STRING], false);
export const DateTimeValueScalar = rawScalar('DateTimeValue',
  'An instant in a filter: ISO 8601 with a zone (2025-07-01T10:00:00Z), or a date YYYY-MM-DD meaning its midnight UTC.', [Kind.STRING], false);

/** Enum-like values accepted quoted or bare, in any case and by alias (Nue's `{status: {eq: "active"}}`). */
const enumValue = (name: string, what: string) => rawScalar(name,
  `A ${what}, quoted or bare, in any case; aliases accepted (see the enum of the same meaning).`, [Kind.STRING, Kind.ENUM], false);

export const InvoiceStatusValueScalar = enumValue('InvoiceStatusValue', 'InvoiceStatus: DRAFT, PENDING_ACTIVATION, ACTIVE (issued), CANCELED (cancelled), VOIDED (void)');
export const InvoicePaymentStatusValueScalar = enumValue('InvoicePaymentStatusValue', 'InvoicePaymentStatus: UNPAID, PARTIALLY_PAID, PAID, REFUNDED');
export const DiscountTypeValueScalar = enumValue('DiscountTypeValue', 'DiscountType: PERCENTAGE, AMOUNT');
export const PaymentMethodValueScalar = enumValue('PaymentMethodValue', 'PaymentMethod: EFT, CHECK, WIRE, CASH, CARD, HOSTED, IMPORTED, OTHER');
export const PaymentRecordStatusValueScalar = enumValue('PaymentRecordStatusValue', 'PaymentRecordStatus: PENDING, COMPLETED, FAILED');
