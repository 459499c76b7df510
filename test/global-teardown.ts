import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const handle = (globalThis as Record<string, unknown>).__EMBEDDED_PG__ as
    | { embedded: { stop(): Promise<void> }; dataDir: string }
    | undefined;
  if (!handle) return;
  await handle.embedded.stop();
  fs.rmSync(handle.dataDir, { recursive: true, force: true });
}
