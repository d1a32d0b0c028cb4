/** CapacityEstimate records that a member could run only so many replicas of one workload. */
export interface CapacityEstimate {
  replicas: number;
  /** nodes is the member's node signature when the estimate was made; a change of nodes voids it. */
  nodes?: string;
  /** at is when the estimate was made (ms since the epoch). */
  at: number;
}

export interface CapacityInput {
  previous: Record<string, CapacityEstimate>;
  /** observed pods per cluster: how many the member was asked for and how many stayed unschedulable too long. */
  observed: Record<string, { requested: number; unschedulable: number }>;
  nodes: Record<string, string | undefined>;
  now: number;
  /** retryMs is how long an estimate holds before kubefed tries the member's full share again. */
  retryMs: number;
}

/**
 * estimateCapacity carries v1's capacity rule (requested minus long-unschedulable pods) across
 * reconciles. v1 forgot the estimate as soon as the excess had moved, so replicas bounced back and
 * forth; here an estimate holds until the member's nodes change (room may have returned) or retryMs
 * passes, and is replaced whenever pods are unschedulable again.
 */
export function estimateCapacity(input: CapacityInput): Record<string, CapacityEstimate> {
  const estimates: Record<string, CapacityEstimate> = {};
  for (const [cluster, estimate] of Object.entries(input.previous)) {
    const nodesChanged = estimate.nodes !== undefined && input.nodes[cluster] !== undefined && estimate.nodes !== input.nodes[cluster];
    if (!nodesChanged && input.now - estimate.at < input.retryMs) {
      estimates[cluster] = estimate;
    }
  }
  for (const [cluster, { requested, unschedulable }] of Object.entries(input.observed)) {
    if (unschedulable > 0) {
      const replicas = Math.max(0, requested - unschedulable);
      const kept = estimates[cluster];
      estimates[cluster] = kept && kept.replicas <= replicas ? kept : { replicas, nodes: input.nodes[cluster], at: input.now };
    }
  }
  return estimates;
}

/** capacityLimits turns estimates into the planner's capacity map. */
export function capacityLimits(estimates: Record<string, CapacityEstimate>): Record<string, number> {
  return Object.fromEntries(Object.entries(estimates).map(([cluster, estimate]) => [cluster, estimate.replicas]));
}
