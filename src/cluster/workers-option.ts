import os from 'node:os';

/**
 * How many service processes to run: `--workers N` (or `--workers=N`) on the command line,
 * else WORKERS from the environment (config), else 1.
 */
export function workersOption(argv: readonly string[], fallback: number): number {
  let raw: string | undefined;
  argv.forEach((arg, i) => {
    if (arg === '--workers' || arg === '-w') raw = argv[i + 1];
    else if (arg.startsWith('--workers=')) raw = arg.slice('--workers='.length);
  });
  if (raw === undefined) return fallback;
  const n = raw === 'auto' ? os.availableParallelism() : Number.parseInt(raw, 10);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new Error(`--workers must be a whole number from 1 to 256 (or "auto"), got "${raw}"`);
  return n;
}
