import 'reflect-metadata';
import { buildSchema } from 'graphql';
import { checkReadTypes } from '../../src/read/registry-check';
import { buildAppSchema } from '../../src/schema/build-schema';

/**
 * The field registry's start-up check (src/read/registry-check.ts, run when the server starts):
 * every field of every read type reachable from the planned root fields has a source the
 * planner can answer.
 */
describe('the field registry', () => {
  it("covers every field of the service's read types", async () => {
    expect(() => checkReadTypes(buildSchema('type Query { ok: Int }'))).not.toThrow();
    const schema = await buildAppSchema();
    expect(() => checkReadTypes(schema)).not.toThrow();
  });

  it('names every field without a source, every unregistered type and every column that cannot answer its field', () => {
    const schema = buildSchema(`
      scalar Decimal
      type Query { invoice: [Invoice!]! }
      type Invoice { id: ID! amount: Decimal! notes: String! bogus: String widget: Widget }
      type Widget { id: ID! }
    `);
    expect(() => checkReadTypes(schema)).toThrow(
      /Invoice\.notes: non-null over the nullable column notes\n\s+Invoice\.bogus: no source in the field registry\n\s+Invoice\.widget: no source in the field registry\n\s+Widget: not a read type/,
    );
    try {
      checkReadTypes(schema);
    } catch (error) {
      // The registry's other Invoice fields are not in this schema: named too.
      expect((error as Error).message).toContain('Invoice.customer: in the registry, not in the schema');
    }
  });
});
