/** DelayHeap is a min-heap of keys by ready time, holding each key once; moving a key earlier keeps one entry. */
export class DelayHeap {
  readonly #entries: { key: string; readyAt: number }[] = [];
  readonly #positions = new Map<string, number>();

  get size(): number {
    return this.#entries.length;
  }

  /** earliest is the soonest ready time, if any key is waiting. */
  earliest(): number | undefined {
    return this.#entries[0]?.readyAt;
  }

  /** schedule records key at readyAt, unless it already waits for an earlier time. */
  schedule(key: string, readyAt: number): void {
    const position = this.#positions.get(key);
    if (position === undefined) {
      this.#entries.push({ key, readyAt });
      this.#positions.set(key, this.#entries.length - 1);
      this.#siftUp(this.#entries.length - 1);
    } else if (readyAt < this.#at(position).readyAt) {
      this.#at(position).readyAt = readyAt;
      this.#siftUp(position);
    }
  }

  /** popReady removes and returns every key whose time has come, earliest first. */
  popReady(now: number): string[] {
    const ready: string[] = [];
    while (this.#entries.length > 0 && this.#at(0).readyAt <= now) {
      const top = this.#at(0);
      const last = this.#entries.pop();
      this.#positions.delete(top.key);
      if (last !== undefined && this.#entries.length > 0) {
        this.#entries[0] = last;
        this.#positions.set(last.key, 0);
        this.#siftDown(0);
      }
      ready.push(top.key);
    }
    return ready;
  }

  clear(): void {
    this.#entries.length = 0;
    this.#positions.clear();
  }

  #at(index: number): { key: string; readyAt: number } {
    const entry = this.#entries[index];
    if (entry === undefined) {
      throw new RangeError(`delay heap has no entry ${index}`);
    }
    return entry;
  }

  #swap(first: number, second: number): void {
    const a = this.#at(first);
    const b = this.#at(second);
    this.#entries[first] = b;
    this.#entries[second] = a;
    this.#positions.set(b.key, first);
    this.#positions.set(a.key, second);
  }

  #siftUp(index: number): void {
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (this.#at(parent).readyAt <= this.#at(index).readyAt) {
        return;
      }
      this.#swap(parent, index);
      index = parent;
    }
  }

  #siftDown(index: number): void {
    for (;;) {
      const left = 2 * index + 1;
      let smallest = index;
      for (const child of [left, left + 1]) {
        if (child < this.#entries.length && this.#at(child).readyAt < this.#at(smallest).readyAt) {
          smallest = child;
        }
      }
      if (smallest === index) {
        return;
      }
      this.#swap(smallest, index);
      index = smallest;
    }
  }
}
