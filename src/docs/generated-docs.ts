import { CatalogueEntry, ERROR_CATALOGUE } from '../common/errors';
import { VARIABLES } from '../config';
import { GUARDS, stateDiagram, TRANSITIONS } from '../lifecycle/invoice-lifecycle';

/**
 * README sections generated from code, so the docs cannot drift from the rules: each section sits
 * between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` markers. `npm run docs`
 * rewrites them; a test fails when the committed README is stale.
 */
export const GENERATED_SECTIONS: Record<string, () => string> = {
  errors: () =>
    [
      '| code | HTTP status | retryable | when |',
      '|---|---|---|---|',
      ...Object.entries(ERROR_CATALOGUE as Record<string, CatalogueEntry>).map(
        ([code, e]) => `| \`${code}\` | ${e.http}${e.transport ? ' (any media type)' : ''} | ${e.retryable ? 'yes' : 'no'} | ${e.description} |`,
      ),
    ].join('\n'),
  configuration: () => ['| Variable | Default | Meaning |', '|---|---|---|', ...VARIABLES.map(([name, fallback, meaning]) => `| \`${name}\` | ${fallback} | ${meaning} |`)].join('\n'),
  'lifecycle-diagram': () => ['```mermaid', stateDiagram(), '```'].join('\n'),
  'lifecycle-table': () =>
    [
      '| action | from | to | guards |',
      '|---|---|---|---|',
      ...TRANSITIONS.map((r) => {
        const to = r.to === 'SAME' ? '(unchanged)' : r.to === 'DELETED' ? '(deleted)' : r.to;
        const scheduled = r.scheduledTo ? ` or ${r.scheduledTo} (activateOn in the future)` : '';
        const guards = r.guards.map((g) => `\`${g}\` (${GUARDS[g].code}): ${GUARDS[g].message}`).join(' ');
        return `| ${r.action} | ${r.from} | ${to}${scheduled} | ${guards || '-'} |`;
      }),
    ].join('\n'),
};

/** Replaces every generated section of `markdown` with its current text. */
export function renderGeneratedSections(markdown: string): string {
  let out = markdown;
  for (const [name, render] of Object.entries(GENERATED_SECTIONS)) {
    const start = `<!-- generated:${name} -->`;
    const end = `<!-- /generated:${name} -->`;
    const from = out.indexOf(start);
    const to = out.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README is missing the markers for generated section "${name}"`);
    out = out.slice(0, from + start.length) + '\n' + render() + '\n' + out.slice(to);
  }
  return out;
}
