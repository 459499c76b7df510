import 'reflect-metadata';
import { execute, GraphQLSchema, parse, validate } from 'graphql';
import { Arg, buildSchema, Query, Resolver } from 'type-graphql';
import { SqlParams } from '../../src/common/sql-params';
import { compileInvoiceWhere } from '../../src/read/where';
import { compileInvoiceOrderBy, InvoiceOrderByInput } from '../../src/read/order';
import { InvoiceWhereInput } from '../../src/read/where-inputs';
import { AppError } from '../../src/common/errors';

/** The GraphQL side of the filter language: inputs parse as documented, errors carry paths. */
@Resolver()
class ProbeResolver {
  @Query(() => String)
  probe(
    @Arg('where', () => InvoiceWhereInput, { nullable: true }) where: InvoiceWhereInput | null,
    @Arg('orderBy', () => [InvoiceOrderByInput], { nullable: true }) orderBy: InvoiceOrderByInput[] | null,
  ): string {
    const params = new SqlParams();
    const sql = compileInvoiceWhere(where, params);
    return JSON.stringify({ sql, values: params.values, order: compileInvoiceOrderBy(orderBy) });
  }
}

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildSchema({ resolvers: [ProbeResolver], validate: false });
});

async function run(query: string, variables?: Record<string, unknown>) {
  const document = parse(query);
  const errors = validate(schema, document);
  if (errors.length) return { errors: errors.map((e) => ({ message: e.message, extensions: e.extensions })) };
  const result = await execute({ schema, document, variableValues: variables });
  return {
    data: result.data?.probe ? JSON.parse(result.data.probe as string) : undefined,
    errors: result.errors?.map((e) => ({ message: e.message, extensions: (e.originalError as AppError | undefined)?.extensions ?? e.extensions })),
  };
}

describe('InvoiceWhereInput through GraphQL', () => {
  it("runs Nue's filter shape with a quoted lower-case status", async () => {
    const id = '6f1c1f37-2f5a-4f4e-9a43-0b9a6c9d2e11';
    const r = await run(`{ probe(where: {and: [{customer: {id: {eq: "${id}"}}}, {status: {eq: "active"}}]}) }`);
    expect(r.errors).toBeUndefined();
    expect(r.data.values).toEqual([id, 'ACTIVE']);
    // customer.id alone is answered from invoice.customer_id (index (tenant_id, customer_id, status)).
    expect(r.data.sql).toBe('(i.customer_id = $1::uuid AND i.status = $2::text)');
  });

  it('accepts bare enum-style, any-case and alias status values, in literals and variables', async () => {
    const r = await run('{ probe(where: {status: {in: [ACTIVE, "Issued", "pending_activation", draft]}}) }');
    expect(r.errors).toBeUndefined();
    expect(r.data.values).toEqual([['ACTIVE', 'ACTIVE', 'PENDING_ACTIVATION', 'DRAFT']]);
    const v = await run('query($w: InvoiceWhereInput) { probe(where: $w) }', { w: { paymentStatus: { eq: 'Partially Paid' } } });
    expect(v.data.values).toEqual(['PARTIALLY_PAID']);
  });

  it('names an unknown status value with BAD_USER_INPUT and its path', async () => {
    const r = await run('{ probe(where: {or: [{id: {isNull: false}}, {status: {eq: "archived"}}]}) }');
    expect(r.errors?.[0].message).toContain('"archived"');
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', path: ['where', 'or', 1, 'status', 'eq'] });
  });

  it.each([
    ['{ probe(where: {dueDate: {gte: "2025-02-30"}}) }', ['where', 'dueDate', 'gte']],
    ['{ probe(where: {amount: {gt: "12,5"}}) }', ['where', 'amount', 'gt']],
    ['{ probe(where: {customerId: {in: ["6f1c1f37-2f5a-4f4e-9a43-0b9a6c9d2e11", "nope"]}}) }', ['where', 'customerId', 'in', 1]],
    ['{ probe(where: {createdDate: {lt: "yesterday"}}) }', ['where', 'createdDate', 'lt']],
    ['{ probe(where: {lineItems: {some: {}}}) }', ['where', 'lineItems', 'some']],
    ['{ probe(where: {and: []}) }', ['where', 'and']],
    ['{ probe(where: {not: {}}) }', ['where', 'not']],
    ['{ probe(where: {notes: null}) }', ['where', 'notes']],
    ['{ probe(where: {}) }', ['where']],
  ])('refuses %s with BAD_USER_INPUT at the value path', async (query, path) => {
    const r = await run(query);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', path });
  });

  it('takes decimals as strings or number literals and eq: null as IS NULL', async () => {
    const r = await run('{ probe(where: {amount: {gte: 100, lt: "200.50"}, notes: {eq: null}}) }');
    expect(r.errors).toBeUndefined();
    expect(r.data.values).toEqual(['100', '200.50']);
    expect(r.data.sql).toContain('i.notes IS NULL');
  });

  it('rejects unknown fields and operators at validation', async () => {
    expect((await run('{ probe(where: {bogus: {eq: "x"}}) }')).errors?.length).toBeGreaterThan(0);
    expect((await run('{ probe(where: {status: {contains: "x"}}) }')).errors?.length).toBeGreaterThan(0);
  });

  it('compiles orderBy with the id tie-break', async () => {
    const r = await run('{ probe(orderBy: [{field: dueDate, direction: DESC}, {field: amount}]) }');
    expect(r.data.order).toBe('i.due_date DESC NULLS LAST, i.amount ASC, i.id ASC');
  });
});
