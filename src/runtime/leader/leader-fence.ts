import type { WriteGate } from '../../kube/write-gate.js';
import type { Clock } from '../clock.js';

/** Leadership is what the fence needs to know of a leader elector. */
export interface Leadership {
  confirmedUntil(): number;
}

/**
 * LeaderFence is the write gate every client of the controller-manager shares (the lease client
 * excepted). Until leader election begins it lets writes through (nothing but start-up reads the
 * API then); once it follows an elector, a write is sent only while leadership is confirmed, and
 * losing leadership closes it for good and aborts every request in flight.
 */
export class LeaderFence implements WriteGate {
  readonly #controller = new AbortController();
  readonly #clock: Clock;
  #leadership?: Leadership;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  follow(leadership: Leadership): void {
    this.#leadership = leadership;
  }

  refusal(): string | undefined {
    if (this.#controller.signal.aborted) {
      return 'leadership lost';
    }
    if (this.#leadership && this.#clock.now() >= this.#leadership.confirmedUntil()) {
      return 'leadership not confirmed within the renew deadline';
    }
    return undefined;
  }

  /** close refuses every later write and aborts what is in flight. */
  close(reason: string): void {
    this.#controller.abort(new Error(reason));
  }
}
