import { execSync } from 'node:child_process';
import path from 'node:path';

/**
 * The stress and fault tests run the built service as a separate process (so it can be killed
 * with SIGKILL and its memory measured): build it first. Each test starts its own PostgreSQL.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.STRESS_SKIP_BUILD === '1') return;
  const root = path.resolve(__dirname, '..', '..');
  try {
    execSync('node scripts/build-if-stale.js', { cwd: root, stdio: 'pipe' });
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`npm run build failed:\n${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`);
  }
}
