import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database, openDatabase } from '../src/db/database';
import { freePort } from '../src/db/embedded-postgres';
import { BenchTenant, dataSize, dropTenant, ensureBenchTenant, pickW1, pickW2, pickW3, sizeLabel, throwawayTenant } from './lib/bench-data';
import { LoadResult, runLoad } from './lib/load';
import { postJson, RssSampler, Server, startServer } from './lib/processes';
import { writeReport } from './lib/report';
import { answerRows, firstDifference } from './lib/row-check';
import { Params, ReadWorkload, requestFor, summarize, Target, TARGETS, WORKLOAD_TITLES } from './lib/workloads';
import { runWriteWorkloads } from './lib/write-workloads';

/** Our service runs exactly as `npm start` runs it: `node <flags> dist/src/main.js` from package.json. */
function startArgs(): string[] {
  const start: string = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).scripts.start;
  const words = start.trim().split(/\s+/);
  if (words[0] !== 'node' || !words[words.length - 1].endsWith('main.js')) throw new Error(`Unexpected start script: ${start}`);
  return [...words.slice(1, -1), path.join(repoRoot, words[words.length - 1])];
}

/**
 * npm run bench [-- --quick] : the side-by-side benchmark of issue 6. See BENCHMARKS.md.
 * Flags: --quick (10k/100k data, 5 s per workload), --duration S (per workload and target, split
 * over --rounds R interleaved rounds: ours, floor, PostGraphile v4, v5, ours, ...), --warmup S, --connections N,
 * --sizes 10000,100000,1000000, --targets ours,floor,postgraphile,postgraphile5, --workloads w1,w2,w3,w4,w5,scale,import,mixed,workers,
 * --no-report (do not touch BENCHMARKS.md). BENCH_DATABASE_URL uses that PostgreSQL; otherwise an
 * embedded one under .data/bench (kept between runs, so seeding happens once). WORKERS and
 * DB_POOL_SIZE pass through to our service.
 */
const repoRoot = path.resolve(__dirname, '..', '..');

interface Options {
  quick: boolean;
  duration: number;
  rounds: number;
  warmup: number;
  connections: number;
  sizes: number[];
  targets: Target[];
  workloads: Set<string>;
  scaleDuration: number;
  bulkSize: number;
  report: boolean;
}

function parseTargets(list: string): Target[] {
  const targets = list.split(',').map((t) => t.trim()).filter(Boolean);
  const unknown = targets.filter((t) => !(TARGETS as readonly string[]).includes(t));
  if (unknown.length) throw new Error(`Unknown --targets ${unknown.join(', ')} (known: ${TARGETS.join(', ')})`);
  return targets as Target[];
}

function parseOptions(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const get = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (flag: string, fallback: number) => (get(flag) !== undefined ? Number(get(flag)) : fallback);
  return {
    quick,
    duration: num('--duration', quick ? 5 : 30),
    rounds: Math.max(1, num('--rounds', quick ? 1 : 3)),
    warmup: num('--warmup', quick ? 2 : 5),
    connections: num('--connections', 32),
    sizes: (get('--sizes') ?? (quick ? '10000,100000' : '10000,100000,1000000')).split(',').map(Number),
    targets: parseTargets(get('--targets') ?? TARGETS.join(',')),
    workloads: new Set((get('--workloads') ?? 'w1,w2,w3,w4,w5,scale,import,mixed,workers').split(',')),
    scaleDuration: num('--scale-duration', quick ? 3 : 10),
    bulkSize: num('--bulk-size', quick ? 10_000 : 100_000),
    report: !argv.includes('--no-report'),
  };
}

