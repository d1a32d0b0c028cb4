import type { EventRecorder } from '../runtime/events/recorder.js';
import { type KubeObject, splitKey } from '../core/objects.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/observability/logger.js';
import { describeObject, type MemberOutcome, summarizeOutcomes } from '../core/propagation/member-outcomes.js';

/** Reporting is what a member's work reports under: its batch, the federated object (none for a sweep) and the reconcile's logger. */
export interface Reporting {
  batch: string;
  source?: KubeObject;
  key: string;
  logger: Logger;
}

interface Batch {
  waiting: Set<string>;
  outcomes: MemberOutcome[];
  reporting: Reporting;
  timer: unknown;
  /** finishing: a member has finished, so the batch waits at most maxWaitMs more. */
  finishing: boolean;
}

/** Work no member ever reports on (dropped: a clash that stands, a dispatcher stopped) is given up after this many maxWaitMs. */
const abandonAfter = 30;

export interface MemberSummariesOptions {
  controller: string;
  recorder: Pick<EventRecorder, 'record'>;
  clock: Clock;
  /** maxWaitMs bounds how long members that finished wait for the others before their Event is written. */
  maxWaitMs: number;
  /**
   * settled is told, with the object's key, when a batch closes and when a member reports after its batch closed:
   * the object is reconciled once more (status, latency, finalizers) when its members are through, not once per member.
   */
  settled: (key: string) => void;
}

/**
 * MemberSummaries turns the members' outcomes of the work reconciles handed out into one Normal Event
 * and one info line per object and action ("Created configmap "ns/x" in clusters a, b"), instead of
 * one per member: the members finish asynchronously in their dispatchers, so the outcomes of one
 * object's work are collected until every member it was handed to has finished or failed, or
 * maxWaitMs has passed since the first of them finished (a hanging or paused member does not hold the
 * others' Event back; it gets its own). The wait starts at the first finish, not at the hand-over, since
 * in a burst every member's queue holds the work a while, and the members get through it at much the same pace.
 * Failures are not collected: each is a Warning of its own, with that member's error.
 * The same moment asks for the object's next reconcile: one per object and batch instead of one per member
 * (5.5 reconciles per ConfigMap in 3 members before), each seeing every member's write.
 */
export class MemberSummaries {
  readonly #options: MemberSummariesOptions;
  readonly #batches = new Map<string, Batch>();

  constructor(options: MemberSummariesOptions) {
    this.#options = options;
  }

  /** expect notes that cluster was handed work under reporting.batch; its outcome joins the batch's Event. */
  expect(reporting: Reporting, cluster: string): void {
    let batch = this.#batches.get(reporting.batch);
    if (!batch) {
      const opened: Batch = { waiting: new Set(), outcomes: [], reporting, timer: undefined, finishing: false };
      opened.timer = this.#options.clock.setTimeout(() => this.#flush(opened), this.#options.maxWaitMs * abandonAfter);
      this.#batches.set(reporting.batch, opened);
      batch = opened;
    }
    // The newest reconcile's object and logger describe the batch.
    batch.reporting = reporting;
    batch.waiting.add(cluster);
  }

  /**
   * finish reports that cluster's work under reporting.batch ended: with an outcome when it wrote, without one
   * when there was nothing left to do or it failed. An outcome no open batch waits for is reported alone.
   */
  finish(reporting: Reporting, cluster: string, outcome: MemberOutcome | undefined): void {
    const batch = this.#batches.get(reporting.batch);
    if (!batch?.waiting.has(cluster)) {
      if (outcome) {
        this.#report(reporting, [outcome]);
      }
      this.#options.settled(reporting.key);
      return;
    }
    batch.waiting.delete(cluster);
    if (outcome) {
      batch.outcomes.push(outcome);
    }
    if (batch.waiting.size === 0) {
      this.#options.clock.clearTimeout(batch.timer);
      this.#flush(batch);
    } else if (!batch.finishing) {
      const started = batch;
      started.finishing = true;
      this.#options.clock.clearTimeout(started.timer);
      started.timer = this.#options.clock.setTimeout(() => this.#flush(started), this.#options.maxWaitMs);
    }
  }

  #flush(batch: Batch): void {
    if (this.#batches.get(batch.reporting.batch) === batch) {
      this.#batches.delete(batch.reporting.batch);
    }
    this.#report(batch.reporting, batch.outcomes);
    this.#options.settled(batch.reporting.key);
  }

  #report(reporting: Reporting, outcomes: MemberOutcome[]): void {
    const { controller, recorder } = this.#options;
    for (const summary of summarizeOutcomes(controller, describeObject(reporting.source ?? { metadata: splitKey(reporting.key) }), outcomes)) {
      if (reporting.source) {
        recorder.record(reporting.source, 'Normal', summary.reason, summary.message);
      }
      reporting.logger.info(summary.message, {
        action: summary.action,
        clusters: summary.clusters,
        durationMs: summary.durationMs,
      });
    }
  }
}
