import type { GraphQLResolveInfo } from 'graphql';
import { Contact } from '../customers/contact.entity';
import { Customer } from '../customers/customer.entity';
import { JsonRow } from '../db/json-row';
import { Payment } from '../payments/payment.entity';
import { Refund } from '../payments/refund.entity';
import { InvoiceComment } from './invoice-comment.entity';
import { InvoiceHistory } from './invoice-history.entity';
import { InvoiceLineItem } from './invoice-line-item.entity';
import { RELATION_SOURCES, relationJsonSql, RelationSource } from './invoice-relations';
import type { InvoiceRow } from './invoice-row';
import { pathsKey, perDocument, selectedFields } from './invoice-row';

/**
 * Nested relations fetched by the root invoice statement itself. When a query selects, say,
 * `lineItems` and `payments { refunds }`, each becomes a correlated JSON column of the one
 * statement that reads the invoices (built by PostgreSQL, numerics as text), decoded onto the
 * row. The relation's field resolver answers from the row, synchronously, and falls back to
 * its DataLoader for invoices read any other way (mutation payloads, `Customer.invoices`).
 * One round trip instead of one per relation: on this hardware, most of a nested read's cost
 * (BENCHMARKS.md).
 */
interface NestedRelation {
  /** The Invoice field that asks for it (`payments.refunds`: refunds under payments). */
  readonly field: string;
  /** Row shape of the related entity. */
  readonly shape: JsonRow<unknown>;
  /**
   * Properties every related row carries (identity, grouping keys), and what each field that
   * is not a column reads (field resolvers of the related type). A selected field found in
   * neither makes the relation carry every column: always correct, only larger.
   */
  readonly always: readonly string[];
  readonly needs?: Readonly<Record<string, readonly string[]>>;
  /** Correlated subquery over the invoice row `i`, giving JSON of the given row object SQL. */
  sql(object: string): string;
  /** Turns the column's JSON into the field's value on the invoice row (and nested rows). */
  attach(invoice: Json, json: unknown): void;
}

type Json = Record<string, unknown>;

const CUSTOMER = new JsonRow(Customer);
const CONTACT = new JsonRow(Contact);
const LINE = new JsonRow(InvoiceLineItem);
const PAYMENT = new JsonRow(Payment);
const REFUND = new JsonRow(Refund);
const COMMENT = new JsonRow(InvoiceComment);
const HISTORY = new JsonRow(InvoiceHistory);

/** Where a prefetched relation sits on its parent row (not a GraphQL field, never output). */
const slot = (field: string) => `__nested_${field}`;

/** The value `field` was prefetched with on `row`, or undefined when it was not prefetched. */
export function prefetched<T>(row: object, field: string): T | undefined {
  return (row as Json)[slot(field)] as T | undefined;
}

/** The relation's rows as JSON, correlated to the invoice row `i`. */
const from = (source: RelationSource) => (object: string) => relationJsonSql(source, 'i', 't', object);

const one = (shape: JsonRow<unknown>, field: string) => (invoice: Json, json: unknown) => {
  invoice[slot(field)] = json == null ? null : shape.decode(json as Json);
};
const many = (shape: JsonRow<unknown>, field: string) => (invoice: Json, json: unknown) => {
  invoice[slot(field)] = (json as Json[]).map((r) => shape.decode(r));
};

