import type { Clock } from '../clock.js';
import type { Runnable } from '../runnable.js';

/** EventLoopOptions: the loop ticks every tickMs; no tick for stalledMs fails the check. */
export interface EventLoopOptions {
  clock: Clock;
  tickMs?: number;
  stalledMs?: number;
}

/**
 * EventLoopWatch is the /healthz check of a blocked event loop: a timer ticks every second, and a
 * tick that has not happened for ten seconds means the loop is stuck (a liveness probe restarts it).
 */
export class EventLoopWatch implements Runnable {
  readonly name = 'event-loop-watch';
  readonly #clock: Clock;
  readonly #tickMs: number;
  readonly #stalledMs: number;
  #lastTick: number;
  #timer?: unknown;

  constructor(options: EventLoopOptions) {
    this.#clock = options.clock;
    this.#tickMs = options.tickMs ?? 1_000;
    this.#stalledMs = options.stalledMs ?? 10_000;
    this.#lastTick = this.#clock.now();
  }

  start(): void {
    this.#lastTick = this.#clock.now();
    this.#timer = this.#clock.setTimeout(() => this.start(), this.#tickMs);
  }

  stop(): Promise<void> {
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    return Promise.resolve();
  }

  /** check is the health check: an error message while the loop is blocked. */
  check = (): string | undefined =>
    this.#clock.now() - this.#lastTick > this.#stalledMs ? `event loop blocked for over ${this.#stalledMs / 1000}s` : undefined;
}
