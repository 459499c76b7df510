import fs from 'node:fs';
import path from 'node:path';
import { renderGeneratedSections } from '../../src/docs/generated-docs';

describe('README generated sections', () => {
  it('match the error catalogue and the lifecycle table (run `npm run docs` after changing them)', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toBe(renderGeneratedSections(readme));
  });
});
