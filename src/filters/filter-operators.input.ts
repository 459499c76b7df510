import { Field, ID, InputType, Int } from 'type-graphql';
import { JSONObjectScalar } from '../common/scalars';
import {
  DateTimeValueScalar, DateValueScalar, DecimalValueScalar, DiscountTypeValueScalar, InvoicePaymentStatusValueScalar,
  InvoiceStatusValueScalar, PaymentMethodValueScalar, PaymentRecordStatusValueScalar,
} from './filter-scalars';

/**
 * Per-type operator inputs of the filter language. Semantics (see compile-where.ts):
 * operators in one object are AND-ed; `eq: null` = IS NULL, `ne: null` = IS NOT NULL;
 * `ne`/`notIn` also match NULL columns; `in: []` matches nothing, `notIn: []` everything;
 * an empty operator object `{}` or an explicit `null` is refused (never "match all").
 */
const NULLS = 'null means IS NULL';

@InputType({ description: 'Text operators. eq/ne/in/notIn are exact (case-sensitive); eqIgnoreCase/contains/startsWith ignore case.' })
export class StringFilter {
  @Field(() => String, { nullable: true, description: `Equal (${NULLS}).` }) eq?: string | null;
  @Field(() => String, { nullable: true, description: 'Not equal; NULL columns match. null means IS NOT NULL.' }) ne?: string | null;
  @Field(() => [String], { nullable: true, description: 'One of; [] matches nothing.' }) in?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'None of (NULL columns match); [] matches everything.' }) notIn?: string[] | null;
  @Field(() => Boolean, { nullable: true }) isNull?: boolean | null;
  @Field(() => String, { nullable: true, description: 'Equal ignoring case (the folding of contains), e.g. an email address.' }) eqIgnoreCase?: string | null;
  @Field(() => String, { nullable: true, description: 'Substring, case-insensitive; % _ \\ are literal.' }) contains?: string | null;
  @Field(() => String, { nullable: true, description: 'Prefix, case-insensitive; % _ \\ are literal.' }) startsWith?: string | null;
}

@InputType({ description: 'Identifier operators; values must be UUIDs.' })
export class IdFilter {
  @Field(() => ID, { nullable: true, description: `Equal (${NULLS}).` }) eq?: string | null;
  @Field(() => ID, { nullable: true }) ne?: string | null;
  @Field(() => [ID], { nullable: true }) in?: string[] | null;
  @Field(() => [ID], { nullable: true }) notIn?: string[] | null;
  @Field(() => Boolean, { nullable: true }) isNull?: boolean | null;
}

@InputType({ description: 'Exact decimal operators (money, quantities); values as strings such as "226.33".' })
export class DecimalFilter {
  @Field(() => DecimalValueScalar, { nullable: true }) eq?: string | null;
  @Field(() => DecimalValueScalar, { nullable: true }) ne?: string | null;
  @Field(() => [DecimalValueScalar], { nullable: true }) in?: string[] | null;
  @Field(() => [DecimalValueScalar], { nullable: true }) notIn?: string[] | null;
  @Field(() => Boolean, { nullable: true }) isNull?: boolean | null;
  @Field(() => DecimalValueScalar, { nullable: true }) gt?: string | null;
  @Field(() => DecimalValueScalar, { nullable: true }) gte?: string | null;
  @Field(() => DecimalValueScalar, { nullable: true }) lt?: string | null;
  @Field(() => DecimalValueScalar, { nullable: true }) lte?: string | null;
}

@InputType({ description: 'Calendar date operators, YYYY-MM-DD.' })
export class DateFilter {
  @Field(() => DateValueScalar, { nullable: true }) eq?: string | null;
  @Field(() => DateValueScalar, { nullable: true }) ne?: string | null;
  @Field(() => [DateValueScalar], { nullable: true }) in?: string[] | null;
  @Field(() => [DateValueScalar], { nullable: true }) notIn?: string[] | null;
  @Field(() => Boolean, { nullable: true }) isNull?: boolean | null;
  @Field(() => DateValueScalar, { nullable: true }) gt?: string | null;
  @Field(() => DateValueScalar, { nullable: true }) gte?: string | null;
  @Field(() => DateValueScalar, { nullable: true }) lt?: string | null;
  @Field(() => DateValueScalar, { nullable: true }) lte?: string | null;
}

@InputType({ description: 'Timestamp operators, ISO 8601 with a zone.' })
export class DateTimeFilter {
  @Field(() => DateTimeValueScalar, { nullable: true }) eq?: string | null;
  @Field(() => DateTimeValueScalar, { nullable: true }) ne?: string | null;
  @Field(() => [DateTimeValueScalar], { nullable: true }) in?: string[] | null;
  @Field(() => [DateTimeValueScalar], { nullable: true }) notIn?: string[] | null;
  @Field(() => Boolean, { nullable: true }) isNull?: boolean | null;
  @Field(() => DateTimeValueScalar, { nullable: true }) gt?: string | null;
  @Field(() => DateTimeValueScalar, { nullable: true }) gte?: string | null;
  @Field(() => DateTimeValueScalar, { nullable: true }) lt?: string | null;
  @Field(() => DateTimeValueScalar, { nullable: true }) lte?: string | null;
}

