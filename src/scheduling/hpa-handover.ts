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
  /** split is what the replica planner gives each member, as if there were no HPA. */
  split: Record<string, number>;
}

/** isHandedToHpa says whether a workload's replicas belong to member HPAs (or are on their way to them). */
export function isHandedToHpa(owned: string[], targets: string[] | undefined): boolean {
  return owned.length > 0 || targets === undefined || targets.length > 0;
}

/** isHandOverDone: every placed member the HPAs announced has its HPA. */
export function isHandOverDone({ clusters, owned, targets }: Pick<HpaHandOverInput, 'clusters' | 'owned' | 'targets'>): boolean {
  return targets !== undefined && targets.every((cluster) => owned.includes(cluster) || !clusters.includes(cluster));
}

/**
 * handOverToHpa gives a workload's replicas to member HPAs as v1 did (a member with an HPA keeps what
 * it runs, the others get 0), without ever lowering what a member runs before an HPA owns it there.
 * Member HPAs appear one at a time, so while the hand-over is under way a member without its HPA yet
 * keeps what it asks for, or gets its split if that is more (a workload created together with its
 * HPA starts with its split); a member the HPAs leave out goes to 0 only once every member they
 * announced has its HPA. An HPA never scales up from 0 replicas, so a member whose HPA owns (or will
 * own) the replicas runs at least 1.
 */
export function handOverToHpa(input: HpaHandOverInput): Record<string, number> {
  const { clusters, requested, owned, targets, split } = input;
  const done = isHandOverDone(input);
  return Object.fromEntries(
    clusters.map((cluster) => {
      if (owned.includes(cluster)) {
        return [cluster, Math.max(1, requested[cluster] ?? 1)];
      }
      if (done) {
        return [cluster, 0];
      }
      const kept = Math.max(requested[cluster] ?? 0, split[cluster] ?? 0);
      return [cluster, targets?.includes(cluster) ? Math.max(1, kept) : kept];
    }),
  );
}
