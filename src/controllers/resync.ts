import type { Clock } from '../runtime/clock.js';

/**
 * Resync runs an action every period, with up to 10% jitter so that controllers (and replicas) do
 * not resync in step; controllers use it to re-queue everything as a safety net for missed events.
 */
export class Resync {
  #timer?: unknown;

  constructor(
    private readonly clock: Clock,
    private readonly periodMs: number,
    private readonly action: () => void,
  ) {}

  start(): void {
    this.#timer = this.clock.setTimeout(() => {
      this.action();
      this.start();
    }, this.periodMs * (1 + Math.random() * 0.1));
  }

  stop(): void {
    if (this.#timer !== undefined) {
      this.clock.clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }
}
