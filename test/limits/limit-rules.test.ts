import { ApolloServer } from '@apollo/server';
import { buildSchema, getIntrospectionQuery, parse, validate } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { aliasLimitRule } from '../../src/http/limits/alias-limit.rule';
import { pageSizeEstimator } from '../../src/http/limits/cost-estimator';
import { costLimitPlugin } from '../../src/http/limits/cost-limit.plugin';
import { depthLimitRule } from '../../src/http/limits/depth-limit.rule';
import { TokenBucketLimiter } from '../../src/http/limits/token-bucket';

/** A small schema with the shapes the service has: a limit list, a Relay connection, nested lists. */
const schema = buildSchema(`
  type Query {
    invoice(limit: Int, offset: Int): [Invoice!]!
    invoices(first: Int, last: Int): InvoiceConnection!
    one(id: ID!): Invoice
  }
  type Invoice { id: ID! amount: String customer: Customer lineItems: [Line!]! tags: [String!]! }
  type Customer { id: ID! name: String invoices(limit: Int): [Invoice!]! }
  type Line { id: ID! amount: String }
  type InvoiceConnection { edges: [Edge!]! nodes: [Invoice!]! totalCount: Int! }
  type Edge { cursor: String! node: Invoice! }
`);

const errorsOf = (query: string, rule: ReturnType<typeof depthLimitRule>) =>
  validate(schema, parse(query), [rule]).map((e) => ({ message: e.message, extensions: e.extensions }));

const cost = (query: string, variables: Record<string, unknown> = {}) =>
  getComplexity({ schema, query: parse(query), variables, estimators: [pageSizeEstimator] });

describe('depth limit rule', () => {
  it('counts nesting levels and refuses past the limit with the limit and the actual depth', () => {
    const q = '{ one(id: "1") { customer { invoices { customer { name } } } } }'; // depth 5
    expect(errorsOf(q, depthLimitRule(5))).toEqual([]);
    const refused = errorsOf(q, depthLimitRule(4));
    expect(refused).toHaveLength(1);
    expect(refused[0].extensions).toEqual({ code: 'QUERY_TOO_DEEP', limit: 4, actual: 5 });
  });

  it('follows fragments and inline fragments, and survives fragment cycles', () => {
    const q = `
      query Deep { one(id: "1") { ...C } }
      fragment C on Invoice { customer { ... on Customer { invoices { ...L } } } }
      fragment L on Invoice { lineItems { id } }`;
    expect(errorsOf(q, depthLimitRule(4))[0].extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', limit: 4, actual: 5 });
    const cyclic = 'query { one(id: "1") { ...A } } fragment A on Invoice { customer { invoices { ...A } } }';
    expect(() => errorsOf(cyclic, depthLimitRule(3))).not.toThrow();
  });

  it('handles a fragment bomb in linear time', () => {
    const frags = Array.from({ length: 30 }, (_, i) => `fragment F${i} on Invoice { id ${i < 29 ? `...F${i + 1} ...F${i + 1}` : ''} }`).join('\n');
    const q = `{ one(id: "1") { ...F0 } }\n${frags}`;
    const started = Date.now();
    expect(errorsOf(q, depthLimitRule(10))).toEqual([]);
    const aliased = `{ one(id: "1") { ...F0 } }\n${frags.replace(/\{ id /g, '{ x: id ')}`;
    const aliasErrors = errorsOf(aliased, aliasLimitRule(30));
    expect(aliasErrors[0].extensions).toMatchObject({ code: 'TOO_MANY_ALIASES', limit: 30, actual: 2 ** 30 - 1 });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('does not count introspection, so the explorer schema query passes a small limit', () => {
    expect(errorsOf(getIntrospectionQuery(), depthLimitRule(3))).toEqual([]);
  });
});

describe('alias limit rule', () => {
  it('counts every aliased field, also inside fragments, and refuses past the limit', () => {
    const q = '{ a: one(id: "1") { id } b: one(id: "2") { x: id ...F } } fragment F on Invoice { y: amount }';
    expect(errorsOf(q, aliasLimitRule(4))).toEqual([]);
    expect(errorsOf(q, aliasLimitRule(3))[0].extensions).toEqual({ code: 'TOO_MANY_ALIASES', limit: 3, actual: 4 });
  });
});

describe('cost estimator', () => {
  it('costs lists by their page size argument, 25 when omitted', () => {
    expect(cost('{ invoice(limit: 10) { id amount } }')).toBe(10);
    expect(cost('{ invoice { id } }')).toBe(25);
    expect(cost('{ invoice(limit: 10) { customer { name } } }')).toBe(10 * (1 + 1));
    expect(cost('query($n: Int) { invoice(limit: $n) { id } }', { n: 400 })).toBe(400);
  });

  it('multiplies nested lists (10 rows each without a page size) and counts a connection once (edges/nodes are not counted again)', () => {
    expect(cost('{ invoice(limit: 10) { lineItems { id } } }')).toBe(10 * (1 + 10 * 1));
    expect(cost('{ invoices(first: 50) { edges { node { id } } totalCount } }')).toBe(50 * (1 + 1 * (1 + 1)));
    expect(cost('{ invoices(last: 5) { nodes { customer { name } } } }')).toBe(5 * (1 + 1 * (1 + 1)));
    expect(cost('{ invoices { nodes { id } } }')).toBe(25 * 2);
  });

  it('leaf lists and introspection are free', () => {
    expect(cost('{ one(id: "1") { tags } }')).toBe(1);
    expect(cost(getIntrospectionQuery())).toBe(0);
  });
});

describe('cost limit plugin (page size from variables)', () => {
  let apollo: ApolloServer;
  beforeAll(async () => {
    apollo = new ApolloServer({ schema, rootValue: { invoice: () => [] }, plugins: [costLimitPlugin(1000)] });
    await apollo.start();
  });
  afterAll(() => apollo.stop());

  it('refuses an operation over the limit with QUERY_TOO_COMPLEX, the limit and the cost; the same operation with a small page runs', async () => {
    const query = 'query Page($n: Int) { invoice(limit: $n) { id customer { name } } }';
    const small = await apollo.executeOperation({ query, variables: { n: 100 } });
    expect(small.body.kind === 'single' && small.body.singleResult.errors).toBeUndefined();
    const big = await apollo.executeOperation({ query, variables: { n: 1000 } });
    expect(big.http.status).toBe(400);
    const errors = big.body.kind === 'single' ? big.body.singleResult.errors : undefined;
    expect(errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 1000, actual: 2000 });
    expect(big.body.kind === 'single' && big.body.singleResult.data).toBeFalsy();
  });
});

describe('token bucket', () => {
  it('allows a burst, then refills at the rate, and says how long to wait', () => {
    let now = 0;
    const bucket = new TokenBucketLimiter(2, 3, () => now);
    expect([1, 2, 3].map(() => bucket.take('k').allowed)).toEqual([true, true, true]);
    const refused = bucket.take('k');
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(bucket.take('other').allowed).toBe(true);
    now = 499;
    expect(bucket.take('k').allowed).toBe(false);
    now = 500;
    expect(bucket.take('k').allowed).toBe(true);
    now = 10_000;
    expect([1, 2, 3, 4].map(() => bucket.take('k').allowed)).toEqual([true, true, true, false]);
  });

  it('forgets idle buckets once there are many, so random keys cannot grow memory', () => {
    let now = 0;
    const bucket = new TokenBucketLimiter(10, 1, () => now);
    for (let i = 0; i < 10_000; i++) bucket.take(`k${i}`);
    now = 1_000;
    bucket.take('fresh');
    expect(bucket.size).toBeLessThan(10);
  });
});
