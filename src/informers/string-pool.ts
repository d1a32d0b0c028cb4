/**
 * StringPool hands back one shared instance of short strings that repeat across cached objects (namespaces, names,
 * label keys and values, the content hash and value digests every member copy of an object carries, cache keys):
 * JSON.parse gives each object its own copies. It is bounded: past `capacity` distinct strings (or maps) it starts
 * over, which only costs sharing, never correctness.
 */
export class StringPool {
  readonly #strings = new Map<string, string>();
  readonly #maps = new Map<string, Readonly<Record<string, string>>>();

  constructor(
    readonly capacity = 50_000,
    readonly longest = 80,
  ) {}

  intern(value: string): string {
    if (value.length > this.longest) {
      return value;
    }
    const shared = this.#strings.get(value);
    if (shared !== undefined) {
      return shared;
    }
    if (this.#strings.size >= this.capacity) {
      this.#strings.clear();
    }
    this.#strings.set(value, value);
    return value;
  }

  /** internValues interns the keys and values of a string map, as labels and annotations are. */
  internValues(map: Record<string, string>): Record<string, string> {
    const interned: Record<string, string> = {};
    for (const [key, value] of Object.entries(map)) {
      interned[this.intern(key)] = typeof value === 'string' ? this.intern(value) : value;
    }
    return interned;
  }

  /**
   * sharedMap is internValues, and one frozen instance for every equal map: the labels of a federated object's copies
   * in every member (and of most objects of one app) are the same map. Maps whose contents are longer than `longest`
   * four times over are only interned, not shared.
   */
  sharedMap(map: Record<string, string>): Readonly<Record<string, string>> {
    const entries = Object.entries(map);
    let identity = '';
    for (const [key, value] of entries) {
      if (typeof value !== 'string') {
        return this.internValues(map);
      }
      // Lengths first, so that no two different maps join to the same text.
      identity += `${key.length}:${key}${value.length}:${value}`;
    }
    if (identity.length > 4 * this.longest) {
      return this.internValues(map);
    }
    const shared = this.#maps.get(identity);
    if (shared !== undefined) {
      return shared;
    }
    if (this.#maps.size >= this.capacity) {
      this.#maps.clear();
    }
    const interned = Object.freeze(this.internValues(map));
    this.#maps.set(identity, interned);
    return interned;
  }

  get size(): number {
    return this.#strings.size;
  }
}

/** One pool for every cache: the same namespace, name or digest in the federation and in M members is then held once. */
export const sharedPool = new StringPool();
