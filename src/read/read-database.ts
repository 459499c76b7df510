import type { Pool, PoolClient, QueryConfig } from 'pg';

export interface Statement {
  text: string;
  values: readonly unknown[];
}

/** Raw column text, as PostgreSQL sent it (null for NULL): the planner serializes it itself. */
export type RawRow = Array<string | null>;

const RAW = { getTypeParser: () => (value: string) => value };

/**
 * The read side's access to PostgreSQL: every statement runs prepared under a name derived from
 * its text (pg's `name` option), so PostgreSQL parses and plans a query shape once per
 * connection. Texts come from client documents, so a connection that has prepared
 * MAX_PER_CONNECTION of them is closed after its query and the pool opens a fresh one: the
 * statements a connection holds stay bounded, with pg's public API only.
 */
export class ReadDatabase {
  static readonly MAX_PER_CONNECTION = 200;
  private static readonly byPool = new WeakMap<Pool, ReadDatabase>();
  private readonly names = new Map<string, string>();
  private next = 0;
  private readonly prepared = new WeakMap<PoolClient, Set<string>>();

  private constructor(private readonly pool: Pool) {}

  static of(pool: Pool): ReadDatabase {
    let db = ReadDatabase.byPool.get(pool);
    if (!db) ReadDatabase.byPool.set(pool, (db = new ReadDatabase(pool)));
    return db;
  }

  /** Rows as arrays of raw text, in select-list order. */
  async raw(statement: Statement): Promise<RawRow[]> {
    return (await this.run(statement, { rowMode: 'array', types: RAW })) as RawRow[];
  }

  /** Rows as objects keyed by column name, values parsed as pg parses them (src/db/pg-types.ts). */
  async rows<T>(statement: Statement): Promise<T[]> {
    return (await this.run(statement, {})) as T[];
  }

  private nameOf(text: string): string {
    let name = this.names.get(text);
    if (name === undefined) {
      // A name is never given to another text (pg refuses that on a connection that has it).
      if (this.names.size >= 10_000) this.names.clear();
      this.names.set(text, (name = `read_${(this.next++).toString(36)}`));
    }
    return name;
  }

  private async run(statement: Statement, options: { rowMode?: 'array'; types?: typeof RAW }): Promise<unknown[]> {
    const client = await this.pool.connect();
    let dispose: Error | boolean = false;
    // pg-pool listens for a client's errors only while it is idle: a checked-out client whose
    // connection dies emits 'error' with no listener, which would crash the process.
    const onError = (error: Error) => (dispose = error);
    client.on('error', onError);
    try {
      const name = this.nameOf(statement.text);
      let names = this.prepared.get(client);
      if (!names) this.prepared.set(client, (names = new Set()));
      if (!names.has(name)) {
        names.add(name);
        dispose = names.size > ReadDatabase.MAX_PER_CONNECTION;
      }
      const result = await client.query({ ...options, name, text: statement.text, values: statement.values as unknown[] } as QueryConfig);
      return result.rows;
    } catch (error) {
      // An SQL error (it has a SQLSTATE) leaves the connection usable; anything else may not.
      if (!(error as { code?: string }).code) dispose = error as Error;
      throw error;
    } finally {
      client.removeListener('error', onError);
      client.release(dispose);
    }
  }
}
