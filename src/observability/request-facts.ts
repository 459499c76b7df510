/**
 * What the GraphQL layer learns about a request (operation, tenant, outcome) handed to the HTTP
 * hook that logs and measures it when the response finishes. Keyed by request id; the hook
 * creates the entry and removes it when the connection closes, so nothing accumulates.
 */
export type Outcome = 'success' | 'partial' | 'error' | 'rejected';

export interface RequestFacts {
  operationName?: string;
  operationType?: string;
  tenantId?: string;
  outcome?: Outcome;
  errorCodes?: string[];
}

const facts = new Map<string, RequestFacts>();

export function openFacts(requestId: string): RequestFacts {
  const entry: RequestFacts = {};
  facts.set(requestId, entry);
  return entry;
}

export function factsOf(requestId: string): RequestFacts | undefined {
  return facts.get(requestId);
}

export function closeFacts(requestId: string, entry: RequestFacts): void {
  if (facts.get(requestId) === entry) facts.delete(requestId);
}

export const openRequestCount = () => facts.size;
