import type { IncomingHttpHeaders } from 'node:http';

/** The key from `x-api-key`, or from `Authorization: Bearer <key>`. */
export function apiKeyFromHeaders(headers: IncomingHttpHeaders | Map<string, string>): string | undefined {
  const get = (name: string): string | undefined => {
    const value = headers instanceof Map ? headers.get(name) : headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const direct = get('x-api-key')?.trim();
  if (direct) return direct;
  const auth = get('authorization')?.trim();
  const match = auth ? /^Bearer\s+(.+)$/i.exec(auth) : null;
  return match?.[1]?.trim() || undefined;
}
