/**
 * A progress bar for long command-line work (`npm run seed` with a million invoices): count,
 * percentage, rate and ETA on stderr, so stdout stays clean for machine-readable output.
 * On a terminal it redraws one line at most every 100 ms; when stderr is a file or a CI log it
 * prints a plain line every 10% instead of flooding it.
 */
export interface Progress {
  /** Adds `delta` finished items (default 1). */
  tick(delta?: number): void;
  /** Prints the final line (total time and mean rate); idempotent. */
  done(): void;
}

export interface ProgressOptions {
  stream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Minimum milliseconds between terminal redraws. */
  redrawMs?: number;
  now?: () => number;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m${String(rest).padStart(2, '0')}s` : `${rest}s`;
}

export function formatCount(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function progress(total: number, label: string, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const redrawMs = options.redrawMs ?? 100;
  const tty = Boolean(stream.isTTY);
  const started = now();
  let current = 0;
  let lastDraw = 0;
  let lastDecile = -1;
  let finished = false;

  const line = (final: boolean): string => {
    const seconds = Math.max((now() - started) / 1000, 0.001);
    const rate = current / seconds;
    const ratio = total > 0 ? Math.min(current / total, 1) : 1;
    const pct = `${(ratio * 100).toFixed(ratio < 1 ? 1 : 0)}%`.padStart(6);
    const counts = `${formatCount(current)}/${formatCount(total)}`;
    const tail = final
      ? `${formatCount(rate)}/s, done in ${formatDuration(seconds)}`
      : `${formatCount(rate)}/s, eta ${rate > 0 ? formatDuration((total - current) / rate) : '?'}`;
    if (!tty) return `${label} ${pct} ${counts} ${tail}`;
    const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - label.length - counts.length - tail.length - 14));
    const filled = Math.round(ratio * width);
    return `${label} [${'='.repeat(filled)}${' '.repeat(width - filled)}] ${pct} ${counts} ${tail}`;
  };

  const draw = (final: boolean) => {
    if (tty) {
      const t = now();
      if (!final && t - lastDraw < redrawMs) return;
      lastDraw = t;
      stream.write(`\r\x1b[2K${line(final)}${final ? '\n' : ''}`);
      return;
    }
    const decile = total > 0 ? Math.floor((Math.min(current, total) / total) * 10) : 10;
    if (final || decile > lastDecile) {
      lastDecile = decile;
      if (!final || decile < 10 || current === 0) stream.write(`${line(false)}\n`);
      if (final) stream.write(`${line(true)}\n`);
    }
  };

  return {
    tick(delta = 1) {
      if (finished) return;
      current += delta;
      draw(false);
    },
    done() {
      if (finished) return;
      finished = true;
      draw(true);
    },
  };
}
