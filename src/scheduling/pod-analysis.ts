/** The parts of a Pod that the analysis reads. */
export interface PodLike {
  status?: {
    phase?: string;
    conditions?: { type: string; status: string; reason?: string; lastTransitionTime?: string }[];
  };
}

/** How many of a member's pods serve, and how many the member's scheduler has failed to place for a while. */
export interface PodAnalysis {
  runningAndReady: number;
  unschedulable: number;
}

/**
 * v1's pod analyser (util/podanalyzer): a Running pod with Ready=True counts as running and ready
 * (v1 ignored the Ready status); a pod that is not Running and has been PodScheduled=False with
 * reason Unschedulable for longer than the threshold counts as unschedulable. Each pod counts once.
 */
export function analyzePods(pods: PodLike[], now: Date, unschedulableThresholdMs = 60_000): PodAnalysis {
  let runningAndReady = 0;
  let unschedulable = 0;
  for (const pod of pods) {
    const conditions = pod.status?.conditions ?? [];
    if (pod.status?.phase === 'Running') {
      if (conditions.some((c) => c.type === 'Ready' && c.status === 'True')) {
        runningAndReady++;
      }
    } else if (conditions.some((c) => isLongUnschedulable(c, now, unschedulableThresholdMs))) {
      unschedulable++;
    }
  }
  return { runningAndReady, unschedulable };
}

function isLongUnschedulable(
  condition: { type: string; status: string; reason?: string; lastTransitionTime?: string },
  now: Date,
  thresholdMs: number,
): boolean {
  if (condition.type !== 'PodScheduled' || condition.status !== 'False' || condition.reason !== 'Unschedulable') {
    return false;
  }
  // A missing time is Go's zero time, long past, as in v1; an unreadable one is not evidence of anything.
  const since = condition.lastTransitionTime === undefined ? -Infinity : Date.parse(condition.lastTransitionTime);
  return since + thresholdMs < now.getTime();
}
