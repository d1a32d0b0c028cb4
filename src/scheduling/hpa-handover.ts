/** Where a workload's replicas stand in their hand-over to member HPAs. */
export interface HpaHandOverInput {
  /** clusters the workload is placed on. */
  clusters: string[];
  /** requested is what each member's copy asks for now (spec.replicas); absent for a member without a copy. */
  requested: Record<string, number | undefined>;
  /** owned are the members whose HPA owns the replicas: it exists there and targets the workload. */
  owned: string[];
  /**
   * targets are the members where the federated HPAs place an HPA, as they announce it; undefined
   * while one has not announced its members yet.
   */
  targets: string[] | undefined;
}

/** isHandedToHpa says whether a workload's replicas belong to member HPAs (or are on their way to them). */
export function isHandedToHpa(owned: string[], targets: string[] | undefined): boolean {
  return owned.length > 0 || targets === undefined || targets.length > 0;
}

/**
 * handOverToHpa gives a workload's replicas to member HPAs as v1 did (a member with an HPA keeps what
 * it runs, the others get 0), without ever lowering what a member runs before an HPA owns it there.
 * Member HPAs appear one at a time, so while the hand-over is under way every member keeps its
 * replicas; a member the HPAs leave out goes to 0 only once every member they place an HPA in has it.
 * An HPA never scales up from 0 replicas, so a member whose HPA owns (or will own) the replicas runs at least 1.
 */
export function handOverToHpa(input: HpaHandOverInput): Record<string, number> {
  const { clusters, requested, owned, targets } = input;
  const complete = targets !== undefined && targets.every((cluster) => owned.includes(cluster) || !clusters.includes(cluster));
  return Object.fromEntries(
    clusters.map((cluster) => {
      if (owned.includes(cluster) || targets?.includes(cluster)) {
        return [cluster, Math.max(1, requested[cluster] ?? 1)];
      }
      return [cluster, complete ? 0 : (requested[cluster] ?? 0)];
    }),
  );
}
