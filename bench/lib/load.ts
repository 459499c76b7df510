import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HttpRequestSpec } from './workloads';

export interface LoadSpec {
  url: string;
  connections: number;
  duration?: number;
  amount?: number;
  warmup?: number;
  requests: HttpRequestSpec[];
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  errors: number;
  non2xx: number;
  firstError: string | null;
}

/** Runs bench/load.mjs (autocannon) in its own process and returns its figures. */
export async function runLoad(repoRoot: string, spec: LoadSpec): Promise<LoadResult> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-load-')), 'spec.json');
  fs.writeFileSync(file, JSON.stringify(spec));
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(repoRoot, 'bench', 'load.mjs'), file], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (c) => (out += c));
      child.on('error', reject);
      // The load generator dies with us (a detached autocannon would keep loading the servers).
      const kill = () => child.kill('SIGKILL');
      process.once('exit', kill);
      child.once('exit', () => process.removeListener('exit', kill));
      child.on('exit', () => resolve(out));
    });
    const parsed = JSON.parse(output.trim().split('\n').pop() || '{}');
    if (parsed.fatal) throw new Error(parsed.fatal);
    return parsed as LoadResult;
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}