const log = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`, node: process.version, loadAverageAtStart: os.loadavg().map((l) => l.toFixed(2)).join(' '),
  };
}

/** A PostGraphile server's own folder, installed on first run (each needs versions of its own). */
function ensureInstalled(folder: string, title: string, marker: string, command: 'install' | 'ci'): string {
  const dir = path.join(repoRoot, 'bench', folder);
  if (fs.existsSync(path.join(dir, 'node_modules', marker))) return dir;
  log(`installing ${title} into bench/${folder} (first run only)`);
  execFileSync('npm', [command, '--prefix', dir, '--no-audit', '--no-fund', '--silent'], { stdio: 'inherit' });
  return dir;
}

/** PostGraphile v4: the machine's Node. */
const ensurePostGraphile = () => ensureInstalled('postgraphile', 'PostGraphile v4', 'postgraphile', 'install');
/** PostGraphile v5 needs Node 22: its folder installs one (the npm package `node`), exactly as locked. */
const ensurePostGraphile5 = () => ensureInstalled('postgraphile5', 'PostGraphile v5 and Node 22', path.join('.bin', 'node'), 'ci');

export interface TargetRun {
  target: Target; ok: boolean; check: string; result?: LoadResult; error?: string; rounds?: LoadResult[];
  /** Whether this target answered the checked requests with the same rows as ours (null: not compared). */
  sameRows?: boolean | null; rowCheck?: string;
}

/** One target's interleaved rounds as one run: requests over seconds, latencies the median round's. */
function combineRounds(target: Target, runs: TargetRun[]): TargetRun {
  const failed = runs.find((r) => !r.result);
  if (failed) return failed;
  const results = runs.map((r) => r.result!);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
  const sum = (of: (r: LoadResult) => number) => results.reduce((n, r) => n + of(r), 0);
  const latency = {
    p50: median(results.map((r) => r.latency.p50)), p90: median(results.map((r) => r.latency.p90)), p99: median(results.map((r) => r.latency.p99)),
    max: Math.max(...results.map((r) => r.latency.max)), mean: median(results.map((r) => r.latency.mean)),
  };
  const result: LoadResult = {
    requests: sum((r) => r.requests), seconds: sum((r) => r.seconds), rps: sum((r) => r.requests) / sum((r) => r.seconds), latency,
    errors: sum((r) => r.errors), non2xx: sum((r) => r.non2xx), firstError: results.find((r) => r.firstError)?.firstError ?? null,
  };
  return {
    target, ok: runs.every((r) => r.ok), check: runs[0].check, result, rounds: results.length > 1 ? results : undefined,
    sameRows: runs[0].sameRows, rowCheck: runs[0].rowCheck,
  };
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const started = new Date();
  const logDir = path.join(repoRoot, 'bench', 'results', 'tmp');
  fs.mkdirSync(logDir, { recursive: true });
  const results: Record<string, any> = {
    date: started.toISOString(), command: `npm run bench${process.argv.length > 2 ? ' -- ' + process.argv.slice(2).join(' ') : ''}`,
    machine: machine(), options: { ...opts, workloads: [...opts.workloads] }, data: {}, workloads: {}, scale: [], notes: [],
  };

  const db: Database = await openDatabase({
    databaseUrl: process.env.BENCH_DATABASE_URL, dataDir: path.join(repoRoot, '.data', 'bench'), poolSize: 6, applicationName: 'bench',
  });
  const servers: Server[] = [];
  let sampler: RssSampler | undefined;
  // Ctrl-C or SIGTERM: leave no server, load generator or embedded PostgreSQL behind.
  const interrupted = async (signal: string) => {
    log(`${signal}: stopping servers and the database`);
    for (const server of servers) await server.stop().catch(() => undefined);
    await db.close().catch(() => undefined);
    process.exit(130);
  };
  process.once('SIGINT', () => void interrupted('SIGINT'));
  process.once('SIGTERM', () => void interrupted('SIGTERM'));
  try {
    // --- data ---
    const tenants: BenchTenant[] = [];
    for (const size of opts.sizes) tenants.push(await ensureBenchTenant(db.dataSource, size, log));
    const main = tenants[tenants.length - 1];
    results.data = { size: await dataSize(db.dataSource), tenants: tenants.map(({ apiKey: _k, ...t }) => t) };
    log(`data: ${JSON.stringify(results.data.size)}`);

    // --- servers ---
    // The per-key rate limit would measure the limiter, not the service: off unless set explicitly.
    // NODE_ENV=production as deployed (graphql-js skips its dev-only checks), for all three servers.
    const env = {
      ...process.env, DATABASE_URL: db.url, HOST: '127.0.0.1', NODE_ENV: process.env.NODE_ENV ?? 'production',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', RATE_LIMIT_PER_SECOND: process.env.RATE_LIMIT_PER_SECOND ?? '0',
    };
    const wanted = new Set(opts.targets);
    const ports = { ours: await freePort(), floor: await freePort(), postgraphile: await freePort(), postgraphile5: await freePort() };
    const byTarget: Partial<Record<Target, Server>> = {};
    if (wanted.has('ours')) {
      byTarget.ours = await startServer({
        name: 'ours', command: process.execPath, args: startArgs(),
        env: { ...env, PORT: String(ports.ours), PUBLIC_URL: `http://127.0.0.1:${ports.ours}`, SCHEDULER_INTERVAL_MS: '3600000' },
        port: ports.ours, healthPath: '/health', logFile: path.join(logDir, 'ours.log'),
      });
      servers.push(byTarget.ours);
      sampler = new RssSampler(byTarget.ours.process.pid!, 500);
    }
    if (wanted.has('floor')) {
      byTarget.floor = await startServer({
        name: 'floor', command: process.execPath, args: [path.join(repoRoot, 'bench', 'raw-floor.mjs')],
        env: { ...env, PORT: String(ports.floor) }, port: ports.floor, healthPath: '/health', logFile: path.join(logDir, 'floor.log'),
      });
      servers.push(byTarget.floor);
    }
    if (wanted.has('postgraphile')) {
      try {
        await ensurePostGraphile();
        byTarget.postgraphile = await startServer({
          name: 'postgraphile', command: process.execPath, args: [path.join(repoRoot, 'bench', 'postgraphile', 'server.js')],
          env: { ...env, PORT: String(ports.postgraphile) }, port: ports.postgraphile, healthPath: '/graphql', logFile: path.join(logDir, 'postgraphile.log'),
          healthy: (status) => status > 0 && status < 500, // GET /graphql answers 405 once it is up
        });
        servers.push(byTarget.postgraphile);
      } catch (error) {
        results.notes.push(`PostGraphile did not start: ${String(error).slice(0, 500)}`);
        log(`PostGraphile did not start: ${error}`);
      }
    }
    if (wanted.has('postgraphile5')) {
      try {
        const dir = ensurePostGraphile5();
        const node = path.join(dir, 'node_modules', '.bin', 'node');
        results.machine.postgraphile5Node = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
        byTarget.postgraphile5 = await startServer({
          name: 'postgraphile5', command: node, args: [path.join(dir, 'server.mjs')],
          env: { ...env, PORT: String(ports.postgraphile5) }, port: ports.postgraphile5, healthPath: '/graphql', logFile: path.join(logDir, 'postgraphile5.log'),
          healthy: (status) => status > 0 && status < 500, // GET /graphql answers 405 once the schema is built
        });
        servers.push(byTarget.postgraphile5);
      } catch (error) {
        results.notes.push(`PostGraphile v5 did not start: ${String(error).slice(0, 500)}`);
        log(`PostGraphile v5 did not start: ${error}`);
      }
    }

    // --- read workloads 1-3 ---
    const paramsFor = async (tenant: BenchTenant): Promise<Record<ReadWorkload, Params[]>> => ({
      w1: await pickW1(db.dataSource, tenant.tenantId), w2: pickW2(), w3: await pickW3(db.dataSource, tenant.tenantId, tenant.invoices),
    });
    const mainParams = await paramsFor(main);
    // Queries a previous run left queued in PostgreSQL would be measured against the next target.
    const settle = async () => {
      for (let i = 0; i < 120; i++) {
        const [{ n }] = await db.dataSource.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active'
             AND pid <> pg_backend_pid() AND application_name <> 'bench'`);
        if (n === 0) return;
        if (i === 0) log(`waiting for ${n} queries still running in PostgreSQL`);
        await new Promise((r) => setTimeout(r, 500));
      }
    };
    const readLoad = async (target: Target, workload: ReadWorkload, tenant: BenchTenant, params: Params[], duration: number, warmup: number): Promise<TargetRun> => {
      const server = byTarget[target];
      if (!server) return { target, ok: false, check: 'not running' };
      const auth = { apiKey: tenant.apiKey, tenantId: tenant.tenantId };
      const requests = params.map((p) => requestFor(target, workload, p, auth));
      const first = await postJson(server.url + requests[0].path, requests[0].body, requests[0].headers).catch((e) => ({ status: 0, body: null, ms: 0, error: String(e) }));
      const check = summarize(workload, first.body);
      if (!check.ok) return { target, ok: false, check: check.detail, error: check.detail };
      await settle();
      sampler?.mark(`${workload}:${target}:${tenant.name}`);
      const result = await runLoad(repoRoot, { url: server.url, connections: opts.connections, duration, warmup, requests });
      return { target, ok: result.errors === 0, check: check.detail, result };
    };

    // A figure counts only for the same answer: before loading, each target's rows for a few
    // parameter sets are compared with ours (with the floor's when ours is not running).
    const rowChecks = async (workload: ReadWorkload, tenant: BenchTenant, params: Params[]) => {
      const checks = new Map<Target, { sameRows: boolean | null; rowCheck: string }>();
      const reference: Target | undefined = byTarget.ours ? 'ours' : byTarget.floor ? 'floor' : undefined;
      if (!reference) return checks;
      const auth = { apiKey: tenant.apiKey, tenantId: tenant.tenantId };
      const sample = [...new Set([0, Math.floor(params.length / 2), params.length - 1])].map((i) => params[i]).filter(Boolean);
      const rowsOf = async (target: Target, p: Params) => {
        const request = requestFor(target, workload, p, auth);
        const res = await postJson(byTarget[target]!.url + request.path, request.body, request.headers).catch(() => null);
        return answerRows(workload, res?.body);
      };
      const expected = await Promise.all(sample.map((p) => rowsOf(reference, p)));
      for (const target of opts.targets) {
        if (target === reference || !byTarget[target]) continue;
        let check = { sameRows: true as boolean | null, rowCheck: `same rows as ${reference} on ${sample.length} requests` };
        for (let i = 0; i < sample.length; i++) {
          const actual = await rowsOf(target, sample[i]);
          const diff = expected[i] == null ? `${reference} answered no rows` : actual == null ? 'no rows (errors or no data)' : firstDifference(expected[i], actual);
          if (diff) {
            check = { sameRows: expected[i] == null ? null : false, rowCheck: `request ${i + 1} of ${sample.length}: ${diff}` };
            break;
          }
        }
        checks.set(target, check);
        if (check.sameRows !== true) log(`  ${workload} ${target}: rows differ from ${reference}: ${check.rowCheck}`);
      }
      return checks;
    };

    // The machine's speed drifts by tens of percent over minutes (BENCHMARKS.md): targets take
    // turns in short interleaved rounds, so each ratio compares the same stretches of time.
    const roundSeconds = opts.duration / opts.rounds;
    for (const workload of ['w1', 'w2', 'w3'] as ReadWorkload[]) {
      if (!opts.workloads.has(workload)) continue;
      const rounds = new Map<Target, TargetRun[]>(opts.targets.map((t) => [t, []]));
      const checks = await rowChecks(workload, main, mainParams[workload]);
      for (let round = 1; round <= opts.rounds; round++) {
        for (const target of opts.targets) {
          log(`${workload} ${target} round ${round}/${opts.rounds}: ${roundSeconds}s at ${opts.connections} connections on ${main.name}`);
          const run = await readLoad(target, workload, main, mainParams[workload], roundSeconds, round === 1 ? opts.warmup : Math.min(2, opts.warmup));
          log(`  -> ${run.result ? `${run.result.rps.toFixed(0)} req/s p50 ${run.result.latency.p50} ms p99 ${run.result.latency.p99} ms errors ${run.result.errors}` : 'FAILED'} (${run.check})`);
          if (run.result?.firstError) log(`  first error: ${run.result.firstError}`);
          rounds.get(target)!.push({ ...run, ...checks.get(target) });
        }
      }
      const runs = opts.targets.map((target) => combineRounds(target, rounds.get(target)!));
      results.workloads[workload] = { title: WORKLOAD_TITLES[workload], tenant: main.name, runs };
    }

    // --- scale: workloads 1 and 2 on each data size ---
    if (opts.workloads.has('scale')) {
      for (const tenant of tenants) {
        const params = await paramsFor(tenant);
        for (const workload of ['w1', 'w2'] as ReadWorkload[]) {
          for (const target of opts.targets.filter((t) => t !== 'postgraphile' && t !== 'postgraphile5')) {
            log(`scale ${workload} ${target} on ${tenant.name}: ${opts.scaleDuration}s`);
            const run = await readLoad(target, workload, tenant, params[workload], opts.scaleDuration, 1);
            log(`  -> ${run.result ? `${run.result.rps.toFixed(0)} req/s p50 ${run.result.latency.p50} ms p99 ${run.result.latency.p99} ms errors ${run.result.errors}` : 'FAILED'} (${run.check})`);
            results.scale.push({ size: tenant.invoices, label: sizeLabel(tenant.invoices), workload, ...run });
          }
        }
      }
    }

    // --- workload 4: bulk activation and cancellation by filter ---
    if (opts.workloads.has('w4') && byTarget.ours) {
      sampler?.mark('w4');
      const stamp = started.toISOString();
      log(`w4: seeding ${opts.bulkSize} drafts`);
      const bulk = await throwawayTenant(db.dataSource, `Bench bulk ${stamp}`, opts.bulkSize, 'draft');
      const w4: Record<string, unknown> = { invoices: opts.bulkSize };
      try {
        for (const [action, from, to] of [['activateInvoices', 'DRAFT', 'ACTIVE'], ['cancelInvoices', 'ACTIVE', 'CANCELED']] as const) {
          const query = `mutation { ${action}(input: {where: {status: {eq: "${from}"}}}) { selectedCount succeededCount failedCount } }`;
          log(`w4: ${action} by filter status = ${from}`);
          const res = await postJson(`${byTarget.ours.url}/graphql`, { query }, { 'x-api-key': bulk.apiKey });
          const [{ n }] = await db.dataSource.query('SELECT count(*)::int AS n FROM invoice WHERE tenant_id = $1 AND status = $2', [bulk.tenantId, to]);
          const data = res.body?.data?.[action];
          const error = res.body?.errors?.[0] ? `${res.body.errors[0].extensions?.code}: ${res.body.errors[0].message}` : null;
          w4[action] = { seconds: res.ms / 1000, result: data ?? null, error, rowsInTargetStatus: n, ok: !error && n === opts.bulkSize };
          log(`  -> ${(res.ms / 1000).toFixed(2)} s, ${JSON.stringify(data ?? error)}, ${n} now ${to}`);
        }
      } finally {
        const t0 = Date.now();
        await dropTenant(db.dataSource, bulk.tenantId).catch((e) => log(`could not drop ${bulk.name}: ${e}`));
        w4.cleanupSeconds = (Date.now() - t0) / 1000;
      }
      results.workloads.w4 = w4;
    }

    // --- write workloads: import, payments (w5), mixed load, workers (bench/lib/write-workloads.ts) ---
    if (byTarget.ours) {
      await runWriteWorkloads({
        ds: db.dataSource, repoRoot, logDir, env, ours: byTarget.ours, oursArgs: startArgs(), freePort, workloads: opts.workloads,
        quick: opts.quick, duration: opts.duration, rounds: opts.rounds, connections: opts.connections, stamp: started.toISOString(), log,
        mark: (phase) => sampler?.mark(phase),
      }, results.workloads);
    }
  } finally {
    sampler?.stop();
    if (sampler) results.rss = { maxMb: Math.round(sampler.max), samples: sampler.samples, maxByPhaseMb: Object.fromEntries(Object.entries(sampler.maxByPhase).map(([k, v]) => [k, Math.round(v)])) };
    for (const server of servers.reverse()) await server.stop().catch(() => undefined);
    await db.close();
  }

  results.finished = new Date().toISOString();
  const file = path.join(repoRoot, 'bench', 'results', `${started.toISOString().replace(/[:.]/g, '-')}${opts.quick ? '-quick' : ''}.json`);
  fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  log(`results: ${path.relative(repoRoot, file)}`);
  if (opts.report) {
    writeReport(path.join(repoRoot, 'BENCHMARKS.md'), results, path.relative(repoRoot, file));
    log('BENCHMARKS.md updated');
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
