/**
 * Load generator, run as its own process so it does not share a CPU with the servers'
 * event loops: autocannon against one target, rotating through the request bodies; counts
 * non-200 answers and GraphQL `errors` as errors. Usage: node bench/load.mjs <spec.json>
 * spec: {url, connections, duration?|amount?, requests: [{path, headers, body}], warmup?}
 * Prints one JSON line with req/s, latency percentiles and errors.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');

const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

function run(options) {
  let next = 0;
  let errors = 0;
  let firstError = null;
  const pick = () => spec.requests[next++ % spec.requests.length];
  return new Promise((resolve, reject) => {
    const instance = autocannon({
      url: spec.url,
      connections: spec.connections,
      pipelining: 1,
      timeout: 60,
      ...options,
      requests: [{
        method: 'POST',
        setupRequest: (req) => {
          const r = pick();
          return { ...req, method: 'POST', path: r.path, headers: r.headers, body: r.body };
        },
        onResponse: (status, body) => {
          if (status !== 200 || (body && body.includes('"errors"'))) {
            errors++;
            if (!firstError) firstError = `${status} ${String(body).slice(0, 300)}`;
          }
        },
      }],
    }, (err, result) => (err ? reject(err) : resolve({ result, errors, firstError })));
    instance.on('error', () => undefined);
  });
}

const main = async () => {
  if (spec.warmup) await run({ duration: spec.warmup });
  const { result, errors, firstError } = await run(spec.amount ? { amount: spec.amount } : { duration: spec.duration });
  const out = {
    requests: result.requests.total,
    seconds: result.duration,
    rps: result.requests.total / result.duration,
    latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: result.latency.average },
    errors: errors + result.errors + result.timeouts,
    non2xx: result.non2xx,
    firstError,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
};
main().catch((e) => {
  process.stdout.write(JSON.stringify({ fatal: String(e && e.stack || e) }) + '\n');
  process.exit(1);
});
