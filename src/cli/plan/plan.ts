import type { KubeObject } from '../../core/objects.js';
import { numberIn, scaleTargetOf } from '../../core/kinds.js';
import { clusterSelectorAnnotation, matchesClusterSelector, parseClusterSelector } from '../../scheduling/cluster-selector.js';
import { distributeHpa, type HpaBounds } from '../../scheduling/hpa.js';
import { type JobShare, splitJob } from '../../scheduling/job.js';
import { planReplicas } from '../../scheduling/planner.js';
import { type AnnotationCodec, AnnotationError, readAnnotation } from '../../core/annotations/codec.js';
import { deploymentPreferencesCodec, jobPreferencesCodec, replicaSetPreferencesCodec } from '../../core/annotations/preferences.js';
import { defaultPreferences, type ReplicaPreferences } from '../../scheduling/preferences.js';
import { errorMessage } from '../../kube/errors.js';

/** A cluster the plan may place on; labels are undefined when only names are known (--clusters). */
export interface PlanCluster {
  name: string;
  labels?: Record<string, string>;
}

export interface PlanSettings {
  clusters: PlanCluster[];
  /** current replicas per cluster, for every replica-split object (v1 keeps them without rebalance). */
  current?: Record<string, number>;
  /** capacity per cluster: the most replicas it can run. */
  capacity?: Record<string, number>;
  now: Date;
}

export type Share = number | HpaBounds | JobShare | true;

/** PlanEntry is where one object would go. */
export interface PlanEntry {
  /** key is "<kind>/<namespace>/<name>", or "<kind>/<name>" for cluster-scoped kinds. */
  key: string;
  kind: string;
  split: 'replicas' | 'hpa' | 'job' | 'whole';
  /** placement per cluster: replicas; {minReplicas, maxReplicas}; {parallelism, completions}; or true for a whole copy. */
  placement: Record<string, Share>;
  notes: string[];
}

const replicaPreferences: Record<string, AnnotationCodec<ReplicaPreferences>> = { Deployment: deploymentPreferencesCodec, ReplicaSet: replicaSetPreferencesCodec };
const wholeKinds = new Set(['ConfigMap', 'Secret', 'Service', 'Namespace', 'DaemonSet', 'Ingress']);
const clusterScoped = new Set(['Namespace']);

/** isPlannable says whether kubefed federates objects of this kind. */
export function isPlannable(kind: string | undefined): boolean {
  return kind !== undefined && (kind in replicaPreferences || kind === 'Job' || kind === 'HorizontalPodAutoscaler' || wholeKinds.has(kind));
}

function readPreferences(object: KubeObject, codec: AnnotationCodec<ReplicaPreferences>, notes: string[]): ReplicaPreferences {
  try {
    return readAnnotation(codec, object.metadata.annotations) ?? defaultPreferences;
  } catch (error) {
    if (!(error instanceof AnnotationError)) {
      throw error;
    }
    notes.push(`${error.message}; the default placement is used (the controller records InvalidPreferences)`);
    return defaultPreferences;
  }
}

/** selectClusters applies the cluster selector annotation; with unknown labels it cannot, and says so. */
function selectClusters(object: KubeObject, clusters: PlanCluster[], notes: string[]): string[] {
  const annotation = object.metadata.annotations?.[clusterSelectorAnnotation];
  if (annotation === undefined) {
    return clusters.map((cluster) => cluster.name);
  }
  let requirements;
  try {
    requirements = parseClusterSelector(annotation);
  } catch (error) {
    notes.push(`${clusterSelectorAnnotation} cannot be used (${errorMessage(error)}); the controller would leave the object where it is`);
    return clusters.map((cluster) => cluster.name);
  }
  if (clusters.some((cluster) => cluster.labels === undefined)) {
    notes.push('the cluster selector is not applied: cluster labels are unknown with --clusters');
    return clusters.map((cluster) => cluster.name);
  }
  return clusters.filter((cluster) => matchesClusterSelector(requirements, cluster.labels)).map((cluster) => cluster.name);
}

function numberField(object: KubeObject, field: string): number | undefined {
  return numberIn(object.spec, field);
}

/** restrict keeps the entries of a per-cluster map for the given clusters. */
function restrict(counts: Record<string, number> | undefined, clusters: string[]): Record<string, number> | undefined {
  return counts === undefined ? undefined : Object.fromEntries(Object.entries(counts).filter(([cluster]) => clusters.includes(cluster)));
}

/**
 * planObject says where the controller-manager would put one object right now, with the same
 * pure scheduling code: v1's replica planner for Deployments and ReplicaSets (with --current and
 * --capacity), the Job split, and the HPA split for fresh clusters.
 */
