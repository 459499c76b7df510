import fc from 'fast-check';
import { InvoiceAction } from '../../src/lifecycle/invoice-lifecycle';
import { CUSTOM_KEYS, CUSTOM_VALUES, DATE_POOL, DATETIME_POOL, DECIMAL_POOL, FilterDataset, TEXT_POOL } from '../fixtures/filter-dataset';
import { REF_CUSTOMER_FIELDS, REF_INVOICE_FIELDS, REF_LINE_ITEM_FIELDS, REF_PAYMENT_FIELDS } from './reference-evaluator';

/**
 * fast-check arbitraries of random `where` trees for the filter property tests: and/or/not at
 * depth, every operator of every field kind, relation quantifiers, availableAction, nulls,
 * unicode and SQL/LIKE metacharacters; values drawn mostly from the data set's own pools (and
 * pieces of them) so that filters are selective rather than all-or-nothing.
 */
let data: FilterDataset;

const CHARS = ['a', 'A', 'b', 'B', 'x', 'X', '0', '1', ' ', '-', '%', '_', '\\', "'", '"', ';', 'Ü', 'ü', 'É', 'é', 'ß', 'Ω', 'ω', '日', '本', '😀', 'İ', 'i', '\u0301', '$', '?', '(', ')'];
const randomText = fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 6 });
/** Substrings of pool values, with their case changed, so contains/startsWith hit often. */
const poolPiece = fc.tuple(fc.constantFrom(...TEXT_POOL), fc.nat(), fc.nat(), fc.constantFrom('same', 'upper', 'lower')).map(([s, a, b, c]) => {
  const chars = Array.from(s);
  const start = chars.length ? a % chars.length : 0;
  const piece = chars.slice(start, start + 1 + (b % 6)).join('');
  return c === 'upper' ? piece.toUpperCase() : c === 'lower' ? piece.toLowerCase() : piece;
});
const text = fc.oneof(fc.constantFrom(...TEXT_POOL), poolPiece, randomText);

