/**
 * In-process queue per invoice, in front of the database lock. Concurrent payment mutations on
 * one invoice already serialize on `lockInvoice` (FOR UPDATE), which is what guarantees
 * correctness, also across processes. Without this queue each of them would hold a pooled
 * connection while it waits for that row lock, so a burst on one hot invoice (100 parallel
 * payments) could drain the pool and make unrelated requests time out. With it, a process uses
 * one connection per busy invoice and the rest wait in memory. Queues belong to a connection pool
 * (the AppDeps of a service instance), so two instances in one test process behave like two processes.
 */
const queues = new WeakMap<object, Map<string, Promise<unknown>>>();

/** Runs `fn` after the earlier calls for this invoice on this service instance (`owner`: its AppDeps) have settled. */
export function queueForInvoice<T>(owner: object, tenantId: string, invoiceId: string, fn: () => Promise<T>): Promise<T> {
  const tails = queues.get(owner) ?? new Map<string, Promise<unknown>>();
  queues.set(owner, tails);
  const key = `${tenantId}:${invoiceId}`;
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return run;
}
