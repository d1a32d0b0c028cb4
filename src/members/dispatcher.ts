import { errorMessage } from '../kube/errors.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/observability/logger.js';
import { type QueueObserver, WorkQueue } from '../runtime/work-queue.js';

/**
 * TerminalError is a failure that retrying the same work cannot cure (a name clash): the work is
 * dropped until work with another fingerprint arrives for that key.
 */
export class TerminalError extends Error {}

/** Delivery is the work for one key on one member, decided by a reconcile and carried out by the member's queue. */
export interface Delivery {
  /**
   * fingerprint names what is asked (the desired copy's hash, the copy it was decided against): a
   * terminal failure stands for deliveries with the same fingerprint.
   */
  fingerprint: string;
  /**
   * run carries the work out against the member's state when it runs (level-based: it decides again
   * from the member's cache). It may ask to be run again later (a cache still syncing, say).
   */
  run(signal: AbortSignal): Promise<{ retryAfterMs?: number } | void>;
}

export interface DispatcherOptions {
  cluster: string;
  workers: number;
  clock: Clock;
  logger: Logger;
  /** observer receives the work-queue metrics of this member's queue (named member-<cluster>). */
  observer?: (inFlight: () => number[]) => QueueObserver;
  /** terminalRetryMs is how long a terminal failure stands for the same work (a clashing object may go meanwhile). */
  terminalRetryMs: number;
}

/**
 * MemberDispatcher applies reconciles' decisions to one member with workers of its own, a
 * deduplicating work queue with per-key backoff, and no effect on other members: a reconcile hands
 * work over and returns, so a slow or unreachable member holds up nobody but itself. While the
 * member is not ready the dispatcher is paused: work waits (visible as queue depth) and resumes on
 * recovery, instead of failing into backoff.
 */
export class MemberDispatcher {
  readonly cluster: string;
  readonly #options: DispatcherOptions;
  readonly #queue: WorkQueue;
  readonly #pending = new Map<string, Delivery>();
  readonly #terminal = new Map<string, { fingerprint: string; until: number }>();
  readonly #abort = new AbortController();
  #resumers: (() => void)[] = [];
  #workers: Promise<void>[] = [];
  #paused = false;
  #stopping = false;

  constructor(options: DispatcherOptions) {
    this.#options = options;
    this.cluster = options.cluster;
    const observer = options.observer?.(() => this.#queue.processingSince());
    // The depth series exists from the start, so a dashboard shows an idle member as 0, not as missing.
    observer?.depth(0);
    this.#queue = new WorkQueue({ clock: options.clock, observer });
  }

  /** start runs the workers; stop ends them. */
  start(): void {
    this.#workers = Array.from({ length: this.#options.workers }, () => this.#work());
  }

  /** stop takes no more work and waits for the writes in flight (abort first to cut them short). */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#queue.shutDown();
    this.#release();
    await Promise.all(this.#workers);
    this.#pending.clear();
  }

  /**
   * abort cuts the writes in flight short and fails every later one, for good: a member rebuilt with
   * new credentials, or leadership lost (no write may start after it). Work left is dropped; the next
   * dispatcher or leader decides it again.
   */
  abort(): void {
    this.#abort.abort();
  }

  /**
   * dispatch hands over the work for key, replacing work still waiting for it. Work that failed
   * terminally with the same fingerprint is not taken again, and work that is backing off keeps its
   * backoff unless what is asked changed.
   */
  dispatch(key: string, delivery: Delivery): void {
    if (this.#stopping) {
      return;
    }
    if (this.#standsTerminal(key, delivery)) {
      return;
    }
    this.#terminal.delete(key);
    const previous = this.#pending.get(key);
    this.#pending.set(key, delivery);
    if (previous?.fingerprint === delivery.fingerprint && this.#queue.numRequeues(key) > 0) {
      return;
    }
    this.#queue.add(key);
  }

  /** pause holds the work while the member is not ready; resume lets it go on. */
  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    this.#release();
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** depth is how much work waits, paused or not. */
  get depth(): number {
    return this.#queue.len();
  }

  /** isTerminal tells whether the work for key failed terminally and stands. */
  isTerminal(key: string): boolean {
    return this.#terminal.has(key);
  }

  async #work(): Promise<void> {
    for (;;) {
      const key = await this.#queue.get();
      if (key === undefined) {
        return;
      }
      try {
        await this.#whileReady();
        if (!this.#stopping) {
          await this.#process(key);
        }
      } finally {
        this.#queue.done(key);
      }
    }
  }

  async #process(key: string): Promise<void> {
    const delivery = this.#pending.get(key);
    if (!delivery) {
      return;
    }
    // The same work handed over again while it was failing terminally is not run again.
    if (this.#standsTerminal(key, delivery)) {
      this.#settle(key, delivery);
      return;
    }
    try {
      const result = await delivery.run(this.#abort.signal);
      this.#queue.forget(key);
      if (result?.retryAfterMs !== undefined) {
        this.#queue.addAfter(key, result.retryAfterMs);
        return;
      }
      this.#settle(key, delivery);
    } catch (error) {
      if (this.#abort.signal.aborted) {
        return;
      }
      if (error instanceof TerminalError) {
        this.#queue.forget(key);
        this.#terminal.set(key, { fingerprint: delivery.fingerprint, until: this.#options.clock.now() + this.#options.terminalRetryMs });
        this.#settle(key, delivery);
        return;
      }
      // The failure itself was reported (event, log, metric) by whoever ran the work; here it only backs off.
      this.#options.logger.debug('member work failed, will retry', { cluster: this.cluster, key, error: errorMessage(error) });
      this.#queue.addRateLimited(key);
    }
  }

  #standsTerminal(key: string, delivery: Delivery): boolean {
    const terminal = this.#terminal.get(key);
    return terminal?.fingerprint === delivery.fingerprint && this.#options.clock.now() < terminal.until;
  }

  /** settle forgets finished work, unless newer work for the key arrived meanwhile (it runs next). */
  #settle(key: string, delivery: Delivery): void {
    if (this.#pending.get(key) === delivery) {
      this.#pending.delete(key);
    }
  }

  #whileReady(): Promise<void> {
    return this.#paused && !this.#stopping ? new Promise((resolve) => this.#resumers.push(resolve)) : Promise.resolve();
  }

  #release(): void {
    const resumers = this.#resumers;
    this.#resumers = [];
    resumers.forEach((resume) => resume());
  }
}
