/** MemberReplicas is what a member's copy of a workload currently asks for and has ready. */
export interface MemberReplicas {
  requested: number;
  ready: number;
}

/**
 * handOver turns a replica plan into the replicas to request now, so that moving replicas never
 * lowers the number of ready replicas: while some cluster has fewer ready replicas than planned, the
 * shrinking clusters give up only as many replicas as are ready beyond the planned total. Later
 * reconciles (triggered when members report ready pods) release the rest. A scale-down where every
 * cluster already has its planned replicas ready is not held back. Clusters are released in name
 * order, so the outcome is deterministic.
 */
export function handOver(plan: Record<string, number>, members: Record<string, MemberReplicas | undefined>): Record<string, number> {
  const clusters = Object.keys(plan).sort();
  const requested = (cluster: string) => members[cluster]?.requested ?? 0;
  const wanting = clusters.some((cluster) => (plan[cluster] ?? 0) > (members[cluster]?.ready ?? 0));
  const shrinking = clusters.filter((cluster) => (plan[cluster] ?? 0) < requested(cluster));
  if (!wanting || shrinking.length === 0) {
    return { ...plan };
  }
  const total = clusters.reduce((sum, cluster) => sum + (plan[cluster] ?? 0), 0);
  const ready = clusters.reduce((sum, cluster) => sum + (members[cluster]?.ready ?? 0), 0);
  let spare = Math.max(0, ready - total);
  const result = { ...plan };
  for (const cluster of shrinking) {
    const cut = Math.min(requested(cluster) - (plan[cluster] ?? 0), spare);
    result[cluster] = requested(cluster) - cut;
    spare -= cut;
  }
  return result;
}
