import fs from 'node:fs';
import path from 'node:path';
import { renderGeneratedSections } from '../src/docs/generated-docs';

/** npm run docs: regenerates README sections (error catalogue, lifecycle table and diagram, configuration). */
const readme = path.resolve(__dirname, '..', '..', 'README.md');
fs.writeFileSync(readme, renderGeneratedSections(fs.readFileSync(readme, 'utf8')));
console.log(`Updated generated sections of ${readme}`);
