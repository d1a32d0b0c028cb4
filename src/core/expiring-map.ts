/**
 * ExpiringMap holds at most `max` entries, each for at most `ttlMs` after it was set; when full it
 * drops the entry set longest ago. Time is passed in. It replaces lru-cache where entries come and go
 * by the thousand (kubefed's own writes until their watch events arrive): lru-cache clears its
 * `max`-long arrays whenever its last entry is deleted, which on a burst of writes cost more than
 * everything else the caches did, and with ttlAutopurge it starts a timer per entry.
 */
export class ExpiringMap<K, V> {
  readonly #max: number;
  readonly #ttlMs: number;
  readonly #entries = new Map<K, { value: V; at: number }>();

  constructor(options: { max: number; ttlMs: number }) {
    this.#max = options.max;
    this.#ttlMs = options.ttlMs;
  }

  /** get is the value set less than ttlMs before now; an expired entry is dropped. */
  get(key: K, now: number): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) {
      return undefined;
    }
    if (now - entry.at >= this.#ttlMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: K, value: V, now: number): void {
    // Deleted first, so that insertion order stays the order of setting (the oldest goes first when full).
    this.#entries.delete(key);
    this.#entries.set(key, { value, at: now });
    if (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) {
        this.#entries.delete(oldest.value);
      }
    }
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }

  /** size counts the entries held, expired ones not yet dropped included. */
  get size(): number {
    return this.#entries.size;
  }
}
