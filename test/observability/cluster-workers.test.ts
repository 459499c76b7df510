import { ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { createDataSource } from '../../src/db/data-source';
import { createTenant } from '../../src/tenancy/api-key.service';
import { ownDatabase, OwnDatabase } from '../support/own-database';
import { buildServiceInto } from '../support/service-build';

/**
 * `node dist/src/main.js --workers 2` for real: one port, two worker processes answering,
 * metrics aggregated across them, and a SIGTERM that leaves no process behind.
 * The service is compiled (without type-checking, like ts-jest here) into test/artifacts. It runs
 * on a database of its own: its background jobs (scheduled activation, idempotency cleanup) work
 * over every tenant and would change other files' rows.
 */
const ROOT = path.resolve(__dirname, '..', '..');
let BUILD = '';

let db: OwnDatabase;
let child: ChildProcess | undefined;
let port: number;
let output = '';
const workerPids = new Set<number>();

function get(pathname: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    // agent: false = a new connection per request, so the cluster can hand it to any worker.
    const req = http.get({ host: '127.0.0.1', port, path: pathname, agent: false, headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

function post(query: string, apiKey: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify({ query });
    const req = http.request(
      { host: '127.0.0.1', port, path: '/graphql', method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'x-api-key': apiKey, 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(body) }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** A free loopback port (cluster workers share one fixed port, so port 0 cannot be used). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeAll(async () => {
  BUILD = buildServiceInto('cluster-build');
  port = await freePort();
  db = await ownDatabase('cluster-workers');
  child = spawn(process.execPath, [path.join(BUILD, 'src', 'main.js'), '--workers', '2'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: db.url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', WORKERS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const deadline = Date.now() + 60_000;
  while (!/ready at .* with 2 workers/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the cluster did not start (DATABASE_URL ${db.url}):\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  for (const pid of workerPids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  await db?.drop();
});

test('two worker processes answer on one port and both serve GraphQL', async () => {
  for (let i = 0; i < 20; i++) {
    const res = await get('/health');
    expect(res.status).toBe(200);
    workerPids.add(Number(res.headers['x-served-by']));
  }
  expect(workerPids.size).toBe(2);
  expect(workerPids.has(child!.pid!)).toBe(false);

  const ds = createDataSource({ url: db.url, poolSize: 1 });
  await ds.initialize();
  const tenant = await createTenant(ds, 'Cluster tenant');
  await ds.destroy();
  const answers = await Promise.all(Array.from({ length: 6 }, () => post('{ viewer { tenantName } }', tenant.apiKey)));
  for (const a of answers) expect(a.body).toEqual({ data: { viewer: { tenantName: 'Cluster tenant' } } });
}, 60_000);

test('/metrics aggregates every worker', async () => {
  const before = await get('/metrics');
  const count = (text: string) => Number(/^http_requests_total\{route="\/health",method="GET",status="200"\} (\d+)/m.exec(text)?.[1] ?? 0);
  for (let i = 0; i < 10; i++) await get('/health');
  const after = await get('/metrics');
  expect(after.status).toBe(200);
  // Per-process counters would show only the scraped worker's share of the 10.
  expect(count(after.body) - count(before.body)).toBe(10);
  const own = await get('/metrics?scope=process');
  expect(count(own.body)).toBeLessThan(count(after.body));
});

test('SIGTERM stops the primary and every worker', async () => {
  const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
  child!.kill('SIGTERM');
  expect(await exited).toBe(0);
  for (const pid of workerPids) expect(alive(pid)).toBe(false);
}, 40_000);
