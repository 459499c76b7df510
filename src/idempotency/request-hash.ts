import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so equal inputs hash equally whatever the key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      // An absent field and an explicit null mean the same input.
      if (v !== undefined && v !== null) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** sha256 of the operation's (already parsed and normalized) arguments. */
export function requestHash(input: unknown): string {
  return createHash('sha256').update(canonicalJson(input), 'utf8').digest('hex');
}
