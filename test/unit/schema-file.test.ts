import fs from 'node:fs';
import path from 'node:path';
import { printAppSchema } from '../../src/schema/build-schema';

describe('schema.graphql', () => {
  it('is the schema the code builds (run `npm run schema` after changing types)', async () => {
    const committed = fs.readFileSync(path.join(__dirname, '..', '..', 'schema.graphql'), 'utf8');
    expect(committed).toBe(await printAppSchema());
  });
});