export function planObject(object: KubeObject, settings: PlanSettings): PlanEntry {
  const kind = String(object.kind);
  const name = object.metadata.name ?? '';
  const namespace = clusterScoped.has(kind) ? undefined : (object.metadata.namespace ?? 'default');
  const key = namespace === undefined ? `${kind}/${name}` : `${kind}/${namespace}/${name}`;
  const objectKey = namespace === undefined ? name : `${namespace}/${name}`;
  const notes: string[] = [];
  const clusters = selectClusters(object, settings.clusters, notes);
  if (clusters.length === 0) {
    notes.push('no cluster matches the cluster selector');
  }
  const preferencesCodec = replicaPreferences[kind];
  if (preferencesCodec) {
    const replicas = numberField(object, 'replicas') ?? 1;
    const preferences = readPreferences(object, preferencesCodec, notes);
    const plan = planReplicas({ replicas, clusters, key: objectKey, preferences, current: restrict(settings.current, clusters), capacity: restrict(settings.capacity, clusters) });
    const placement: Record<string, number> = { ...plan.replicas };
    for (const [cluster, extra] of Object.entries(plan.overflow)) {
      placement[cluster] = (placement[cluster] ?? 0) + extra;
      notes.push(`${extra} replica(s) overflow to ${cluster} beyond its capacity or preferences, as v1 does`);
    }
    const placed = Object.values(placement).reduce((sum, count) => sum + count, 0);
    if (placed < replicas) {
      notes.push(`only ${placed} of ${replicas} replicas can be placed within maxReplicas`);
    }
    return { key, kind, split: 'replicas', placement, notes };
  }
  if (kind === 'Job') {
    const completions = numberField(object, 'completions');
    const shares = splitJob({
      parallelism: numberField(object, 'parallelism') ?? 1,
      ...(completions === undefined ? {} : { completions }),
      clusters,
      key: objectKey,
      preferences: readPreferences(object, jobPreferencesCodec, notes),
    });
    const idle = Object.entries(shares).filter(([, share]) => share.parallelism === 0).map(([cluster]) => cluster);
    if (idle.length > 0) {
      notes.push(`no Job is created in ${idle.join(', ')} (parallelism 0)`);
    }
    return { key, kind, split: 'job', placement: shares, notes };
  }
  if (kind === 'HorizontalPodAutoscaler') {
    const maxReplicas = numberField(object, 'maxReplicas');
    if (maxReplicas === undefined) {
      notes.push('spec.maxReplicas is missing');
      return { key, kind, split: 'hpa', placement: {}, notes };
    }
    const target = scaleTargetOf(object);
    if (target?.kind !== 'Deployment' && target?.kind !== 'ReplicaSet') {
      notes.push(`scaleTargetRef ${target?.kind ?? '(none)'} is not a Deployment or ReplicaSet; kubefed cannot hand it replicas`);
    }
    const minReplicas = numberField(object, 'minReplicas');
    const bounds = distributeHpa({
      ...(minReplicas === undefined ? {} : { minReplicas }),
      maxReplicas,
      clusters,
      local: {},
      now: settings.now,
      scaleForbiddenWindowMs: 0,
    });
    const placement = Object.fromEntries(Object.entries(bounds).filter((entry): entry is [string, HpaBounds] => entry[1] !== undefined));
    const without = clusters.filter((cluster) => !(cluster in placement));
    if (without.length > 0) {
      notes.push(`no HPA in ${without.join(', ')} (too few replicas to share)`);
    }
    return { key, kind, split: 'hpa', placement, notes };
  }
  return { key, kind, split: 'whole', placement: Object.fromEntries(clusters.map((cluster) => [cluster, true])), notes };
}

/** planJson is the -o json form: {"<kind>/<namespace>/<name>": {"<cluster>": share, …}, …}. */
export function planJson(entries: PlanEntry[]): Record<string, Record<string, Share>> {
  return Object.fromEntries(entries.map((entry) => [entry.key, entry.placement]));
}

/** shareText renders a share for a table cell. */
export function shareText(share: Share | undefined): string {
  if (share === undefined) {
    return '-';
  }
  if (share === true) {
    return 'yes';
  }
  if (typeof share === 'number') {
    return String(share);
  }
  if ('minReplicas' in share) {
    return `${share.minReplicas}-${share.maxReplicas}`;
  }
  return share.completions === undefined ? `p${share.parallelism}` : `p${share.parallelism}/c${share.completions}`;
}
