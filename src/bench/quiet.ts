// Deciding when the controller-manager has gone quiet: nothing queued, nothing running, no new reconciles or writes. Pure.
import { sumSamples, type Sample, writeMethods } from './prometheus.js';

/** Activity is what one /metrics scrape says about how busy the controller-manager is. */
export interface Activity {
  /** Keys waiting in work queues (delayed requeues are not counted by workqueue_depth). */
  queued: number;
  /** Reconciles running. */
  active: number;
  /** Reconciles finished so far. */
  reconciles: number;
  /** Writes issued so far, to any API server. */
  writes: number;
}

export function activityOf(samples: readonly Sample[]): Activity {
  return {
    queued: sumSamples(samples, 'workqueue_depth'),
    active: sumSamples(samples, 'controller_runtime_active_workers'),
    reconciles: sumSamples(samples, 'controller_runtime_reconcile_total'),
    writes: samples
      .filter((sample) => sample.name === 'rest_client_requests_total' && writeMethods.has(sample.labels.method ?? ''))
      .reduce((total, sample) => total + sample.value, 0),
  };
}

/**
 * QuietDetector is fed scrapes in time order and says when the controller-manager has been idle for
 * `quietMs`: empty queues, no reconcile running, and no reconcile or write finished in that window. It
 * reports the moment the idle stretch began, which is when the work really ended.
 */
export class QuietDetector {
  #since?: number;
  #last?: Activity;

  constructor(readonly quietMs: number) {}

  /** observe returns the start of the idle stretch once it has lasted quietMs, else undefined. */
  observe(now: number, activity: Activity): number | undefined {
    const idle = activity.queued === 0 && activity.active === 0;
    const unchanged = this.#last !== undefined && this.#last.reconciles === activity.reconciles && this.#last.writes === activity.writes;
    if (!idle) {
      this.#since = undefined;
    } else if (!unchanged || this.#since === undefined) {
      this.#since = now;
    }
    this.#last = activity;
    return this.#since !== undefined && now - this.#since >= this.quietMs ? this.#since : undefined;
  }
}
