import fs from 'node:fs';
import path from 'node:path';
import { GraphQLSchema, Kind, OperationDefinitionNode, parse, TypeInfo, validate, visit, visitWithTypeInfo } from 'graphql';
import { buildAppSchema } from '../../src/schema/build-schema';
import { seedInvoices } from '../../src/seed/seed-invoices';
import { startTestService, TestService } from '../support/test-service';
import { parseReadmeExamples, pathGet, README_PATH, ReadmeExample } from './readme-examples';

/**
 * Every ```graphql example of README.md is valid against the schema and runs, in README order,
 * against the real service over `npm run seed` data (the seed function behind it, 200 invoices).
 *
 * Examples name their inputs as variables. A variable gets its value from, in order: the
 * example's literal `vars`; a value saved by an earlier example (`save`); or a role below that
 * picks a fitting row of the seeded tenant (`$draftInvoiceId` is a draft nobody used yet, ...).
 * Options per example (expected code, asserted values, ...) are described in ./readme-examples.ts.
 * Also checked: every Query and Mutation field appears in some example, and every test file the
 * README cites exists. Run with README_EXAMPLES_VERBOSE=1 to print each answer.
 *
 * The service runs on a pool of ONE connection: an operation that holds a connection (a
 * transaction) while it asks the pool for another would wait for itself and fail after the
 * pool's 5 s acquire timeout. Under a burst that pattern drains any pool (it once did: a bulk
 * cancel read its comment author outside its transaction), so every operation must pass here.
 */
const SEED_INVOICES = 200;

