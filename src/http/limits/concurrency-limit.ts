import { AppError } from '../../common/errors';
import type { ConcurrencyLimits } from '../../config';

/**
 * In-flight GraphQL requests per API key and per tenant, per process. One tenant's heavy
 * requests can then hold at most `perTenant` of the process's pooled connections and CPU, so
 * another tenant's requests start at once instead of queueing behind them in the pool.
 *
 * A request over a bound waits in its tenant's queue (first come, first served; one that its own
 * key's bound holds back lets the ones behind it pass) for at most `queueTimeoutMs`; when the
 * queue already holds `queueSize` requests, or the wait runs out, it is refused with the
 * retryable TOO_MANY_CONCURRENT_REQUESTS (HTTP 429, Retry-After).
 */
interface Waiter {
  key: string;
  grant: () => void;
}

interface TenantState {
  inFlight: number;
  byKey: Map<string, number>;
  queue: Waiter[];
}

export class ConcurrencyLimiter {
  private readonly tenants = new Map<string, TenantState>();

  constructor(readonly limits: ConcurrencyLimits) {}

  get enabled(): boolean {
    return this.limits.perKey > 0 && this.limits.perTenant > 0;
  }

  /** Requests of the tenant now running and waiting (for tests and metrics). */
  load(tenantId: string): { inFlight: number; waiting: number } {
    const t = this.tenants.get(tenantId);
    return { inFlight: t?.inFlight ?? 0, waiting: t?.queue.length ?? 0 };
  }

  /** Resolves with the release function once the request may run; rejects with TOO_MANY_CONCURRENT_REQUESTS. */
  acquire(tenantId: string, key: string): Promise<() => void> {
    let t = this.tenants.get(tenantId);
    if (!t) {
      t = { inFlight: 0, byKey: new Map(), queue: [] };
      this.tenants.set(tenantId, t);
    }
    const state = t;
    const release = () => this.release(tenantId, state, key);
    if (this.fits(state, key)) {
      this.take(state, key);
      return Promise.resolve(once(release));
    }
    if (state.queue.length >= this.limits.queueSize) return Promise.reject(this.refusal('queue'));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        key,
        grant: () => {
          clearTimeout(timer);
          resolve(once(release));
        },
      };
      const timer = setTimeout(() => {
        const i = state.queue.indexOf(waiter);
        if (i >= 0) state.queue.splice(i, 1);
        this.forget(tenantId, state);
        reject(this.refusal('wait'));
      }, this.limits.queueTimeoutMs);
      timer.unref?.();
      state.queue.push(waiter);
    });
  }

  private fits(t: TenantState, key: string): boolean {
    return t.inFlight < this.limits.perTenant && (t.byKey.get(key) ?? 0) < this.limits.perKey;
  }

  private take(t: TenantState, key: string): void {
    t.inFlight++;
    t.byKey.set(key, (t.byKey.get(key) ?? 0) + 1);
  }

  private release(tenantId: string, t: TenantState, key: string): void {
    t.inFlight--;
    const n = (t.byKey.get(key) ?? 1) - 1;
    if (n > 0) t.byKey.set(key, n);
    else t.byKey.delete(key);
    // The first waiter that fits now: its key has room (a key at its own bound does not block the others).
    for (let i = 0; i < t.queue.length && t.inFlight < this.limits.perTenant; i++) {
      const waiter = t.queue[i];
      if (!this.fits(t, waiter.key)) continue;
      t.queue.splice(i--, 1);
      this.take(t, waiter.key);
      waiter.grant();
    }
    this.forget(tenantId, t);
  }

  private forget(tenantId: string, t: TenantState): void {
    if (t.inFlight === 0 && t.queue.length === 0) this.tenants.delete(tenantId);
  }

  private refusal(why: 'queue' | 'wait'): AppError {
    const { perKey, perTenant, queueSize, queueTimeoutMs } = this.limits;
    const detail = why === 'queue' ? `${queueSize} more are already waiting` : `none came free within ${queueTimeoutMs} ms`;
    return new AppError('TOO_MANY_CONCURRENT_REQUESTS',
      `Too many requests in flight for this API key or tenant (at most ${perKey} per key and ${perTenant} per tenant at once; ${detail}); retry after 1 s`,
      { perKey, perTenant, retryAfterSeconds: 1 });
  }
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}