@InputType({ description: 'Integer operators.' })
export class IntFilter {
  @Field(() => Int, { nullable: true }) eq?: number | null;
  @Field(() => Int, { nullable: true }) ne?: number | null;
  @Field(() => [Int], { nullable: true }) in?: number[] | null;
  @Field(() => [Int], { nullable: true }) notIn?: number[] | null;
  @Field(() => Boolean, { nullable: true }) isNull?: boolean | null;
  @Field(() => Int, { nullable: true }) gt?: number | null;
  @Field(() => Int, { nullable: true }) gte?: number | null;
  @Field(() => Int, { nullable: true }) lt?: number | null;
  @Field(() => Int, { nullable: true }) lte?: number | null;
}

@InputType({ description: 'Boolean operators.' })
export class BooleanFilter {
  @Field(() => Boolean, { nullable: true }) eq?: boolean | null;
  @Field(() => Boolean, { nullable: true }) ne?: boolean | null;
  @Field(() => Boolean, { nullable: true }) isNull?: boolean | null;
}

/* Enum operators: the value scalar decides which names and aliases are known (spelled out: type-graphql
   input inheritance needs a registered base type). */
@InputType({ description: 'Invoice status operators; values in any case, quoted or bare, aliases such as "issued" accepted.' })
export class InvoiceStatusFilter {
  @Field(() => InvoiceStatusValueScalar, { nullable: true, description: `Equal (${NULLS}).` }) eq?: string | null;
  @Field(() => InvoiceStatusValueScalar, { nullable: true }) ne?: string | null;
  @Field(() => [InvoiceStatusValueScalar], { nullable: true }) in?: string[] | null;
  @Field(() => [InvoiceStatusValueScalar], { nullable: true }) notIn?: string[] | null;
  @Field(() => Boolean, { nullable: true }) isNull?: boolean | null;
}

@InputType({ description: 'Payment status operators; values in any case, quoted or bare.' })
export class InvoicePaymentStatusFilter {
  @Field(() => InvoicePaymentStatusValueScalar, { nullable: true, description: `Equal (${NULLS}).` }) eq?: string | null;
  @Field(() => InvoicePaymentStatusValueScalar, { nullable: true }) ne?: string | null;
  @Field(() => [InvoicePaymentStatusValueScalar], { nullable: true }) in?: string[] | null;
  @Field(() => [InvoicePaymentStatusValueScalar], { nullable: true }) notIn?: string[] | null;
  @Field(() => Boolean, { nullable: true }) isNull?: boolean | null;
}

@InputType({ description: 'Discount type operators.' })
export class DiscountTypeFilter {
  @Field(() => DiscountTypeValueScalar, { nullable: true, description: `Equal (${NULLS}).` }) eq?: string | null;
  @Field(() => DiscountTypeValueScalar, { nullable: true }) ne?: string | null;
  @Field(() => [DiscountTypeValueScalar], { nullable: true }) in?: string[] | null;
  @Field(() => [DiscountTypeValueScalar], { nullable: true }) notIn?: string[] | null;
  @Field(() => Boolean, { nullable: true }) isNull?: boolean | null;
}

@InputType({ description: 'Payment method operators.' })
export class PaymentMethodFilter {
  @Field(() => PaymentMethodValueScalar, { nullable: true, description: `Equal (${NULLS}).` }) eq?: string | null;
  @Field(() => PaymentMethodValueScalar, { nullable: true }) ne?: string | null;
  @Field(() => [PaymentMethodValueScalar], { nullable: true }) in?: string[] | null;
  @Field(() => [PaymentMethodValueScalar], { nullable: true }) notIn?: string[] | null;
  @Field(() => Boolean, { nullable: true }) isNull?: boolean | null;
}

@InputType({ description: 'Payment record status operators.' })
export class PaymentRecordStatusFilter {
  @Field(() => PaymentRecordStatusValueScalar, { nullable: true, description: `Equal (${NULLS}).` }) eq?: string | null;
  @Field(() => PaymentRecordStatusValueScalar, { nullable: true }) ne?: string | null;
  @Field(() => [PaymentRecordStatusValueScalar], { nullable: true }) in?: string[] | null;
  @Field(() => [PaymentRecordStatusValueScalar], { nullable: true }) notIn?: string[] | null;
  @Field(() => Boolean, { nullable: true }) isNull?: boolean | null;
}

@InputType({ description: 'JSON object operators (customFields).' })
export class JsonObjectFilter {
  @Field(() => JSONObjectScalar, { nullable: true, description: 'The object contains these keys with these values (jsonb @>).' })
  contains?: Record<string, unknown> | null;

  @Field(() => String, { nullable: true, description: 'The object has this top-level key.' })
  hasKey?: string | null;

  @Field(() => Boolean, { nullable: true }) isNull?: boolean | null;
}
