import { paceStatus, type StatusDecision, type StatusPace } from '../core/status/pacing.js';
import { ExpiringMap } from '../runtime/expiring-map.js';

/**
 * Objects whose status pace is remembered. An entry only matters for one interval after a write or
 * while a write waits (each decision sets it again), so it is kept for two intervals, and evicting the
 * oldest of this many costs at most one early or late write. Every federated controller has a pacer,
 * so it holds only what it remembers (an lru-cache of this bound allocates its slots up front).
 */
const rememberedObjects = 10_000;

/**
 * StatusPacer remembers, per federated object, when its status was last written and since when the
 * wanted status has differed from it (see core/status/pacing.ts). The work queue never hands one key
 * to two workers, so at most one status write per object is in flight.
 */
export class StatusPacer {
  readonly #intervalMs: number;
  readonly #paces: ExpiringMap<string, StatusPace>;

  constructor(intervalMs: number) {
    this.#intervalMs = intervalMs;
    this.#paces = new ExpiringMap({ max: rememberedObjects, ttlMs: 2 * intervalMs });
  }

  /** decide returns what to do now and remembers it; a decided write is taken as done (a failure retries with backoff). */
  decide(key: string, changed: boolean, settled: boolean, now: number): StatusDecision {
    const { decision, pace } = paceStatus({ changed, settled, pace: this.#paces.get(key) ?? {}, now, intervalMs: this.#intervalMs });
    if (pace === undefined) {
      this.#paces.delete(key);
    } else {
      this.#paces.set(key, pace);
    }
    return decision;
  }

  forget(key: string): void {
    this.#paces.delete(key);
  }
}
