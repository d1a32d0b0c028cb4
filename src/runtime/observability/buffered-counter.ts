import { Counter, type CounterConfiguration, type LabelValues } from 'prom-client';

/**
 * BufferedCounter is a prom-client Counter whose increments are tallied in a Map and handed to it when
 * it is read (a scrape, or get()): prom-client validates, sorts and joins the labels on every inc, which
 * for the counters bumped once per request or member write was a visible share of a burst's CPU. What a
 * scrape sees is exactly what was counted before it.
 */
export class BufferedCounter<T extends string> extends Counter<T> {
  #pending = new Map<string, { labels: LabelValues<T>; value: number }>();
  readonly #increment: (labels: LabelValues<T>, value: number) => void;

  constructor(configuration: Omit<CounterConfiguration<T>, 'collect'>) {
    // prom-client calls collect as the counter's method before every read.
    super({ ...configuration, collect: flushBeforeRead });
    const increment = this.inc.bind(this) as (labels: LabelValues<T>, value: number) => void;
    this.#increment = increment;
    this.inc = ((labels?: LabelValues<T> | number, value?: number) => this.#tally(labels, value)) as Counter<T>['inc'];
    // What was counted for a series goes in before it is removed, so nothing pending brings it back.
    const remove = this.remove.bind(this) as (...args: unknown[]) => void;
    this.remove = ((...args: unknown[]) => {
      this.flush();
      remove(...args);
    });
  }

  /** flush hands what was counted since the last read to the counter. */
  flush(): void {
    const pending = this.#pending;
    this.#pending = new Map();
    for (const { labels, value } of pending.values()) {
      this.#increment(labels, value);
    }
  }

  override reset(): void {
    // Counter's constructor resets before this class's fields exist.
    if (#pending in this) {
      this.#pending.clear();
    }
    super.reset();
  }

  #tally(labels: LabelValues<T> | number | undefined, value: number | undefined): void {
    const [bound, amount] = typeof labels === 'object' ? [labels, value ?? 1] : [{} as LabelValues<T>, labels ?? 1];
    if (!Number.isFinite(amount) || amount < 0) {
      throw new TypeError(`a counter only grows by a finite amount, not ${amount}`);
    }
    const key = labelKey(bound);
    const entry = this.#pending.get(key);
    if (entry) {
      entry.value += amount;
    } else {
      // A new set of labels is checked at once (a wrong name fails here, not at the next scrape) and its series starts.
      this.#increment(bound, 0);
      this.#pending.set(key, { labels: bound, value: amount });
    }
  }
}

function flushBeforeRead(this: Counter<string>): void {
  (this as unknown as BufferedCounter<string>).flush();
}

/** labelKey names a set of label values; the order of their keys does not matter (a different order is another entry, merged by the counter). */
function labelKey(labels: object): string {
  let key = '';
  for (const [name, value] of Object.entries(labels)) {
    key += `${name}\u0000${String(value)}\u0001`;
  }
  return key;
}
