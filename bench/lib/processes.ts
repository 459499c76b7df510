import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';

export interface Server {
  name: string;
  url: string;
  process: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

/** Starts a server process (its output goes to a log file) and waits until `healthPath` answers 200. */
export async function startServer(opts: {
  name: string; command: string; args: string[]; env: NodeJS.ProcessEnv; port: number; healthPath: string; logFile: string; timeoutMs?: number;
  healthy?: (status: number) => boolean;
}): Promise<Server> {
  const log = fs.openSync(opts.logFile, 'w');
  const child = spawn(opts.command, opts.args, { env: opts.env, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  let exited: string | null = null;
  child.on('exit', (code, signal) => { exited = `exited (${code ?? signal})`; });
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  for (;;) {
    if (exited) throw new Error(`${opts.name} ${exited}; see ${opts.logFile}:\n${tail(opts.logFile)}`);
    const status = await httpStatus(`http://127.0.0.1:${opts.port}${opts.healthPath}`).catch(() => 0);
    if ((opts.healthy ?? ((s: number) => s === 200))(status)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${opts.name} did not become healthy; see ${opts.logFile}:\n${tail(opts.logFile)}`);
    }
    await sleep(300);
  }
  return {
    name: opts.name,
    url: `http://127.0.0.1:${opts.port}`,
    process: child,
    logFile: opts.logFile,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const done = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await done;
      clearTimeout(timer);
    },
  };
}

function tail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '';
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.setTimeout(2000, () => req.destroy(new Error('timeout')));
  });
}

/** POSTs JSON without any client timeout (a bulk mutation may take long) and parses the answer. */
export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; ms: number }> {
  const started = process.hrtime.bigint();
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try { parsed = JSON.parse(text); } catch { /* keep the text */ }
        resolve({ status: res.statusCode ?? 0, body: parsed, ms: Number(process.hrtime.bigint() - started) / 1e6 });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** RSS in MB of a process and all its descendants (the service may fork workers), from /proc. */
export function treeRssMb(rootPid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch { /* gone */ }
  }
  let kb = 0;
  const visit = (pid: number) => {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch { /* gone */ }
    for (const c of children.get(pid) ?? []) visit(c);
  };
  visit(rootPid);
  return kb / 1024;
}

/** Samples a process tree's RSS every `everyMs`; `mark` names the phase samples are attributed to. */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  private phase = 'start';
  readonly maxByPhase: Record<string, number> = {};
  max = 0;
  samples = 0;

  constructor(private readonly pid: number, everyMs = 500) {
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  mark(phase: string): void {
    this.sample();
    this.phase = phase;
  }

  sample(): void {
    const mb = treeRssMb(this.pid);
    if (mb <= 0) return;
    this.samples++;
    this.max = Math.max(this.max, mb);
    this.maxByPhase[this.phase] = Math.max(this.maxByPhase[this.phase] ?? 0, mb);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
