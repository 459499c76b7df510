import { DataSource, QueryRunner } from 'typeorm';

export async function blockerPid(runner: QueryRunner): Promise<number> {
  const [{ pid }] = await runner.query('SELECT pg_backend_pid() AS pid');
  return pid;
}

/** Waits until `n` backends are blocked by the backend `pid` (e.g. waiting for an invoice row it locked). */
export async function waitUntilBlockedBy(ds: DataSource, pid: number, n: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ waiting }] = await ds.query('SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [pid]);
    if (waiting >= n) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${n} backend(s) blocked by ${pid}, saw ${waiting}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
