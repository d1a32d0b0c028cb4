import {
  isMaxNeeded,
  isMaxReducible,
  isMinIncreasable,
  isMinReducible,
  type LocalHpa,
  type ScaleClock,
} from './hpa-predicates.js';
import { type Bounds, finalise, reduceExcess, roundRobin, type States } from './hpa-steps.js';

export type { LocalHpa } from './hpa-predicates.js';

/** The min and max replicas of one cluster's HPA. */
export interface HpaBounds {
  minReplicas: number;
  maxReplicas: number;
}

/** The federated HPA's bounds, the selected clusters, and the HPA each of them already has. */
export interface HpaInput {
  minReplicas?: number;
  maxReplicas: number;
  clusters: string[];
  local: Record<string, LocalHpa | undefined>;
  now: Date;
  scaleForbiddenWindowMs: number;
}

// One split in progress. Every list is in ascending cluster-name order, and donors are taken from the front.
interface Split {
  order: string[];
  states: States;
  local: (cluster: string) => LocalHpa | undefined;
  clock: ScaleClock;
  chunk: Bounds;
  maxDonors: string[];
  minDonors: string[];
  noHpa: string[];
}

/**
 * v1's federated HPA split (getHpaScheduleState): shrink when the fed bounds shrank, move single units
 * from donors to clusters that need them, hand the rest out in chunks of max(2, ⌊max/N⌋) and
 * max(1, ⌊min/N⌋), new clusters first. Where v1 walked a Go map or popped "any" donor, clusters and
 * donors are taken in ascending name order. Unlike v1 every loop ends, and each cluster gets either
 * no HPA (undefined) or 1 <= min <= max.
 */
export function distributeHpa(input: HpaInput): Record<string, HpaBounds | undefined> {
  const requested = { min: input.minReplicas ?? 1, max: input.maxReplicas };
  for (const [bound, value] of Object.entries(requested)) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`hpa: ${bound}Replicas must be a non-negative integer, got ${value}`);
    }
  }
  const order = [...new Set(input.clusters)].sort();
  if (order.length === 0) {
    return {};
  }
  const split: Split = {
    order,
    states: new Map(),
    local: (cluster) => (Object.hasOwn(input.local, cluster) ? input.local[cluster] : undefined),
    clock: { now: input.now, scaleForbiddenWindowMs: input.scaleForbiddenWindowMs },
    // max at least 2, so that clusters are not all stuck at min == max == 1 with nothing left to move.
    chunk: {
      min: Math.max(1, Math.floor(requested.min / order.length)),
      max: Math.max(2, Math.floor(requested.max / order.length)),
    },
    maxDonors: [],
    minDonors: [],
    noHpa: [],
  };
  const existing = survey(split);
  const { states, maxDonors, minDonors } = split;

  // The fed bounds shrank below the members' total: take from donors, then round-robin. v1 took max
  // down to min - 1 (even to -1), which members reject, and could then spin forever; we stop at
  // max == min, which always suffices for a valid fed HPA (min <= max), and only for an invalid one
  // go on towards 0 (no HPA there), finalise then lowering min to max.
  const takeMin = (state: Bounds): void => {
    state.min--;
  };
  const takeMax = (state: Bounds): void => {
    state.max--;
  };
  reduceExcess(existing.min - requested.min, minDonors, order, states, (s) => s.min > 1, [(s) => s.min > 0], takeMin);
  const aboveMin = (s: Bounds): boolean => s.max > s.min;
  reduceExcess(existing.max - requested.max, maxDonors, order, states, aboveMin, [aboveMin, (s) => s.max > 0], takeMax);

  // Each remaining donor unit counts as distributable and moves to a recipient, keeping the total.
  distributeMax(split, Math.max(0, requested.max - existing.max) + maxDonors.length);
  distributeMin(split, Math.max(0, requested.min - existing.min) + minDonors.length);
  return finalise(order, states);
}

