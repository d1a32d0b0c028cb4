import type { KubeObject } from '../core/objects.js';
import { isNewer } from '../kube/resource-version.js';

export interface MutationCacheOptions {
  /** ttlMs: an entry leaves after this long at the latest. */
  ttlMs?: number;
  /** max bounds the entries; the oldest leaves first. */
  max?: number;
  now?: () => number;
}

/**
 * MutationCache bridges the moment between a controller's own write and its watch delivering it (client-go's
 * MutationCache): a reconcile that runs in between, woken by a member's event, must see the finalizer, annotations
 * and status it has just written, or it writes them again (a conflict, for the resourceVersion-guarded finalizer).
 * Entries leave as soon as the cache catches up, and after a minute at the latest.
 *
 * Every federated controller has one, and an idle one is empty, so it costs only what it holds: a Map in write
 * order (the oldest entry first, as each write moves its key to the end) and one timer while it holds anything.
 * (An lru-cache of this bound allocates its ~400 KiB of slots up front, which 20 enabled types paid 20 times.)
 */
export class MutationCache<T extends KubeObject> {
  readonly #written = new Map<string, { object: T; expires: number }>();
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;
  #timer?: NodeJS.Timeout;

  constructor(options: MutationCacheOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 60_000;
    this.#max = options.max ?? 10_000;
    this.#now = options.now ?? (() => performance.now());
  }

  /** newest is the cached object, or kubefed's own later write of it; a deleted object stays deleted. */
  newest(key: string, cached: T | undefined): T | undefined {
    const entry = this.#written.get(key);
    if (entry === undefined) {
      return cached;
    }
    if (entry.expires > this.#now() && cached !== undefined && isNewer(entry.object, cached)) {
      return entry.object;
    }
    this.forget(key);
    return cached;
  }

  remember(key: string, stored: T): void {
    this.#written.delete(key);
    this.#written.set(key, { object: stored, expires: this.#now() + this.#ttlMs });
    for (const oldest of this.#written.keys()) {
      if (this.#written.size <= this.#max) {
        break;
      }
      this.#written.delete(oldest);
    }
    this.#schedule();
  }

  forget(key: string): void {
    this.#written.delete(key);
    if (this.#written.size === 0) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }

  get size(): number {
    return this.#written.size;
  }

  /** expire drops the entries whose time is up (the oldest come first) and arms the timer for the next one. */
  expire(): void {
    const now = this.#now();
    for (const [key, entry] of this.#written) {
      if (entry.expires > now) {
        break;
      }
      this.#written.delete(key);
    }
    this.#timer = undefined;
    this.#schedule();
  }

  #schedule(): void {
    const next = this.#written.values().next();
    if (this.#timer !== undefined || next.done) {
      return;
    }
    // Unreferenced: a pending expiry never keeps the process alive.
    this.#timer = setTimeout(() => this.expire(), Math.max(0, next.value.expires - this.#now())).unref();
  }
}
