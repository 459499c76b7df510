import fs from 'node:fs';
import path from 'node:path';
import { buildAppSchema } from '../../src/schema/build-schema';
import { schemaSurface } from './surface';

/**
 * The public schema loses nothing: every type, field, argument and enum value of the schema as
 * it was before the read planner (schema-surface.txt, from that schema.graphql) still exists.
 * Additions are fine; a removal or a rename fails here.
 */
describe('the public schema', () => {
  it('keeps every field and argument it had', async () => {
    const before = fs.readFileSync(path.join(__dirname, 'schema-surface.txt'), 'utf8').trim().split('\n');
    const now = new Set(schemaSurface(await buildAppSchema()));
    expect(before.filter((name) => !now.has(name))).toEqual([]);
    expect(before.length).toBeGreaterThan(730);
  });
});
