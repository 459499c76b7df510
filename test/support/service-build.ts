import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Compiles the service (without type-checking: `npm run typecheck` does that) into
 * test/artifacts/<name>, for a test that runs it as a process of its own, and returns the
 * directory. It starts from an empty directory: the compiled file of a source deleted since an
 * earlier run would otherwise be loaded (the resolver loader walks the compiled tree).
 */
export function buildServiceInto(name: string): string {
  const dir = path.join(ROOT, 'test', 'artifacts', name);
  fs.rmSync(dir, { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', dir, '--noCheck', '--sourceMap', 'false'], { cwd: ROOT, stdio: 'pipe' });
  return dir;
}
