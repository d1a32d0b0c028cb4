import { randomUUID } from 'node:crypto';
import { errorMessage } from '../kube/errors.js';
import type { Logger } from '../runtime/observability/logger.js';
import type { Metrics } from '../runtime/observability/metrics.js';
import type { Clock } from '../runtime/clock.js';
import type { Runnable } from '../runtime/runnable.js';
import { WorkQueue } from '../runtime/work-queue.js';
import { Resync } from './resync.js';

/** ReconcileResult asks for another pass after a delay; an empty result means done until the next change. */
export interface ReconcileResult {
  requeueAfterMs?: number;
}

/** ReconcileContext carries what one reconcile needs to log and trace itself. */
export interface ReconcileContext {
  reconcileID: string;
  logger: Logger;
}

/** Reconciler is controller-runtime's contract: bring one key to its desired state, level-based. */
export interface Reconciler {
  reconcile(key: string, context: ReconcileContext): Promise<ReconcileResult>;
}

/** CachedController is a controller with the caches it reads: the manager starts and syncs the caches before the controller. */
export interface CachedController {
  readonly caches: Runnable[];
  readonly controller: Controller;
  /** waitForSync resolves once the caches the controller cannot work without have synced. */
  waitForSync(): Promise<void>;
}

export interface ControllerOptions {
  name: string;
  reconciler: Reconciler;
  workers: number;
  logger: Logger;
  metrics: Metrics;
  clock: Clock;
  /** keys lists every key the controller is responsible for; all of them are queued at start and on each resync. */
  keys: () => Iterable<string>;
  /** resyncMs re-queues every key periodically, a safety net for anything a watch missed. */
  resyncMs: number;
}

/**
 * Controller runs workers over a deduplicating, rate-limited work queue, following client-go's
 * processNextWorkItem: success forgets the key's backoff, an error requeues it with backoff, and
 * a requested delay requeues it after that delay. It queues every key when it starts and again on
 * every resync.
 */
export class Controller implements Runnable {
  readonly name: string;
  readonly queue: WorkQueue;
  readonly #options: ControllerOptions;
  readonly #resync: Resync;
  #workers: Promise<void>[] = [];
  #active = 0;

  constructor(options: ControllerOptions) {
    this.#options = options;
    this.name = options.name;
    this.queue = new WorkQueue({
      clock: options.clock,
      observer: options.metrics.queueObserver(options.name, () => this.queue.processingSince()),
    });
    this.#resync = new Resync(options.clock, options.resyncMs, () => this.enqueueAll());
  }

  enqueue = (key: string): void => {
    this.queue.add(key);
  };

  /** enqueueAll queues every key the controller is responsible for. */
  enqueueAll(): void {
    for (const key of this.#options.keys()) {
      this.queue.add(key);
    }
  }

  start(): void {
    const { metrics, workers, name } = this.#options;
    metrics.maxConcurrentReconciles.set({ controller: name }, workers);
    metrics.activeWorkers.set({ controller: name }, 0);
    // As controller-runtime does: the series exist from the start, so rate() and increase() see the first error.
    metrics.reconcileErrors.inc({ controller: name }, 0);
    for (const result of ['success', 'error', 'requeue_after']) {
      metrics.reconcileTotal.inc({ controller: name, result }, 0);
    }
    this.#workers = Array.from({ length: workers }, () => this.#work());
    this.#resync.start();
    this.enqueueAll();
  }

  /** stop ends the resync, takes no new keys and waits until the reconciles in flight have finished. */
  async stop(): Promise<void> {
    this.#resync.stop();
    await this.queue.shutDownWithDrain();
    await Promise.all(this.#workers);
  }

  async #work(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) {
        return;
      }
      await this.#process(key);
    }
  }

  async #process(key: string): Promise<void> {
    const { reconciler, metrics, logger, name } = this.#options;
    const reconcileID = randomUUID();
    const started = performance.now();
    this.#active += 1;
    metrics.activeWorkers.set({ controller: name }, this.#active);
    try {
      const result = await reconciler.reconcile(key, { reconcileID, logger: logger.child({ controller: name, reconcileID }) });
      this.queue.forget(key);
      if (result.requeueAfterMs !== undefined) {
        this.queue.addAfter(key, result.requeueAfterMs);
        metrics.reconcileTotal.inc({ controller: name, result: 'requeue_after' });
      } else {
        metrics.reconcileTotal.inc({ controller: name, result: 'success' });
      }
    } catch (error) {
      metrics.reconcileTotal.inc({ controller: name, result: 'error' });
      metrics.reconcileErrors.inc({ controller: name });
      logger.warn('reconcile failed, will retry', {
        controller: name,
        key,
        reconcileID,
        retries: this.queue.numRequeues(key),
        error: errorMessage(error),
      });
      this.queue.addRateLimited(key);
    } finally {
      metrics.reconcileTime.observe({ controller: name }, (performance.now() - started) / 1000);
      this.#active -= 1;
      metrics.activeWorkers.set({ controller: name }, this.#active);
      this.queue.done(key);
    }
  }
}
