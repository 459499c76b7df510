import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDataSource } from '../../src/db/data-source';
import { createTenant } from '../../src/tenancy/api-key.service';
import { freePort } from '../stress/support/fault-env';
import { processAlive } from '../support/processes';
import { buildServiceInto } from '../support/service-build';

/**
 * `npm start` without DATABASE_URL starts an embedded PostgreSQL; when that server dies (kill -9),
 * the service starts it again by itself (same port, same data) and answers again, instead of
 * staying unhealthy until someone restarts it. The service runs as its own process (compiled
 * without type-checking into test/artifacts, like the cluster test) with a data directory of its
 * own, so the PostgreSQL it starts and that the test kills is the test's alone.
 */
const ROOT = path.resolve(__dirname, '..', '..');
let BUILD = '';

const alive = processAlive;

describe('the embedded PostgreSQL dies', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'billing-embedded-restart-'));
  let child: ChildProcess | undefined;
  let output = '';
  let port = 0;
  const postmasterPid = () => Number.parseInt(fs.readFileSync(path.join(dataDir, 'pgdata', 'postmaster.pid'), 'utf8').split('\n')[0], 10);
  const health = async () => {
    try {
      return (await fetch(`http://127.0.0.1:${port}/health`)).status;
    } catch {
      return 0;
    }
  };
  const until = async (done: () => Promise<boolean> | boolean, ms: number, what: string) => {
    for (const end = Date.now() + ms; ;) {
      if (await done()) return;
      if (Date.now() > end) throw new Error(`${what} within ${ms} ms; service output:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  beforeAll(async () => {
    fs.chmodSync(dataDir, 0o755); // PostgreSQL runs as its own user when we are root
    BUILD = buildServiceInto('embedded-restart-build');
    port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', EMBEDDED_PG_WATCH_MS: '300', WORKERS: '', NODE_ENV: 'production' };
    delete env.DATABASE_URL;
    child = spawn(process.execPath, [path.join(BUILD, 'src', 'main.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (c) => (output = (output + c).slice(-20_000)));
    child.stderr!.on('data', (c) => (output = (output + c).slice(-20_000)));
    await until(async () => child!.exitCode === null && (await health()) === 200, 120_000, 'the service did not become healthy');
  }, 180_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    try {
      const pid = postmasterPid();
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('starts it again, answers again, and stops it on SIGTERM', async () => {
    const url = `postgres://postgres:postgres@127.0.0.1:${fs.readFileSync(path.join(dataDir, 'port'), 'utf8').trim()}/billing`;
    const ds = createDataSource({ url, poolSize: 1 });
    await ds.initialize();
    const tenant = await createTenant(ds, 'Embedded restart');
    await ds.destroy();
    const ask = async () => {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': tenant.apiKey }, body: JSON.stringify({ query: '{ viewer { tenantName } }' }),
        });
        return { status: res.status, body: (await res.json()) as any };
      } catch (error) {
        return { status: 0, body: String(error) };
      }
    };
    expect((await ask()).body).toEqual({ data: { viewer: { tenantName: 'Embedded restart' } } });

    const first = postmasterPid();
    process.kill(first, 'SIGKILL');
    await until(() => !alive(first), 10_000, 'the postmaster did not die');
    // Started again by the service (a new postmaster), and the service answers again without a restart of its own.
    await until(() => {
      try {
        const pid = postmasterPid();
        return pid !== first && alive(pid);
      } catch {
        return false;
      }
    }, 60_000, 'the embedded PostgreSQL was not started again');
    await until(async () => (await health()) === 200, 60_000, 'the service did not become healthy again');
    await until(async () => (await ask()).body?.data?.viewer?.tenantName === 'Embedded restart', 30_000, 'GraphQL did not answer again');
    expect(child!.exitCode).toBeNull();
    expect(output).toMatch(/starting it again/);

    // SIGTERM: the service exits 0 and takes its PostgreSQL with it (the watch does not start it again).
    const second = postmasterPid();
    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    child!.kill('SIGTERM');
    expect(await exited).toBe(0);
    await until(() => !alive(second), 20_000, 'the embedded PostgreSQL outlived the service');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(fs.existsSync(path.join(dataDir, 'pgdata', 'postmaster.pid')) && alive(postmasterPid())).toBe(false);
  }, 180_000);
});
