import type { Clock } from '../../../src/runtime/clock.js';

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

/** ManualClock is a Clock whose time moves only when a test calls advance, firing due timers in order. */
export class ManualClock implements Clock {
  #now: number;
  #nextId = 1;
  readonly #timers = new Map<number, Timer>();

  constructor(start = 1_000_000) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#nextId++;
    this.#timers.set(id, { id, at: this.#now + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  /** pending is the number of timers not yet fired or cleared. */
  get pending(): number {
    return this.#timers.size;
  }

  /** advance moves time forward by ms, firing each timer at its own due time (earliest first). */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      const due = [...this.#timers.values()].filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) {
        break;
      }
      this.#timers.delete(due.id);
      this.#now = Math.max(this.#now, due.at);
      due.callback();
    }
    this.#now = end;
  }
}