// Pass 1 of v1: current bounds, donors, clusters without an HPA, and the members' totals.
function survey(split: Split): Bounds {
  const existing = { min: 0, max: 0 };
  for (const cluster of split.order) {
    const hpa = split.local(cluster);
    split.states.set(cluster, hpa && { min: hpa.minReplicas ?? 0, max: hpa.maxReplicas });
    if (hpa === undefined) {
      split.noHpa.push(cluster);
      continue;
    }
    if (isMaxReducible(hpa, split.clock)) {
      split.maxDonors.push(cluster);
    }
    if (isMinReducible(hpa, split.clock)) {
      split.minDonors.push(cluster);
    }
    existing.min += hpa.minReplicas ?? 0;
    existing.max += hpa.maxReplicas;
  }
  return existing;
}

// v1's distributeMaxReplicas: a unit to each member at its max, then new clusters first, donors first.
function distributeMax(split: Split, left: number): void {
  const { order, states, maxDonors, noHpa } = split;
  const takeDonor = (): boolean => {
    const donor = maxDonors.shift();
    const state = donor === undefined ? undefined : states.get(donor);
    if (state !== undefined) {
      state.max--;
    }
    return donor !== undefined;
  };
  for (const cluster of order) {
    const state = states.get(cluster);
    const hpa = split.local(cluster);
    if (left > 0 && state !== undefined && hpa !== undefined && isMaxNeeded(hpa, split.clock)) {
      state.max++;
      takeDonor();
      left--;
    }
  }
  // With every member holding its HPA, a donor's spare unit moves only to a member that needs it (above):
  // handed round in name order it would shuffle bounds between members that need nothing (v1 did).
  if (noHpa.length === 0) {
    left -= maxDonors.length;
    maxDonors.length = 0;
  }
  const targets = noHpa.length > 0 ? noHpa : order;
  while (left > 0) {
    for (const cluster of targets) {
      if (left > 0) {
        const state = states.get(cluster) ?? { min: 0, max: 0 };
        states.set(cluster, state);
        const amount = takeDonor() ? 1 : Math.min(split.chunk.max, left);
        state.max += amount;
        left -= amount;
      }
    }
  }
}

// v1's distributeMinReplicas, to the clusters that have a max by now, with an exit v1 lacked.
function distributeMin(split: Split, left: number): void {
  const { order, states, minDonors, noHpa } = split;
  // One unit from a donor, or `amount` new units once no donor is left.
  const give = (state: Bounds, amount: number): void => {
    const donor = minDonors.shift();
    const donorState = donor === undefined ? undefined : states.get(donor);
    if (donorState !== undefined) {
      donorState.min--;
    }
    const given = donor === undefined ? amount : 1;
    state.min += given;
    left -= given;
  };
  for (const cluster of order) {
    const state = states.get(cluster);
    const hpa = split.local(cluster);
    // The predicate reads the member's HPA; the state may have given max away since (v1 then made max < min).
    const increasable = state && hpa && isMinIncreasable(hpa, split.clock) && state.min < state.max;
    if (left > 0 && minDonors.length > 0 && increasable) {
      give(state, 1);
    }
  }
  // As for max: with every member holding its HPA, min moves only to a member that needs it.
  if (noHpa.length === 0) {
    left -= minDonors.length;
    minDonors.length = 0;
  }
  const targets = noHpa.length > 0 ? noHpa : order;
  let progressed = true;
  while (left > 0 && progressed) {
    progressed = false;
    for (const cluster of targets) {
      const state = states.get(cluster);
      const amount = Math.min(split.chunk.min, left);
      if (state !== undefined && amount > 0 && state.max - amount >= state.min) {
        give(state, amount);
        progressed = true;
      }
    }
  }
  // v1 looped forever here when no target had room for a chunk; hand single units to any cluster with room.
  roundRobin(order, states, left, (s) => s.min < s.max, (state) => give(state, 1));
}
