import { type Clock, systemClock } from './clock.js';
import { DelayHeap } from '../core/queue/delay-heap.js';
import { defaultControllerRateLimiter, type RateLimiter } from '../core/queue/rate-limiter.js';

/** QueueObserver receives what client-go's workqueue metrics are computed from. */
export interface QueueObserver {
  added(): void;
  depth(length: number): void;
  queued(waitedSeconds: number): void;
  worked(durationSeconds: number): void;
  retried(): void;
}

export interface WorkQueueOptions {
  clock?: Clock;
  rateLimiter?: RateLimiter;
  observer?: QueueObserver;
}

/**
 * WorkQueue has client-go's workqueue semantics: keys are deduplicated while waiting, a key is never
 * handed to two workers at once (an add during processing is replayed after done), delayed adds keep
 * the earliest ready time, and addRateLimited backs off per key. Node runs one thread, so get() is
 * a promise instead of a blocking call.
 */
export class WorkQueue {
  readonly #clock: Clock;
  readonly #rateLimiter: RateLimiter;
  readonly #observer?: QueueObserver;
  readonly #queue: string[] = [];
  #head = 0;
  readonly #dirty = new Map<string, number>();
  readonly #processing = new Map<string, number>();
  readonly #waiting = new DelayHeap();
  readonly #getters: ((key: string | undefined) => void)[] = [];
  readonly #drainWaiters: (() => void)[] = [];
  #timer?: { handle: unknown; at: number };
  #shuttingDown = false;

  constructor(options: WorkQueueOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#rateLimiter = options.rateLimiter ?? defaultControllerRateLimiter(this.#clock.now());
    this.#observer = options.observer;
  }

  /** add marks key as needing work now. */
  add(key: string): void {
    if (this.#shuttingDown || this.#dirty.has(key)) {
      return;
    }
    this.#observer?.added();
    this.#dirty.set(key, this.#clock.now());
    if (this.#processing.has(key)) {
      return;
    }
    this.#push(key);
  }

  /** addAfter adds key once delayMs has passed; an earlier pending time for the same key wins. */
  addAfter(key: string, delayMs: number): void {
    if (this.#shuttingDown) {
      return;
    }
    // client-go counts every addAfter as a retry, a zero delay included.
    this.#observer?.retried();
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    this.#waiting.schedule(key, this.#clock.now() + delayMs);
    this.#schedule();
  }

  /** addRateLimited re-adds a failed key after its backoff. */
  addRateLimited(key: string): void {
    this.addAfter(key, this.#rateLimiter.when(key, this.#clock.now()));
  }

  /** forget ends the backoff of key after a success; the caller still calls done. */
  forget(key: string): void {
    this.#rateLimiter.forget(key);
  }

  numRequeues(key: string): number {
    return this.#rateLimiter.retries(key);
  }

  /** get resolves with the next key to work on, or undefined once the queue is shut down and empty. */
  get(): Promise<string | undefined> {
    if (this.#length() > 0) {
      return Promise.resolve(this.#take());
    }
    if (this.#shuttingDown) {
      return Promise.resolve(undefined);
    }
    return new Promise((resolve) => this.#getters.push(resolve));
  }

  /** done ends work on key; a key added while it was processed goes back into the queue. */
  done(key: string): void {
    const started = this.#processing.get(key);
    if (started === undefined) {
      return;
    }
    this.#processing.delete(key);
    this.#observer?.worked((this.#clock.now() - started) / 1000);
    if (this.#dirty.has(key) && !this.#shuttingDown) {
      this.#push(key);
    } else if (this.#processing.size === 0) {
      this.#drainWaiters.splice(0).forEach((resolve) => resolve());
    }
  }

  len(): number {
    return this.#length();
  }

  /** processingSince lists when each key in flight started, for the unfinished-work metrics. */
  processingSince(): number[] {
    return [...this.#processing.values()];
  }

  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** shutDown stops accepting keys and releases idle workers; queued keys are still handed out. */
  shutDown(): void {
    this.#shuttingDown = true;
    if (this.#timer) {
      this.#clock.clearTimeout(this.#timer.handle);
      this.#timer = undefined;
    }
    this.#waiting.clear();
    this.#getters.splice(0).forEach((resolve) => resolve(undefined));
  }

  /** shutDownWithDrain shuts down, then waits until keys being processed are done. */
  async shutDownWithDrain(): Promise<void> {
    this.shutDown();
    this.#queue.length = 0;
    this.#head = 0;
    this.#dirty.clear();
    if (this.#processing.size > 0) {
      await new Promise<void>((resolve) => this.#drainWaiters.push(resolve));
    }
  }

  #length(): number {
    return this.#queue.length - this.#head;
  }

  #push(key: string): void {
    const getter = this.#getters.shift();
    if (getter) {
      this.#queue.push(key);
      getter(this.#take());
      return;
    }
    this.#queue.push(key);
    this.#observer?.depth(this.#length());
  }

  #take(): string {
    const key = this.#queue[this.#head];
    if (key === undefined) {
      throw new RangeError('work queue taken from while empty');
    }
    this.#head += 1;
    if (this.#head === this.#queue.length) {
      // Drained: let go of the keys already handed out (a queue that never grows past 1024 would keep them all).
      this.#queue.length = 0;
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue.splice(0, this.#head);
      this.#head = 0;
    }
    const now = this.#clock.now();
    this.#observer?.queued((now - (this.#dirty.get(key) ?? now)) / 1000);
    this.#observer?.depth(this.#length());
    this.#dirty.delete(key);
    this.#processing.set(key, now);
    return key;
  }

  #schedule(): void {
    const at = this.#waiting.earliest();
    if (at === undefined || (this.#timer && this.#timer.at <= at)) {
      return;
    }
    if (this.#timer) {
      this.#clock.clearTimeout(this.#timer.handle);
    }
    const handle = this.#clock.setTimeout(() => this.#release(), Math.max(0, at - this.#clock.now()));
    this.#timer = { handle, at };
  }

  #release(): void {
    this.#timer = undefined;
    for (const key of this.#waiting.popReady(this.#clock.now())) {
      this.add(key);
    }
    this.#schedule();
  }
}
