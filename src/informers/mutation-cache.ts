import type { KubeObject } from '../core/objects.js';
import { isNewer } from '../kube/resource-version.js';
import { ExpiringMap } from '../core/expiring-map.js';

/**
 * MutationCache bridges the moment between a controller's own write and its watch delivering it (client-go's
 * MutationCache): a reconcile that runs in between, woken by a member's event, must see the finalizer, annotations
 * and status it has just written, or it writes them again (a conflict, for the resourceVersion-guarded finalizer).
 * Entries leave as soon as the cache catches up, and after a minute at the latest.
 */
export class MutationCache<T extends KubeObject> {
  readonly #written = new ExpiringMap<string, T>({ max: 10_000, ttlMs: 60_000 });
  readonly #now: () => number;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  /** newest is the cached object, or kubefed's own later write of it; a deleted object stays deleted. */
  newest(key: string, cached: T | undefined): T | undefined {
    const written = this.#written.get(key, this.#now());
    if (written === undefined) {
      return cached;
    }
    if (cached !== undefined && isNewer(written, cached)) {
      return written;
    }
    this.#written.delete(key);
    return cached;
  }

  remember(key: string, stored: T): void {
    this.#written.set(key, stored, this.#now());
  }

  forget(key: string): void {
    this.#written.delete(key);
  }

  get size(): number {
    return this.#written.size;
  }
}
