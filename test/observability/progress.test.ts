import { Writable } from 'node:stream';
import { formatDuration, progress } from '../../src/observability/progress';

class Capture extends Writable {
  text = '';
  isTTY = false;
  columns = 100;
  override _write(chunk: Buffer, _e: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

test('on a log file it prints a line per 10% with rate and ETA, then the total', () => {
  const out = new Capture();
  let t = 0;
  const bar = progress(1000, 'invoices', { stream: out, now: () => t });
  for (let i = 0; i < 1000; i++) {
    t += 2; // 2 ms per item = 500/s
    bar.tick();
  }
  bar.done();
  const lines = out.text.trim().split('\n');
  expect(lines.length).toBeLessThanOrEqual(12);
  expect(lines[0]).toMatch(/^invoices\s+0\.1% 1\/1,000 500\/s, eta 2s$/);
  expect(lines).toContainEqual(expect.stringMatching(/^invoices\s+50\.0% 500\/1,000 500\/s, eta 1s$/));
  expect(lines[lines.length - 1]).toBe('invoices   100% 1,000/1,000 500/s, done in 2s');
});

test('on a terminal it redraws one line, throttled', () => {
  const out = new Capture();
  out.isTTY = true;
  let t = 0;
  const bar = progress(100, 'seed', { stream: out, now: () => t, redrawMs: 100 });
  for (let i = 0; i < 100; i++) {
    t += 10;
    bar.tick();
  }
  bar.done();
  bar.done();
  const draws = out.text.split('\r').filter(Boolean);
  expect(draws.length).toBeLessThanOrEqual(12);
  expect(draws[draws.length - 1]).toMatch(/^\x1b\[2Kseed \[=+\]\s+100% 100\/100 100\/s, done in 1s\n$/);
  expect(out.text.split('\n').length).toBe(2); // one final newline only
});

test('durations read naturally', () => {
  expect(formatDuration(5)).toBe('5s');
  expect(formatDuration(125)).toBe('2m05s');
  expect(formatDuration(3 * 3600 + 60)).toBe('3h01m');
});
