import { capacityCodec } from '../../core/annotations/capacity.js';
import { type AnnotationCodec, AnnotationError, readAnnotation, readAnnotationIfValid } from '../../core/annotations/codec.js';
import { placementCodec, replicaShares } from '../../core/annotations/placement.js';
import { type CapacityEstimate, capacityLimits, estimateCapacity } from '../../scheduling/capacity.js';
import { handOver } from '../../scheduling/handover.js';
import { handOverToHpa, isHandedToHpa, isHandOverDone } from '../../scheduling/hpa-handover.js';
import { scheduleReplicas } from '../../scheduling/planner.js';
import { defaultPreferences, type ReplicaPreferences } from '../../scheduling/preferences.js';
import type { RenderWarning } from '../adapter.js';

/** MemberWorkload is what one member's copy asks for, has ready, and cannot schedule (past the threshold). */
export interface MemberWorkload {
  requested: number;
  ready: number;
  unschedulable: number;
}

/** WorkloadObservations is the live state a replica split is planned from. */
export interface WorkloadObservations {
  members: Record<string, MemberWorkload>;
  nodes: Record<string, string | undefined>;
  /** hpaClusters are the members where a member HPA targets this workload. */
  hpaClusters: string[];
  /**
   * hpaTargets are the members where the federated HPAs that target this workload place an HPA, as
   * they announce it (federation.kubefed.dev/hpa-clusters); undefined while one has not announced yet.
   */
  hpaTargets: string[] | undefined;
}

export interface WorkloadPlanInput {
  key: string;
  replicas: number;
  clusters: string[];
  annotations: Record<string, string>;
  /** preferences reads the kind's preferences annotation (deployment- or replica-set-preferences). */
  preferences: AnnotationCodec<ReplicaPreferences>;
  observations: WorkloadObservations;
  now: number;
  capacityRetryMs: number;
}

export interface WorkloadPlan {
  /** replicas to request from each placed cluster now. */
  replicas: Record<string, number>;
  /** hpaClusters have a member HPA that owns spec.replicas there. */
  hpaClusters: string[];
  annotations: Record<string, string | null>;
  warnings: RenderWarning[];
  /** requeueAfterMs asks for another look while pods are pending or an estimate is due to expire. */
  requeueAfterMs?: number;
}

const unsettledRecheckMs = 10_000;

/**
 * planWorkload decides each member's replicas for a replica-split workload. v1's planner splits them,
 * with the last placement as "current" and with remembered capacity limits; the result is handed over
 * without losing ready replicas, and unusable preferences keep the last placement. Where a federated
 * HPA places member HPAs (v1's hpa-target-cluster-list), those take the replicas over instead (see
 * handOverToHpa): the split then only matters until every member HPA is there, and members left out
 * are kept at 0 afterwards, not deleted, so an HPA finds its target.
 */
export function planWorkload(input: WorkloadPlanInput): WorkloadPlan {
  const { observations, clusters } = input;
  const { hpaClusters, hpaTargets } = observations;
  const unsettled = Object.values(observations.members).some((member) => member.requested !== member.ready);
  const requeueAfterMs = unsettled ? unsettledRecheckMs : undefined;
  const split = splitWorkload(input, requeueAfterMs);
  if (!isHandedToHpa(hpaClusters, hpaTargets)) {
    return split;
  }
  const requested = Object.fromEntries(Object.entries(observations.members).map(([cluster, member]) => [cluster, member.requested]));
  const handover = { clusters, requested, owned: hpaClusters, targets: hpaTargets, split: split.replicas };
  // The HPAs own the replicas: the split is not recorded, and its warnings matter only until they all have them.
  const warnings = isHandOverDone(handover) ? [] : split.warnings;
  return { replicas: handOverToHpa(handover), hpaClusters, annotations: {}, warnings, requeueAfterMs };
}

function splitWorkload(input: WorkloadPlanInput, requeueAfterMs: number | undefined): WorkloadPlan {
  const { observations, annotations, clusters } = input;
  const previous = replicaShares(readAnnotationIfValid(placementCodec, annotations));
  let preferences: ReplicaPreferences;
  try {
    preferences = readAnnotation(input.preferences, annotations) ?? defaultPreferences;
  } catch (error) {
    if (!(error instanceof AnnotationError)) {
      throw error;
    }
    const warning = { reason: 'InvalidPreferences', message: `${error.message}; keeping the last placement` };
    if (previous) {
      const kept = Object.fromEntries(clusters.map((cluster) => [cluster, previous[cluster] ?? 0]));
      return { replicas: handOver(kept, observations.members), hpaClusters: [], annotations: {}, warnings: [warning], requeueAfterMs };
    }
    preferences = defaultPreferences;
    warning.message = `${error.message}; using the default placement`;
    return { ...planWith(input, preferences, previous, requeueAfterMs), warnings: [warning] };
  }
  return planWith(input, preferences, previous, requeueAfterMs);
}

function planWith(input: WorkloadPlanInput, preferences: ReplicaPreferences, previous: Record<string, number> | undefined, requeueAfterMs?: number): WorkloadPlan {
  const { observations, clusters, now } = input;
  const inPlacement = (estimates: Record<string, CapacityEstimate>) =>
    Object.fromEntries(Object.entries(estimates).filter(([cluster]) => clusters.includes(cluster)));
  const estimates = inPlacement(
    estimateCapacity({
      previous: readAnnotationIfValid(capacityCodec, input.annotations) ?? {},
      observed: observations.members,
      nodes: observations.nodes,
      now,
      retryMs: input.capacityRetryMs,
    }),
  );
  // Without rebalance the planner keeps replicas where they are: where the last placement put them.
  // v1 counted running and ready pods instead, so a pod that was still starting looked like a replica
  // the member could not run and the split moved on every rollout. Replicas move only for what the user
  // can see: preferences, placement (cluster readiness, selector), capacity estimates, rebalance. A
  // member whose replicas moved away during a failover has none in the last placement, so it does not
  // reclaim them. Copies that exist without a placement (adopted ones) keep what they ask for.
  const current =
    previous ?? Object.fromEntries(Object.entries(observations.members).map(([cluster, member]) => [cluster, member.requested]));
  const plan = scheduleReplicas({ replicas: input.replicas, clusters, key: input.key, preferences, current, capacity: capacityLimits(estimates) });
  const warnings: RenderWarning[] = [];
  if (input.replicas > 0 && clusters.length > 0 && Object.values(plan).every((replicas) => replicas === 0)) {
    warnings.push({
      reason: 'NoReplicasPlaced',
      message: 'the preferences give no placed cluster any replicas (a cluster needs its own entry or a "*" entry with weight or minReplicas)',
    });
  }
  const expiries = Object.values(estimates).map((estimate) => estimate.at + input.capacityRetryMs - now);
  const wait = [requeueAfterMs, ...expiries].filter((value): value is number => value !== undefined);
  return {
    replicas: handOver(plan, observations.members),
    hpaClusters: [],
    annotations: {
      [placementCodec.annotation]: placementCodec.encode(plan),
      [capacityCodec.annotation]: Object.keys(estimates).length > 0 ? capacityCodec.encode(estimates) : null,
    },
    warnings,
    requeueAfterMs: wait.length > 0 ? Math.max(1_000, Math.min(...wait)) : undefined,
  };
}
