import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { CapturedStatement, describeOffenders, distributedTables, loadSqlParser, offendingStatements } from './tenant-statements';

/**
 * Installed in every test file (jest.config.js, setupFilesAfterEnv): records each distinct SQL
 * statement the service's own code (src/, migrations/) sends through `pg` during the file, and
 * after the file checks that each is bound to one tenant (test/support/tenant-statements.ts), so
 * that Citus routes it to one shard. Statements the tests send themselves (fixtures, assertions)
 * are told apart by the stack: no frame of src/ or migrations/. An offending statement fails the
 * file that made the service send it, with the statement, the problem and where it came from.
 */
const root = path.resolve(__dirname, '..', '..');
const captured = new Map<string, CapturedStatement>();
/** Statements seen from test code only; looked at again a few times in case the service also sends them. */
const testOnly = new Map<string, number>();

/** A file of this repository (libraries' source maps also name files like src/driver/...). */
const known = new Map<string, boolean>();
function ours(rel: string): boolean {
  let yes = known.get(rel);
  if (yes === undefined) known.set(rel, (yes = fs.existsSync(path.join(root, rel))));
  return yes;
}

function serviceFrames(stack: string): string[] {
  const frames: string[] = [];
  for (const line of stack.split('\n').slice(1)) {
    const file = /\((.+?):\d+:\d+\)$/.exec(line)?.[1] ?? /at (\/.+?):\d+:\d+$/.exec(line)?.[1];
    if (!file) continue;
    const rel = path.relative(root, file);
    if ((rel.startsWith('src/') || rel.startsWith('migrations/')) && !frames.includes(rel) && ours(rel)) frames.push(rel);
  }
  return frames;
}

function record(text: string): void {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 60;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  const origins = serviceFrames(stack);
  if (origins.length) captured.set(text, { sql: text, origins });
  else testOnly.set(text, (testOnly.get(text) ?? 0) + 1);
}

/** Set while this file checks what it captured (its own catalog queries are not the service's). */
let checking = false;

const original = Client.prototype.query;
(Client.prototype as any).query = function capturingQuery(this: Client, ...args: unknown[]) {
  const first = args[0] as string | { text?: string } | undefined;
  const text = typeof first === 'string' ? first : first?.text;
  if (!checking && typeof text === 'string' && !captured.has(text) && (testOnly.get(text) ?? 0) < 20) record(text);
  return (original as (...a: unknown[]) => unknown).apply(this, args);
};

afterAll(async () => {
  if (captured.size === 0) return;
  await loadSqlParser();
  // Which tables are distributed: the test database's catalog (every file's schema is the migrated one).
  checking = true;
  const client = new Client({ connectionString: process.env.TEST_DATABASE_URL, application_name: 'billing-test-statements' });
  let distributed: Set<string>;
  await client.connect();
  try {
    distributed = await distributedTables({ query: async (sql: string) => (await client.query(sql)).rows });
  } finally {
    await client.end();
  }
  const offenders = offendingStatements(captured.values(), distributed);
  if (offenders.length) throw new Error(describeOffenders(offenders));
});
