import { paceStatus, progressIntervalMs, type StatusDecision, type StatusPace } from '../core/status/pacing.js';
import { ExpiringMap } from '../runtime/expiring-map.js';

/**
 * Objects whose status pace is remembered. An entry only matters for one (stretched) interval after a
 * write or while a write waits (each decision sets it again), so it is kept for two of the longest, and
 * evicting the oldest of this many costs at most one early or late write. Every federated controller has
 * a pacer, so it holds only what it remembers (an lru-cache of this bound allocates its slots up front).
 */
const rememberedObjects = 10_000;

/**
 * Progress writes per interval a controller makes before the interval stretches: a few rollouts at a
 * time keep their 5 s; a burst of 100 Deployments rolling out together waits 25 s, by when nearly all
 * have ended (their ends are written at once), instead of making one progress write each.
 */
export const progressWritesPerInterval = 20;

/** The stretch's bound: during any burst a rollout's progress is at most this many intervals old. */
export const maxProgressStretch = 6;

/**
 * StatusPacer remembers, per federated object, when its status was last written and since when the
 * wanted status has differed from it (see core/status/pacing.ts), and how many objects hold progress
 * back, which stretches the interval. The work queue never hands one key to two workers, so at most
 * one status write per object is in flight.
 */
export class StatusPacer {
  readonly #intervalMs: number;
  readonly #paces: ExpiringMap<string, StatusPace>;
  /** the objects whose progress is held back now. */
  readonly #held: ExpiringMap<string, true>;

  constructor(intervalMs: number) {
    this.#intervalMs = intervalMs;
    const ttlMs = 2 * maxProgressStretch * intervalMs;
    this.#paces = new ExpiringMap({ max: rememberedObjects, ttlMs });
    this.#held = new ExpiringMap({ max: rememberedObjects, ttlMs });
  }

  /** decide returns what to do now and remembers it; a decided write is taken as done (a failure retries with backoff). */
  decide(key: string, changed: boolean, settled: boolean, now: number): StatusDecision {
    const held = this.#held.size + (this.#held.get(key) === undefined ? 1 : 0);
    const intervalMs = progressIntervalMs({ intervalMs: this.#intervalMs, held, perInterval: progressWritesPerInterval, maxStretch: maxProgressStretch });
    const { decision, pace } = paceStatus({ changed, settled, pace: this.#paces.get(key) ?? {}, now, intervalMs });
    if (pace === undefined) {
      this.#paces.delete(key);
    } else {
      this.#paces.set(key, pace);
    }
    if (decision.kind === 'wait') {
      this.#held.set(key, true);
    } else {
      this.#held.delete(key);
    }
    return decision;
  }

  forget(key: string): void {
    this.#paces.delete(key);
    this.#held.delete(key);
  }
}
