import type { IncomingMessage, ServerResponse } from 'node:http';
import Negotiator from 'negotiator';
import { CatalogueEntry, ERROR_CATALOGUE, ErrorCode } from '../common/errors';

/**
 * The HTTP status of a GraphQL response, one rule for every answer of /graphql (Apollo's, the
 * direct answers' and the refusals written here), following GraphQL over HTTP:
 *
 * - A response with data (a success, partial or not: some root field has a value) is 200.
 * - A response without data (`data` absent or null, or every root field null: nothing was
 *   answered, e.g. a mutation refused with INVOICE_NOT_FOUND) takes the catalogue status of its first
 *   error's code (src/common/errors.ts, the README's table) when the client accepts
 *   `application/graphql-response+json`: 400 for a bad value, 404 for a missing invoice, 409 for a
 *   refused transition, ... (`GRAPHQL_PARSE_FAILED` / `GRAPHQL_VALIDATION_FAILED`: 400).
 * - With the legacy `application/json` (also `*` / `*` and no `accept`), a well-formed request is
 *   answered 200 whatever its GraphQL errors, as the spec asks, so a client can trust the body is
 *   GraphQL's; except the codes the catalogue marks `transport`, which refuse the request itself
 *   (no key 401, body too large 413, rate or concurrency limit 429, database down 503, a request
 *   that is not GraphQL over HTTP 400): those keep their status with either media type.
 */
export const MEDIA_TYPES = {
  json: 'application/json; charset=utf-8',
  graphqlResponse: 'application/graphql-response+json; charset=utf-8',
} as const;

/** The media type Apollo answers this `accept` with (the same negotiation); null when neither is acceptable. */
export function negotiatedMediaType(accept: string | undefined): string | null {
  if (!accept) return MEDIA_TYPES.json;
  return new Negotiator({ headers: { accept } }).mediaType([MEDIA_TYPES.json, MEDIA_TYPES.graphqlResponse]) ?? null;
}

/** Codes GraphQL servers use outside our catalogue (Apollo's parse and validation failures). */
const REQUEST_ERROR_STATUS: Record<string, number> = { GRAPHQL_PARSE_FAILED: 400, GRAPHQL_VALIDATION_FAILED: 400, BAD_REQUEST: 400 };

interface GraphQLBody {
  data?: unknown;
  errors?: ReadonlyArray<{ extensions?: { code?: unknown } }>;
}

/** Some root field answered with a value. */
function hasData(data: unknown): boolean {
  if (data === undefined || data === null) return false;
  if (typeof data !== 'object') return true;
  return Object.values(data as Record<string, unknown>).some((v) => v !== null);
}

const catalogued = (code: unknown): CatalogueEntry | undefined => (typeof code === 'string' && code in ERROR_CATALOGUE ? ERROR_CATALOGUE[code as ErrorCode] : undefined);

/**
 * The status for `body` answered with `contentType`; `current` is the status the answer already
 * has (Apollo's), kept where the rule says nothing (a response with no errors, Apollo's 405 for a
 * mutation over GET, its 406 and the like).
 */
export function graphqlStatus(contentType: string | undefined, current: number, body: GraphQLBody): number {
  const first = body.errors?.[0];
  if (!first) return current;
  if (hasData(body.data)) return 200;
  const code = first.extensions?.code;
  const entry = catalogued(code);
  const status = entry?.http ?? REQUEST_ERROR_STATUS[code as string];
  if (status === undefined) return current;
  // A status other than 200 or 400 that the catalogue does not name (405, 406, 415) is Apollo's answer to the HTTP request: keep it.
  if (current !== 200 && current !== 400 && current !== status) return current;
  const graphqlResponse = (contentType ?? '').toLowerCase().startsWith('application/graphql-response+json');
  if (graphqlResponse || entry?.transport) return status;
  return 200;
}

/**
 * Writes a GraphQL error response of our own (a refusal before Apollo runs): the media type Apollo
 * would choose for this `accept`, the status `graphqlStatus` gives it.
 */
export function sendGraphQLErrors(
  req: IncomingMessage, res: ServerResponse, errors: ReadonlyArray<{ message: string; extensions: Record<string, unknown> }>, headers: Record<string, string> = {},
): void {
  const contentType = negotiatedMediaType(req.headers.accept) ?? MEDIA_TYPES.json;
  const payload = JSON.stringify({ errors });
  res.writeHead(graphqlStatus(contentType, 400, { errors }), {
    'content-type': contentType,
    'content-length': String(Buffer.byteLength(payload)),
    ...headers,
  });
  res.end(payload);
}
