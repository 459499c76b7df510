import fs from 'node:fs';
import path from 'node:path';
import { printAppSchema } from '../src/schema/build-schema';

/** npm run schema: regenerates schema.graphql from the TypeGraphQL classes. */
printAppSchema()
  .then((sdl) => {
    const target = path.resolve(__dirname, '..', '..', 'schema.graphql');
    fs.writeFileSync(target, sdl);
    console.log(`Wrote ${target}`);
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
