/**
 * Status pacing: how often the aggregated status of one federated object is written back.
 *
 * While members roll out, their copies' status changes many times a second in all (each member's
 * replicas, then ready, then available, each condition); writing every intermediate sum would cost
 * the federation API server several writes per object and rollout. So a status that finishes a
 * rollout (settled: `kubectl rollout status` stops on it) is written at once, and an intermediate one
 * waits until it has differed from the written status for one interval and an interval has passed
 * since the last write; the latest wanted status is what is written then. A status equal to the
 * written one is never written.
 *
 * A burst (hundreds of Deployments created or rolled at once) would still make one progress write
 * per object whose rollout outlasts the interval, and under a burst most do, since the members start
 * all their pods at once. So while many objects hold progress back, the interval stretches (see
 * progressIntervalMs): their progress is bounded per interval for the whole controller, and their
 * ends, written at once, usually come first.
 */

/** StatusPace is what is remembered of one object between reconciles. */
export interface StatusPace {
  /** since when the wanted status has differed from the written one (unset while they agree). */
  differsSince?: number;
  /** when kubefed last wrote the object's status. */
  writtenAt?: number;
}

export interface StatusPaceInput {
  /** changed: the wanted status differs from the written one. */
  changed: boolean;
  /** settled: the wanted status finishes a rollout (done or failed), so nobody waits for it. */
  settled: boolean;
  pace: StatusPace;
  now: number;
  intervalMs: number;
}

export type StatusDecision = { kind: 'none' } | { kind: 'write' } | { kind: 'wait'; afterMs: number };

export interface StatusPaceResult {
  decision: StatusDecision;
  /** pace to remember, assuming a decided write succeeds; undefined when nothing is worth remembering. */
  pace: StatusPace | undefined;
}

/** paceStatus decides whether the status is written now, later (after afterMs), or not at all. */
export function paceStatus(input: StatusPaceInput): StatusPaceResult {
  const { changed, settled, pace, now, intervalMs } = input;
  const recent = pace.writtenAt !== undefined && now - pace.writtenAt < intervalMs ? pace.writtenAt : undefined;
  if (!changed) {
    return { decision: { kind: 'none' }, pace: recent === undefined ? undefined : { writtenAt: recent } };
  }
  const differsSince = pace.differsSince ?? now;
  const due = Math.max(differsSince, recent ?? differsSince) + intervalMs;
  if (settled || now >= due) {
    return { decision: { kind: 'write' }, pace: { writtenAt: now } };
  }
  return { decision: { kind: 'wait', afterMs: due - now }, pace: { differsSince, ...(recent === undefined ? {} : { writtenAt: recent }) } };
}

export interface ProgressIntervalInput {
  intervalMs: number;
  /** held: objects whose progress is being held back now (this one included). */
  held: number;
  /** perInterval: progress writes per interval that a controller makes without stretching. */
  perInterval: number;
  /** maxStretch bounds the stretch, so that progress is never older than maxStretch intervals. */
  maxStretch: number;
}

/**
 * progressIntervalMs is the interval progress waits: intervalMs while at most perInterval objects hold
 * progress back, longer in proportion beyond (so about perInterval of them are written per interval),
 * and never more than maxStretch × intervalMs.
 */
export function progressIntervalMs(input: ProgressIntervalInput): number {
  const { intervalMs, held, perInterval, maxStretch } = input;
  return intervalMs * Math.min(maxStretch, Math.max(1, held / perInterval));
}
