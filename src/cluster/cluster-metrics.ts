import cluster from 'node:cluster';
import { AggregatorRegistry, Registry } from 'prom-client';

/**
 * Cluster-wide /metrics. Whichever worker takes the scrape asks the primary, which collects every
 * worker's registry over IPC with prom-client's AggregatorRegistry (counters and histograms are
 * summed, so the numbers describe the whole service, not one process) and sends the text back.
 */
const REQUEST = 'billing:cluster-metrics-request';
const RESPONSE = 'billing:cluster-metrics-response';
const TIMEOUT_MS = 5_000;

interface MetricsMessage {
  type: string;
  id: number;
  body?: string;
  error?: string;
}

let workerReady = false;
let nextId = 0;
const pending = new Map<number, (body: string | undefined) => void>();

/** In a worker: answer the primary's collection requests with this registry (prom-client's protocol). */
export function joinClusterMetrics(registry: Registry): void {
  if (!cluster.isWorker || !process.send || workerReady) return;
  workerReady = true;
  AggregatorRegistry.setRegistries([registry]);
  new AggregatorRegistry();
  process.on('message', (message: MetricsMessage) => {
    if (message?.type !== RESPONSE) return;
    pending.get(message.id)?.(message.error ? undefined : message.body);
    pending.delete(message.id);
  });
}

/** In a worker: the aggregated metrics text, or undefined when not clustered (or on timeout). */
export async function clusterMetrics(registry: Registry): Promise<string | undefined> {
  if (!cluster.isWorker || !process.send) return undefined;
  joinClusterMetrics(registry);
  const id = nextId++;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      resolve(undefined);
    }, TIMEOUT_MS);
    pending.set(id, (body) => {
      clearTimeout(timer);
      resolve(body);
    });
    process.send!({ type: REQUEST, id });
  });
}

/** In the primary: serve the workers' requests for aggregated metrics. */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: MetricsMessage) => {
    if (message?.type !== REQUEST) return;
    aggregator.clusterMetrics().then(
      (body) => worker.isConnected() && worker.send({ type: RESPONSE, id: message.id, body }),
      (error: Error) => worker.isConnected() && worker.send({ type: RESPONSE, id: message.id, error: error.message }),
    );
  });
}
