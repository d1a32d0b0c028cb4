/**
 * StringPool hands back one shared instance of short strings that repeat across cached objects (namespaces, label
 * keys and values, the content hash every member copy of an object carries): JSON.parse gives each object its own
 * copies. It is bounded: past `capacity` distinct strings it starts over, which only costs sharing, never
 * correctness.
 */
export class StringPool {
  readonly #strings = new Map<string, string>();

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

  get size(): number {
    return this.#strings.size;
  }
}
