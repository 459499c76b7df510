/**
 * The stored response is JSON; Dates are tagged so that a replay hands resolvers the same
 * types as the first call (a plain string that happens to look like a timestamp stays a string).
 */
const DATE_TAG = '$date';

export function encodeResponse(value: unknown): string {
  return JSON.stringify(value, function replacer(this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { [DATE_TAG]: raw.toISOString() } : v;
  });
}

export function decodeResponse<T>(json: unknown): T {
  const text = typeof json === 'string' ? json : JSON.stringify(json);
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === DATE_TAG) return new Date((v as Record<string, string>)[DATE_TAG]);
    }
    return v;
  }) as T;
}