describe('README examples', () => {
  const examples = parseReadmeExamples();
  let schema: GraphQLSchema;
  let svc: TestService;
  let apiKey: string;
  let tenantId: string;
  let otherApiKey: string;
  const saved: Record<string, unknown> = {};
  const used = new Set<string>();

  beforeAll(async () => {
    schema = await buildAppSchema();
    svc = await startTestService({ dbPoolSize: 1 });
    ({ apiKey, tenantId } = await svc.newTenant('README examples'));
    await seedInvoices(svc.dataSource, { tenantId, invoices: SEED_INVOICES });
    // A second tenant, for the isolation examples.
    otherApiKey = (await svc.newTenant('README examples, other tenant')).apiKey;
  }, 120_000);

  afterAll(async () => {
    await svc?.stop();
  });

  const one = async (sql: string, params: unknown[] = []): Promise<string> => {
    const rows: Array<{ id: string }> = await svc.dataSource.query(sql, [tenantId, ...params]);
    if (rows.length === 0) throw new Error(`No seeded row fits: ${sql}`);
    return rows[0].id;
  };
  const fresh = async (where: string): Promise<string> => {
    const id = await one(
      `SELECT i.id FROM invoice i WHERE i.tenant_id = $1 AND i.is_active AND NOT (i.id = ANY($2::uuid[])) AND ${where} ORDER BY i.invoice_number LIMIT 1`,
      [[...used]],
    );
    used.add(id);
    return id;
  };
  const noPayments = `NOT EXISTS (SELECT 1 FROM payment p WHERE p.tenant_id = i.tenant_id AND p.invoice_id = i.id)`;

  /** Roles: what a variable name means, picked from the seeded tenant. */
  const roles: Record<string, (resolved: Record<string, unknown>) => Promise<unknown>> = {
    customerId: () =>
      one(`SELECT customer_id AS id FROM invoice WHERE tenant_id = $1 AND status = 'ACTIVE' GROUP BY customer_id ORDER BY count(*) DESC, customer_id LIMIT 1`),
    invoiceId: () =>
      one(`SELECT i.id FROM invoice i WHERE i.tenant_id = $1 AND i.is_active
             AND EXISTS (SELECT 1 FROM payment p WHERE p.tenant_id = i.tenant_id AND p.invoice_id = i.id)
             AND (SELECT count(*) FROM invoice_line_item l WHERE l.tenant_id = i.tenant_id AND l.invoice_id = i.id) >= 2
           ORDER BY i.invoice_number LIMIT 1`),
    orderId: () => one(`SELECT order_id AS id FROM invoice WHERE tenant_id = $1 AND order_id IS NOT NULL ORDER BY invoice_number LIMIT 1`),
    draftInvoiceId: () => fresh(`i.status = 'DRAFT' AND i.currency_iso_code = 'USD' AND ${noPayments}`),
    activeInvoiceId: () =>
      fresh(`i.status = 'ACTIVE' AND i.payment_status = 'UNPAID' AND i.currency_iso_code = 'USD' AND i.balance >= 100 AND ${noPayments}`),
    paidInvoiceId: () => fresh(`i.status = 'ACTIVE' AND i.payment_status = 'PAID'`),
    contactId: async (resolved) => {
      // A contact of the customer of the invoice this example works on.
      const invoiceId = Object.entries(resolved).find(([k]) => /InvoiceId$|^id$|^invoiceId$/.test(k))?.[1];
      if (invoiceId) {
        return one(
          `SELECT k.id FROM contact k JOIN invoice i ON i.tenant_id = k.tenant_id AND i.customer_id = k.customer_id
           WHERE k.tenant_id = $1 AND i.id = $2 ORDER BY k.id LIMIT 1`,
          [invoiceId],
        );
      }
      return one(`SELECT id FROM contact WHERE tenant_id = $1 ORDER BY id LIMIT 1`);
    },
  };

  const operationOf = (example: ReadmeExample): OperationDefinitionNode => {
    const ops = parse(example.query).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    if (ops.length !== 1) throw new Error(`${example.name}: a README example holds exactly one operation, found ${ops.length}`);
    return ops[0];
  };

  const variablesFor = async (example: ReadmeExample): Promise<Record<string, unknown>> => {
    const resolved: Record<string, unknown> = {};
    for (const def of operationOf(example).variableDefinitions ?? []) {
      const name = def.variable.name.value;
      if (example.vars && name in example.vars) resolved[name] = example.vars[name];
      else if (name in saved) resolved[name] = saved[name];
      else if (roles[name]) resolved[name] = await roles[name](resolved);
      else if (!def.defaultValue) throw new Error(`${example.name}: no value for $${name} (not in vars, not saved by an earlier example, no role)`);
    }
    return resolved;
  };

  it('finds the examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(30);
  });

  it('cite test files that exist (the Guarantees section)', () => {
    const cited = [...new Set(fs.readFileSync(README_PATH, 'utf8').match(/test\/[\w./-]+\.test\.ts/g) ?? [])];
    expect(cited.length).toBeGreaterThan(10);
    expect(cited.filter((file) => !fs.existsSync(path.join(path.dirname(README_PATH), file)))).toEqual([]);
  });

  it('show every query and mutation of the schema', () => {
    const shown = new Set<string>();
    for (const example of examples) {
      const typeInfo = new TypeInfo(schema);
      visit(parse(example.query), visitWithTypeInfo(typeInfo, {
        Field(node) {
          const parent = typeInfo.getParentType();
          if (parent && (parent === schema.getQueryType() || parent === schema.getMutationType())) shown.add(`${parent.name}.${node.name.value}`);
        },
      }));
    }
    const roots = [schema.getQueryType()!, schema.getMutationType()!].flatMap((t) => Object.keys(t.getFields()).map((f) => `${t.name}.${f}`));
    expect(roots.filter((r) => !shown.has(r))).toEqual([]);
  });

  describe('are valid against the schema', () => {
    it.each(examples.map((e) => [e.name, e] as const))('%s', (_name, example) => {
      const errors = validate(schema, parse(example.query));
      expect(errors.map((e) => e.message)).toEqual([]);
      operationOf(example);
    });
  });

  describe('run against seeded data, in README order', () => {
    it.each(examples.map((e) => [e.name, e] as const))('%s', async (_name, example) => {
      const variables = await variablesFor(example);
      const headers = example.headers ?? {};
      const key = example.as === 'otherTenant' ? otherApiKey : example.as === 'noKey' ? undefined : apiKey;
      const res = await svc.gql(key, example.query, variables, headers);
      const context = `README.md:${example.line} (${example.name}) with ${JSON.stringify(variables)}`;
      // README_EXAMPLES_VERBOSE=1 prints each answer, to write the README's prose from real output.
      if (process.env.README_EXAMPLES_VERBOSE) process.stdout.write(`\n### ${context}\n${JSON.stringify(res, null, 1).slice(0, 3000)}\n`);
      if (example.expect) {
        expect({ context, codes: (res.errors ?? []).map((e) => e.extensions?.code) }).toEqual({ context, codes: expect.arrayContaining([example.expect]) });
        if (example.expectPath) {
          const refusal = (res.errors ?? []).find((e) => e.extensions?.code === example.expect);
          expect({ context, path: refusal?.extensions?.path }).toEqual({ context, path: example.expectPath });
        }
      } else {
        expect({ context, errors: res.errors ?? [] }).toEqual({ context, errors: [] });
        expect(res.data).toBeTruthy();
      }
      for (const [key, dotted] of Object.entries(example.save ?? {})) {
        const value = pathGet(res.data, dotted);
        expect({ context, saved: key, value }).toEqual({ context, saved: key, value: expect.anything() });
        saved[key] = value;
      }
      for (const [dotted, value] of Object.entries(example.assert ?? {})) {
        expect({ context, path: dotted, value: pathGet(res.data, dotted) }).toEqual({ context, path: dotted, value });
      }
      for (const dotted of example.nonEmpty ?? []) {
        const list = pathGet(res.data, dotted) as unknown[];
        expect({ context, path: dotted, length: Array.isArray(list) ? list.length > 0 : list }).toEqual({ context, path: dotted, length: true });
      }
      if (example.repeat) {
        const again = await svc.gql(key, example.query, variables, headers);
        expect({ context, again: again.data }).toEqual({ context, again: res.data });
      }
    });
  });
});
