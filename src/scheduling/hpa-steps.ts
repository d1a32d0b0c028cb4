/** The min and max a cluster's HPA is heading for while the federated HPA is being split. */
export interface Bounds {
  min: number;
  max: number;
}

/** Per cluster: the bounds so far, or undefined while the cluster has no HPA. */
export type States = Map<string, Bounds | undefined>;

/** A test on one cluster's bounds. */
export type BoundsCondition = (state: Bounds) => boolean;

/**
 * Removes `excess` units (taken one by one with `take`): first once from each donor that passes
 * `donorCondition`, in list order, removing it from `donors`; then round-robin over `order` under
 * each of `conditions` in turn. Returns what could not be removed.
 */
export function reduceExcess(
  excess: number,
  donors: string[],
  order: readonly string[],
  states: States,
  donorCondition: BoundsCondition,
  conditions: readonly BoundsCondition[],
  take: (state: Bounds) => void,
): number {
  for (const donor of [...donors]) {
    const state = states.get(donor);
    if (excess <= 0) {
      break;
    }
    if (state !== undefined && donorCondition(state)) {
      take(state);
      donors.splice(donors.indexOf(donor), 1);
      excess--;
    }
  }
  for (const condition of conditions) {
    excess = roundRobin(order, states, excess, condition, take);
  }
  return excess;
}

/**
 * Applies one unit per qualifying cluster per pass, in `order`, until `amount` is used up or a whole
 * pass finds no qualifying cluster (v1's loops had no such exit). Returns what is left of `amount`.
 */
export function roundRobin(
  order: readonly string[],
  states: States,
  amount: number,
  qualifies: BoundsCondition,
  apply: (state: Bounds) => void,
): number {
  let progressed = true;
  while (amount > 0 && progressed) {
    progressed = false;
    for (const cluster of order) {
      const state = states.get(cluster);
      if (amount > 0 && state !== undefined && qualifies(state)) {
        apply(state);
        amount--;
        progressed = true;
      }
    }
  }
  return amount;
}

/**
 * The final HPA bounds per cluster. v1 raised a min of 0 to 1; we also give no HPA where max is 0
 * and lower a min above max to max, since the member API server rejects both.
 */
export function finalise(
  order: readonly string[],
  states: States,
): Record<string, { minReplicas: number; maxReplicas: number } | undefined> {
  const result: Record<string, { minReplicas: number; maxReplicas: number } | undefined> = {};
  for (const cluster of order) {
    const state = states.get(cluster);
    result[cluster] =
      state === undefined || state.max <= 0
        ? undefined
        : { minReplicas: Math.max(1, Math.min(state.min, state.max)), maxReplicas: state.max };
  }
  return result;
}
