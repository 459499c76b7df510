import type { Principal } from '../schema/request-context';

/** Only valid keys are kept (random wrong keys cannot grow it); bounded, oldest dropped first. */
const MAX_ENTRIES = 10_000;

/** Principals of recently checked API keys, by key hash, each trusted until its expiry. */
export class ApiKeyCache {
  private readonly entries = new Map<string, { principal: Principal; expiresAt: number }>();

  get(hash: string, now = Date.now()): Principal | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry.principal;
  }

  set(hash: string, principal: Principal, ttlMs: number, now = Date.now()): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(hash, { principal, expiresAt: now + ttlMs });
  }

  clear(): void {
    this.entries.clear();
  }
}
