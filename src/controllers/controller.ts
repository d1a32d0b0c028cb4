import { randomUUID } from 'node:crypto';
import { errorMessage } from '../kube/errors.js';
import type { Logger } from '../runtime/observability/logger.js';
import type { Metrics } from '../runtime/observability/metrics.js';
import type { Clock } from '../runtime/clock.js';
import { WorkQueue } from '../runtime/work-queue.js';

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

export interface ControllerOptions {
  name: string;
  reconciler: Reconciler;
  workers: number;
  logger: Logger;
  metrics: Metrics;
  clock: Clock;
}

/**
 * Controller runs workers over a deduplicating, rate-limited work queue, following client-go's
 * processNextWorkItem: success forgets the key's backoff, an error requeues it with backoff, and
 * a requested delay requeues it after that delay.
 */
export class Controller {
  readonly name: string;
  readonly queue: WorkQueue;
  readonly #options: ControllerOptions;
  #workers: Promise<void>[] = [];
  #active = 0;

  constructor(options: ControllerOptions) {
    this.#options = options;
    this.name = options.name;
    this.queue = new WorkQueue({
      clock: options.clock,
      observer: options.metrics.queueObserver(options.name, () => this.queue.processingSince()),
    });
  }

  enqueue = (key: string): void => {
    this.queue.add(key);
  };

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
  }

  /** stop takes no new keys and waits until the reconciles in flight have finished. */
  async stop(): Promise<void> {
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
