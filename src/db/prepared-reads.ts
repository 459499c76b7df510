import type { Pool, PoolClient, QueryConfig, QueryResult } from 'pg';

/**
 * Generated read SQL (filters, selections, nested JSON columns) runs as named prepared
 * statements. PostgreSQL then parses and analyses a statement once per connection and can
 * reuse its plan: for one invoice with everything nested that is 0.7 ms instead of 2.7 ms of
 * PostgreSQL time per request (BENCHMARKS.md). The texts come from client documents, so the
 * statements are bounded: each connection keeps its most recently used MAX_PER_CONNECTION and
 * deallocates the oldest. Values are always parameters, so a text names a query shape.
 */
export const MAX_PER_CONNECTION = 64;

/** Statement names are never reused for another text (pg refuses that on a connection). */
const names = new Map<string, string>();
const MAX_NAMES = 10_000;
let next = 0;

function nameOf(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    if (names.size >= MAX_NAMES) names.clear();
    name = `read_${(next++).toString(36)}`;
    names.set(text, name);
  }
  return name;
}

/** Per connection: prepared names in least- to most-recently used order. */
const prepared = new WeakMap<PoolClient, Set<string>>();

type ParsedStatements = { connection?: { parsedStatements?: Record<string, string> } };

function makeRoom(client: PoolClient, name: string): void {
  let used = prepared.get(client);
  if (!used) prepared.set(client, (used = new Set()));
  if (used.delete(name)) {
    used.add(name);
    return;
  }
  used.add(name);
  if (used.size <= MAX_PER_CONNECTION) return;
  const oldest = used.values().next().value as string;
  used.delete(oldest);
  delete (client as unknown as ParsedStatements).connection?.parsedStatements?.[oldest];
  // Queued on this connection ahead of the query; a failure only leaves a statement behind.
  client.query(`DEALLOCATE ${oldest}`).catch(() => undefined);
}

export interface ReadQuery {
  text: string;
  values: unknown[];
  rowMode?: 'array';
}

export async function preparedRead(pool: Pool, query: ReadQuery): Promise<QueryResult> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // pg-pool listens for a client's errors only while it is idle: a checked-out client whose
  // connection dies emits 'error' with no listener, which would crash the process.
  const onError = (error: Error) => (broken = error);
  client.on('error', onError);
  try {
    const name = nameOf(query.text);
    makeRoom(client, name);
    // rowMode 'array' is pg's QueryArrayConfig; the rows are read by the caller accordingly.
    return await client.query({ name, text: query.text, values: query.values, rowMode: query.rowMode } as QueryConfig);
  } catch (error) {
    // An SQL error (it has a SQLSTATE) leaves the connection usable; anything else may not.
    if (!(error as { code?: string }).code) broken = error as Error;
    throw error;
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}