const ids = () => [...data.invoices.map((r) => r.id), ...data.customers.map((r) => r.id), ...data.invoices.map((r) => r.activatedById).filter(Boolean)] as string[];
const id = fc.oneof(
  fc.nat().map((n) => ids()[n % ids().length]),
  fc.nat().map((n) => ids()[n % ids().length].toUpperCase()),
  fc.uuid(),
);
const decimal = fc.oneof(
  fc.constantFrom(...DECIMAL_POOL),
  fc.integer({ min: -100000, max: 200000 }).map((c) => (c < 0 ? '-' : '') + `${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`),
  fc.constantFrom(0, 1, 10, 99.99, 100, 1000),
);
const date = fc.oneof(fc.constantFrom(...DATE_POOL), fc.date({ min: new Date('2024-01-01'), max: new Date('2026-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)));
const zoned = (iso: string, offsetMinutes: number) => {
  const local = new Date(Date.parse(iso) + offsetMinutes * 60000).toISOString().slice(0, 23);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
};
const datetime = fc.oneof(
  fc.constantFrom(...DATETIME_POOL),
  fc.tuple(fc.constantFrom(...DATETIME_POOL), fc.constantFrom(-480, -60, 0, 60, 330, 540)).map(([t, o]) => zoned(t, o)),
  fc.constantFrom(...DATE_POOL),
);
const int = fc.integer({ min: -1, max: 6 });
const caseOf = (s: string) => fc.constantFrom(s, s.toLowerCase(), s.toUpperCase(), s.replace(/_/g, ' '), s.replace(/_/g, '-'));
const enumValue = (aliases: Record<string, string>) => fc.constantFrom(...Object.keys(aliases), ...new Set(Object.values(aliases))).chain(caseOf);

type Kind = 'string' | 'currency' | 'id' | 'decimal' | 'date' | 'datetime' | 'int' | 'boolean' | 'enum' | 'json';
const OPS: Record<Kind, string[]> = {
  string: ['eq', 'ne', 'in', 'notIn', 'isNull', 'eqIgnoreCase', 'contains', 'startsWith'],
  currency: ['eq', 'ne', 'in', 'notIn', 'isNull', 'eqIgnoreCase', 'contains', 'startsWith'],
  id: ['eq', 'ne', 'in', 'notIn', 'isNull'],
  enum: ['eq', 'ne', 'in', 'notIn', 'isNull'],
  decimal: ['eq', 'ne', 'in', 'notIn', 'isNull', 'gt', 'gte', 'lt', 'lte'],
  date: ['eq', 'ne', 'in', 'notIn', 'isNull', 'gt', 'gte', 'lt', 'lte'],
  datetime: ['eq', 'ne', 'in', 'notIn', 'isNull', 'gt', 'gte', 'lt', 'lte'],
  int: ['eq', 'ne', 'in', 'notIn', 'isNull', 'gt', 'gte', 'lt', 'lte'],
  boolean: ['eq', 'ne', 'isNull'],
  json: ['contains', 'hasKey', 'isNull'],
};

function valueArb(kind: Kind, aliases?: Record<string, string>): fc.Arbitrary<unknown> {
  switch (kind) {
    case 'string': case 'currency': return text;
    case 'id': return id;
    case 'decimal': return decimal;
    case 'date': return date;
    case 'datetime': return datetime;
    case 'int': return int;
    case 'boolean': return fc.boolean();
    case 'enum': return enumValue(aliases!);
    case 'json': return fc.constant(null);
  }
}

function operatorArb(kind: Kind, aliases?: Record<string, string>): fc.Arbitrary<[string, unknown]> {
  const value = valueArb(kind, aliases);
  return fc.constantFrom(...OPS[kind]).chain((op): fc.Arbitrary<[string, unknown]> => {
    if (kind === 'json') {
      if (op === 'isNull') return fc.boolean().map((b) => [op, b]);
      if (op === 'hasKey') return fc.constantFrom(...CUSTOM_KEYS, 'missing').map((k) => [op, k]);
      return fc.dictionary(fc.constantFrom(...CUSTOM_KEYS), fc.constantFrom(...CUSTOM_VALUES), { minKeys: 1, maxKeys: 2 }).map((o) => [op, o]);
    }
    if (op === 'isNull') return fc.boolean().map((b) => [op, b]);
    if (op === 'in' || op === 'notIn') return fc.array(value, { maxLength: 3 }).map((vs) => [op, vs]);
    if (op === 'eq' || op === 'ne') return fc.option(value, { freq: 6 }).map((v) => [op, v]);
    return value.map((v) => [op, v]);
  });
}

type FieldMap = Record<string, { kind: Kind; aliases?: Record<string, string> }>;
function fieldsArb(fields: FieldMap): fc.Arbitrary<Record<string, unknown>> {
  const one = fc.constantFrom(...Object.keys(fields)).chain((name) =>
    fc.array(operatorArb(fields[name].kind, fields[name].aliases), { minLength: 1, maxLength: 2 }).map((ops) => [name, Object.fromEntries(ops)] as const));
  return fc.array(one, { minLength: 1, maxLength: 2 }).map((entries) => Object.fromEntries(entries));
}

function treeArb(fields: FieldMap, extra: (tie: () => fc.Arbitrary<Record<string, unknown>>) => Array<fc.Arbitrary<Record<string, unknown>>>, maxDepth: number) {
  const { node } = fc.letrec<{ node: Record<string, unknown> }>((tie) => ({
    node: fc.oneof(
      { maxDepth, depthIdentifier: `tree-${Object.keys(fields).length}`, withCrossShrink: true },
      fieldsArb(fields),
      fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((and) => ({ and })),
      fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((or) => ({ or })),
      tie('node').map((not) => ({ not })),
      ...extra(() => tie('node')),
    ),
  }));
  return node;
}

const quantified = (child: fc.Arbitrary<Record<string, unknown>>) =>
  fc.array(fc.tuple(fc.constantFrom('some', 'none', 'every'), child), { minLength: 1, maxLength: 2 }).map((qs) => Object.fromEntries(qs));

const customerWhere = treeArb(REF_CUSTOMER_FIELDS as FieldMap, () => [], 2);
const lineItemWhere = treeArb(REF_LINE_ITEM_FIELDS as FieldMap, () => [], 2);
const paymentWhere = treeArb(REF_PAYMENT_FIELDS as FieldMap, () => [], 2);
const invoiceWhere = treeArb(REF_INVOICE_FIELDS as FieldMap, (tie) => [
  customerWhere.map((customer) => ({ customer })),
  quantified(lineItemWhere).map((lineItems) => ({ lineItems })),
  quantified(paymentWhere).map((payments) => ({ payments })),
  fc.constantFrom(...Object.values(InvoiceAction)).map((availableAction) => ({ availableAction })),
  fc.tuple(tie(), fieldsArb(REF_INVOICE_FIELDS as FieldMap)).map(([a, b]) => ({ ...b, ...a })),
], 4);

/** The arbitrary of invoice where trees, with ids drawn from `dataset`. */
export function whereArbitrary(dataset: FilterDataset): fc.Arbitrary<Record<string, unknown>> {
  data = dataset;
  return invoiceWhere;
}