// Payments come before their refunds: the refunds are handed to the decoded payments.
const RELATIONS: readonly NestedRelation[] = [
  {
    field: 'customer',
    shape: CUSTOMER,
    always: ['tenantId', 'id'],
    needs: { invoices: ['id'], contacts: ['id'] },
    sql: from(RELATION_SOURCES['Invoice.customer']),
    attach: one(CUSTOMER, 'customer'),
  },
  {
    field: 'billToContact',
    shape: CONTACT,
    always: ['tenantId', 'id'],
    sql: from(RELATION_SOURCES['Invoice.billToContact']),
    attach: one(CONTACT, 'billToContact'),
  },
  { field: 'lineItems', shape: LINE, always: ['tenantId', 'id'], sql: from(RELATION_SOURCES['Invoice.lineItems']), attach: many(LINE, 'lineItems') },
  {
    field: 'payments',
    shape: PAYMENT,
    always: ['tenantId', 'id'],
    needs: { netAmount: ['amount', 'refundedAmount', 'currency'], refunds: ['id'] },
    sql: from(RELATION_SOURCES['Invoice.payments']),
    attach: many(PAYMENT, 'payments'),
  },
  {
    // Every refund of the invoice, each handed to its payment (every payment gets a list).
    field: 'payments.refunds',
    shape: REFUND,
    always: ['tenantId', 'id', 'paymentId'],
    sql: from({ ...RELATION_SOURCES['Payment.refunds'], on: (c, p) => `${c}.invoice_id = ${p}.id` }),
    attach: (invoice, json) => {
      const byPayment = new Map<unknown, Json[]>();
      for (const payment of prefetched<Json[]>(invoice, 'payments') ?? []) {
        const refunds: Json[] = [];
        payment[slot('refunds')] = refunds;
        byPayment.set(payment.id, refunds);
      }
      for (const r of json as Json[]) byPayment.get(r.paymentId)?.push(REFUND.decode(r) as unknown as Json);
    },
  },
  { field: 'comments', shape: COMMENT, always: ['tenantId', 'id'], sql: from(RELATION_SOURCES['Invoice.comments']), attach: many(COMMENT, 'comments') },
  { field: 'history', shape: HISTORY, always: ['tenantId', 'id'], sql: from(RELATION_SOURCES['Invoice.history']), attach: many(HISTORY, 'history') },
];

/** The properties a relation's rows must carry for the fields selected on them. */
function propsFor(relation: NestedRelation, fields: ReadonlySet<string>): ReadonlySet<string> {
  const props = new Set(relation.always);
  for (const field of fields) {
    if (relation.shape.props.has(field)) props.add(field);
    else if (relation.needs?.[field]) for (const p of relation.needs[field]) props.add(p);
    else if (field !== '__typename') return relation.shape.props;
  }
  return props;
}

const column = (relation: NestedRelation) => `__json_${relation.field.replace('.', '_')}`;

/** The relations a query selects under its invoice nodes (`paths`, as for selectedFields). */
export class NestedSelection {
  static readonly NONE = new NestedSelection([]);

  private constructor(
    private readonly relations: readonly NestedRelation[],
    private readonly sql = '',
  ) {}

  /** Depends only on the document, so it is computed once per parsed field node (perDocument). */
  static of(info: GraphQLResolveInfo, paths: ReadonlyArray<readonly string[]>): NestedSelection {
    return perDocument(info, `nested:${pathsKey(paths)}`, () => NestedSelection.build(info, paths));
  }

  private static build(info: GraphQLResolveInfo, paths: ReadonlyArray<readonly string[]>): NestedSelection {
    const fields = selectedFields(info, paths);
    const under = (path: string) => selectedFields(info, paths.map((p) => [...p, ...path.split('.')]));
    const relations = RELATIONS.filter((r) => (r.field === 'payments.refunds' ? fields.has('payments') && under('payments').has('refunds') : fields.has(r.field)));
    if (!relations.length) return NestedSelection.NONE;
    const sql = relations.map((r) => `, ${r.sql(r.shape.sql('t', propsFor(r, under(r.field))))} AS "${column(r)}"`).join('');
    return new NestedSelection(relations, sql);
  }

  /** `, (subquery) AS "__json_x", ...` to append to the invoice select list ('' when none). */
  selectSql(): string {
    return this.sql;
  }

  /** Decodes the fetched JSON columns into the rows' relation values. */
  attach(invoices: readonly object[]): void {
    for (const relation of this.relations) {
      const name = column(relation);
      for (const invoice of invoices) {
        const row = invoice as Json;
        relation.attach(row, row[name]);
        row[name] = undefined;
      }
    }
  }
}
