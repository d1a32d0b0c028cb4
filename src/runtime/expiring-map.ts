export interface ExpiringMapOptions {
  /** ttlMs: an entry leaves this long after it was set, at the latest. */
  ttlMs: number;
  /** max bounds the entries; past it, the oldest write leaves first. */
  max: number;
  now?: () => number;
}

/**
 * ExpiringMap holds entries for a while and no more than max of them: what kubefed wrote until its watches
 * deliver it (MutationCache, OwnWrites). Such maps are empty almost always, and there is one per controller
 * and per member, so it costs only what it holds: a Map in write order (each set moves its key to the end, so
 * the oldest entry comes first) and one unreferenced timer while it holds anything. An lru-cache of the same
 * bound allocates all its slots up front (~400 KiB for 10,000 entries with a TTL).
 */
export class ExpiringMap<K, V> {
  readonly #entries = new Map<K, { value: V; expires: number }>();
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;
  #timer?: NodeJS.Timeout;

  constructor(options: ExpiringMapOptions) {
    this.#ttlMs = options.ttlMs;
    this.#max = options.max;
    this.#now = options.now ?? (() => performance.now());
  }

  /** get is the entry's value, or undefined when there is none or its time is up (it leaves then). */
  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (entry !== undefined && entry.expires <= this.#now()) {
      this.delete(key);
      return undefined;
    }
    return entry?.value;
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, expires: this.#now() + this.#ttlMs });
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#max) {
        break;
      }
      this.#entries.delete(oldest);
    }
    this.#schedule();
  }

  delete(key: K): void {
    this.#entries.delete(key);
    if (this.#entries.size === 0) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  /** expire drops the entries whose time is up and arms the timer for the next one (the timer calls it). */
  expire(): void {
    const now = this.#now();
    for (const [key, entry] of this.#entries) {
      if (entry.expires > now) {
        break;
      }
      this.#entries.delete(key);
    }
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#schedule();
  }

  #schedule(): void {
    const oldest = this.#entries.values().next();
    if (this.#timer !== undefined || oldest.done) {
      return;
    }
    // Unreferenced: a pending expiry never keeps the process alive.
    this.#timer = setTimeout(() => this.expire(), Math.max(0, oldest.value.expires - this.#now())).unref();
  }
}
