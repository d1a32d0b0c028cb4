import { fnv1Hash32 } from './fnv.js';
import type { ClusterPreferences, ReplicaPreferences } from './preferences.js';

/** What to place: `current` is what each cluster runs now, `capacity` how many it can run at most. */
export interface PlanInput {
  replicas: number;
  clusters: string[];
  /** `namespace/name`; it salts the tie-break hash so small objects do not all land on one cluster. */
  key: string;
  preferences: ReplicaPreferences;
  current?: Record<string, number>;
  capacity?: Record<string, number>;
}

/** Replicas per cluster (every input cluster, zeros included) and the extra a capacity-bound cluster could take. */
export interface Plan {
  replicas: Record<string, number>;
  overflow: Record<string, number>;
}

interface Candidate {
  cluster: string;
  hash: number;
  preference: ClusterPreferences;
}

/**
 * v1's `Planner.Plan`: minimums, then (without rebalance) keep what already runs, then weighted rounds
 * rounding up, bounded by maxReplicas and capacity. The sum can fall short of `replicas` when limits bind.
 * Preferences must hold non-negative integers, as parsePreferences guarantees.
 */
export function planReplicas(input: PlanInput): Plan {
  const { replicas, key, preferences } = input;
  if (!Number.isSafeInteger(replicas) || replicas < 0) {
    throw new RangeError(`planner: replicas must be a non-negative integer, got ${replicas}`);
  }
  const clusters = [...new Set(input.clusters)];
  const plan = new Map<string, number>();
  const candidates: Candidate[] = [];
  for (const cluster of clusters) {
    const preference = own(preferences.clusters, cluster) ?? own(preferences.clusters, '*');
    if (preference === undefined) {
      plan.set(cluster, 0);
    } else {
      candidates.push({ cluster, hash: fnv1Hash32(cluster + key), preference });
    }
  }
  candidates.sort(byWeightThenHash);
  // A negative estimate (more unschedulable pods than spec.replicas) means no room, not a negative plan.
  const capacityOf = (cluster: string): number | undefined => {
    const capacity = own(input.capacity, cluster);
    return capacity === undefined ? undefined : Math.max(0, capacity);
  };
  const planned = (cluster: string): number => plan.get(cluster) ?? 0;

  let remaining = replicas;
  for (const { cluster, preference } of candidates) {
    const minimum = Math.min(preference.minReplicas, remaining, capacityOf(cluster) ?? Infinity);
    remaining -= minimum;
    plan.set(cluster, minimum);
  }

  // Without rebalance, replicas already running stay put, up to max and capacity.
  const preallocated = new Map<string, number>();
  if (!preferences.rebalance) {
    for (const { cluster, preference } of candidates) {
      const count = own(input.current, cluster);
      if (count !== undefined && count > planned(cluster)) {
        const target = Math.min(count, preference.maxReplicas ?? Infinity, capacityOf(cluster) ?? Infinity);
        const extra = Math.max(0, Math.min(target - planned(cluster), remaining));
        remaining -= extra;
        preallocated.set(cluster, extra);
        plan.set(cluster, planned(cluster) + extra);
      }
    }
  }

  const overflow = new Map<string, number>();
  let open = candidates;
  let modified = true;
  while (modified && remaining > 0) {
    modified = false;
    const weightSum = open.reduce((sum, { preference }) => sum + BigInt(preference.weight), 0n);
    const distribute = remaining;
    const stillOpen: Candidate[] = [];
    for (const candidate of open) {
      if (weightSum <= 0n) {
        break;
      }
      const { cluster, preference } = candidate;
      const start = planned(cluster);
      let extra = Math.min(ceilShare(distribute, preference.weight, weightSum), remaining);
      // Replicas preallocated above count against this round's share before anything new is added.
      const used = Math.min(extra, preallocated.get(cluster) ?? 0);
      preallocated.set(cluster, (preallocated.get(cluster) ?? 0) - used);
      extra -= used;
      modified ||= used > 0;
      let total = start + extra;
      let full = false;
      if (preference.maxReplicas !== undefined && total > preference.maxReplicas) {
        total = preference.maxReplicas;
        full = true;
      }
      const capacity = capacityOf(cluster);
      if (capacity !== undefined && total > capacity) {
        overflow.set(cluster, total - capacity);
        total = capacity;
        full = true;
      }
      if (!full) {
        stillOpen.push(candidate);
      }
      remaining -= total - start;
      plan.set(cluster, total);
      modified ||= total > start;
    }
    open = stillOpen;
  }

  if (!preferences.rebalance) {
    // Without rebalance, overflow is only what could not be placed anywhere.
    for (const [cluster, value] of overflow) {
      const trimmed = Math.min(value, remaining);
      if (trimmed > 0) {
        overflow.set(cluster, trimmed);
      } else {
        overflow.delete(cluster);
      }
    }
  }
  return { replicas: sortedRecord(plan), overflow: sortedRecord(overflow) };
}

/** What the RS/Deployment scheduling adapter applies: the plan with overflow added on top (v1 §3.2). */
export function scheduleReplicas(input: PlanInput): Record<string, number> {
  const { replicas, overflow } = planReplicas(input);
  for (const [cluster, extra] of Object.entries(overflow)) {
    replicas[cluster] = (replicas[cluster] ?? 0) + extra;
  }
  return replicas;
}

// Weight descending, then hash ascending; the name only breaks hash collisions, which Go left to sort order.
function byWeightThenHash(a: Candidate, b: Candidate): number {
  return b.preference.weight - a.preference.weight || a.hash - b.hash || compareNames(a.cluster, b.cluster);
}

// ceil(distribute * weight / weightSum) in integers, as Go's int64 `(d*w + W - 1) / W`, without float error.
function ceilShare(distribute: number, weight: number, weightSum: bigint): number {
  return Number((BigInt(distribute) * BigInt(weight) + weightSum - 1n) / weightSum);
}

function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedRecord(map: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...map].sort(([a], [b]) => compareNames(a, b)));
}
