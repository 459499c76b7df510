import { ERROR_CATALOGUE } from '../common/errors';
import { EDITABLE_AFTER_ACTIVATION, FULLY_EDITABLE_STATUSES, GUARDS, LEDGER_BOUND_FIELDS, stateDiagram, TOTALS_FIELDS, TRANSITIONS } from './invoice-lifecycle';

/**
 * README material generated from the lifecycle table, so the documentation cannot drift from
 * the rules: the transition table, the guards with their error codes, and the state diagram.
 */
export function transitionTableMarkdown(): string {
  const rows = TRANSITIONS.map((r) => {
    const to = r.to === 'SAME' ? '(unchanged)' : r.to === 'DELETED' ? '(deleted)' : r.to;
    const scheduled = r.scheduledTo ? ` / ${r.scheduledTo} when activateOn is in the future` : '';
    const guards = r.guards.map((g) => `${g} (${GUARDS[g].code})`).join(', ') || '-';
    return `| ${r.action} | ${r.from} | ${to}${scheduled} | ${guards} |`;
  });
  return ['| Action | From | To | Guards (refusal code) |', '|---|---|---|---|', ...rows].join('\n');
}

export function guardsMarkdown(): string {
  const rows = Object.values(GUARDS).map((g) => `| ${g.name} | \`${g.sql}\` | ${g.code} | ${g.message} |`);
  return ['| Guard | SQL form | Code | Message |', '|---|---|---|---|', ...rows].join('\n');
}

export function editabilityMarkdown(): string {
  return [
    `- ${[...FULLY_EDITABLE_STATUSES].join(', ')}: every field.`,
    `- Other statuses with an UPDATE rule: only ${[...EDITABLE_AFTER_ACTIVATION].join(', ')} (else FIELD_NOT_EDITABLE).`,
    `- Statuses without an UPDATE rule: nothing (INVALID_TRANSITION: ${ERROR_CATALOGUE.INVALID_TRANSITION.description})`,
    `- An invoice with any payment: not ${[...LEDGER_BOUND_FIELDS].join(', ')} (FIELD_NOT_EDITABLE).`,
    `- An imported total: not ${[...TOTALS_FIELDS].join(', ')} (${GUARDS.totalNotImported.code}).`,
  ].join('\n');
}

/** The whole lifecycle section of the README. */
export function lifecycleMarkdown(): string {
  return [
    '### Invoice lifecycle', '', '```mermaid', stateDiagram(), '```', '',
    transitionTableMarkdown(), '', guardsMarkdown(), '', '#### What updateInvoice may change', editabilityMarkdown(),
  ].join('\n');
}
