import type { Condition } from '../core/objects.js';
import { contentHash } from '../core/propagation/canonical.js';
import type { ClusterObject } from './cluster.js';

/** ProbeOutcome is one health probe of a member's API server. */
export interface ProbeOutcome {
  ok: boolean;
  /** reachable is false when no HTTP answer came back at all (v1's Offline condition). */
  reachable: boolean;
  reason: string;
  message: string;
}

/** HealthState is the running verdict: readiness changes only after enough probes agree. */
export interface HealthState {
  ready?: boolean;
  failures: number;
  successes: number;
  outcome?: ProbeOutcome;
}

export interface Thresholds {
  failureThreshold: number;
  successThreshold: number;
}

/** nextHealth folds one probe into the state, so a single lost probe does not move workloads. */
export function nextHealth(state: HealthState, outcome: ProbeOutcome, thresholds: Thresholds): HealthState {
  const failures = outcome.ok ? 0 : state.failures + 1;
  const successes = outcome.ok ? state.successes + 1 : 0;
  let ready = state.ready;
  if (outcome.ok && successes >= thresholds.successThreshold) {
    ready = true;
  } else if (!outcome.ok && failures >= thresholds.failureThreshold) {
    ready = false;
  }
  // The outcome shown in conditions changes together with the verdict, not with every probe.
  const shown = ready === state.ready && state.outcome ? state.outcome : outcome;
  return { ready, failures, successes, outcome: shown };
}

export interface Topology {
  zones: string[];
  region?: string;
  /** nodes is a signature of the schedulable nodes and their allocatable resources. */
  nodes: string;
}

type ClusterStatus = NonNullable<ClusterObject['status']>;

/**
 * clusterStatus is the status to write for a verdict. Transition and probe times move only when a
 * condition changes, so a steady member causes no writes at all.
 */
export function clusterStatus(
  previous: ClusterStatus | undefined,
  health: HealthState,
  topology: Topology | undefined,
  now: Date,
  unsynced: UnsyncedKind[] = [],
): ClusterStatus {
  const outcome = health.outcome;
  if (health.ready === undefined || !outcome) {
    return previous ?? {};
  }
  const ready: Condition = health.ready
    ? { type: 'Ready', status: 'True', reason: 'ClusterReady', message: outcome.ok ? outcome.message : '/readyz responded with ok' }
    : { type: 'Ready', status: 'False', reason: outcome.reason, message: outcome.message };
  const offline: Condition = health.ready || outcome.reachable
    ? { type: 'Offline', status: 'False', reason: 'ClusterReachable', message: 'cluster is reachable' }
    : { type: 'Offline', status: 'True', reason: 'ClusterNotReachable', message: 'cluster is not reachable' };
  const kinds = kindsCondition(previous?.conditions, unsynced);
  const conditions = [ready, offline, ...(kinds ? [kinds] : [])].map((condition) => carryTimes(condition, previous?.conditions, now));
  const zones = topology?.zones ?? previous?.zones;
  const region = topology ? topology.region : previous?.region;
  return {
    conditions,
    ...(zones && zones.length > 0 ? { zones } : {}),
    ...(region ? { region } : {}),
    // Written by the federated reconcilers (see PendingReleases), carried so this patch never clears it.
    ...(previous?.pendingReleases ? { pendingReleases: previous.pendingReleases } : {}),
  };
}

/** UnsyncedKind is a kind whose cache cannot sync in a member (no permission there, or not served), and why. */
export interface UnsyncedKind {
  kind: string;
  problem: string;
}

/**
 * kindsCondition names the kinds a member cannot receive because their cache cannot sync there
 * (KindsSynced False). It appears with the first such kind and then stays, True once all sync
 * again, so members that never had the problem carry no extra condition (and cause no writes).
 */
export function kindsCondition(previous: Condition[] | undefined, unsynced: UnsyncedKind[]): Condition | undefined {
  if (unsynced.length > 0) {
    const message = unsynced.map((entry) => `${entry.kind}: ${entry.problem}`).join('; ');
    return { type: 'KindsSynced', status: 'False', reason: 'KindNotSynced', message: `not propagated to this cluster: ${message}` };
  }
  const before = previous?.find((condition) => condition.type === 'KindsSynced');
  return before ? { type: 'KindsSynced', status: 'True', reason: 'KindsSynced', message: 'every kind is synced' } : undefined;
}

function carryTimes(condition: Condition, previous: Condition[] | undefined, now: Date): Condition {
  const before = previous?.find((candidate) => candidate.type === condition.type);
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const statusSame = before?.status === condition.status;
  const same = statusSame && before?.reason === condition.reason && before?.message === condition.message;
  return {
    ...condition,
    lastProbeTime: same ? (before?.lastProbeTime ?? stamp) : stamp,
    lastTransitionTime: statusSame ? (before?.lastTransitionTime ?? stamp) : stamp,
  };
}

/** Node labels for topology, current first, then the deprecated beta labels v1 read. */
const zoneLabels = ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'];
const regionLabels = ['topology.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/region'];

export interface NodeLike {
  metadata: { name?: string; labels?: Record<string, string> };
  spec?: { unschedulable?: boolean };
  status?: { allocatable?: Record<string, string> };
}

/** topologyOf gathers a member's zones (sorted, unique), region and node signature from its nodes. */
export function topologyOf(nodes: NodeLike[]): Topology {
  const pick = (labels: Record<string, string> | undefined, keys: string[]) =>
    keys.map((key) => labels?.[key]).find((value) => value !== undefined && value !== '');
  const zones = [...new Set(nodes.map((node) => pick(node.metadata.labels, zoneLabels)).filter((zone): zone is string => !!zone))].sort();
  const region = nodes.map((node) => pick(node.metadata.labels, regionLabels)).find((value) => value !== undefined);
  const signature = nodes
    .filter((node) => !node.spec?.unschedulable)
    .map((node) => `${node.metadata.name}:${JSON.stringify(node.status?.allocatable ?? {})}`)
    .sort()
    .join('|');
  return { zones, ...(region ? { region } : {}), nodes: contentHash(signature) };
}
