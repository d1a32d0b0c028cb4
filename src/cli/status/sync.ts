import type { KindAdapter } from '../../controllers/adapter.js';
import { hpaTargetKeys } from '../../controllers/kinds/replica-workload.js';
import type { KubeObject } from '../../core/objects.js';
import { objectKey } from '../../core/objects.js';
import { replicasOf } from '../../core/kinds.js';
import { isJsonObject } from '../../scheduling/go-json.js';
import { type ClusterObject, isClusterReady } from '../../members/cluster.js';
import type { MemberView } from '../../members/registry.js';
import { decideAction, type MemberAction } from '../../core/propagation/decide.js';
import type { FederationIdentity } from '../../core/propagation/identity.js';
import { placeObject } from '../../core/propagation/placement.js';
import { intentFor, type MemberIntent, memberObject } from '../../core/propagation/render.js';
import { appliedHashAnnotation, propagationFinalizer } from '../../core/well-known.js';
import { readAnnotationIfValid } from '../../core/annotations/codec.js';
import { placementCodec, replicaShares } from '../../core/annotations/placement.js';

/** EventObject is the part of a core/v1 Event the status report reads. */
export interface EventObject {
  involvedObject?: { kind?: string; namespace?: string; name?: string; uid?: string };
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  firstTimestamp?: string | null;
  metadata?: { creationTimestamp?: string };
}

/** KindSnapshot is one federated kind as read from the federation and from each reachable member. */
export interface KindSnapshot {
  adapter: KindAdapter<unknown>;
  objects: KubeObject[];
  /** copies holds, per member that could be listed, the copies labelled as managed by this federation. */
  copies: Record<string, KubeObject[]>;
  /** enabled marks a type enabled with `kubefed enable`: its objects carry the member-states annotation. */
  enabled?: boolean;
}

export interface SyncInput {
  federation: FederationIdentity;
  clusters: ClusterObject[];
  kinds: KindSnapshot[];
  /** events are the federation's Warning events. */
  events: EventObject[];
  now: Date;
  /** eventWindowMs: Warning events older than this no longer mark an object as not in sync. */
  eventWindowMs: number;
}

/** SyncProblem is one reason a federated object is not in sync, in one cluster or overall. */
export interface SyncProblem {
  kind: string;
  namespace?: string;
  name: string;
  cluster?: string;
  reason: string;
  message: string;
}

/**
 * Reasons, from what the federation API server and the members show:
 * - Missing / Outdated / Drifted / Unwanted / Rebalancing: a Ready member's copy differs from what
 *   kubefed would apply now (the same rendering and comparison the controller uses): it has no
 *   copy, an older rendering (its federation.kubefed.dev/applied-hash differs), was edited in the
 *   member, holds a copy it should not (not selected), or runs another replica count than the
 *   placement (replicas still moving).
 * - Terminating: a member copy is being deleted while it should exist.
 * - RolloutInProgress: members have not all observed the federated object's generation.
 * - Deleting: the federated object is being deleted and waits for member copies to go.
 * - InvalidClusterSelector: the selector annotation does not parse (placement left unchanged).
 * - Leftover: a managed copy whose federated object is gone (swept on the next reconcile).
 * - any Warning event reason (CreateInClusterFailed, InvalidPreferences, AlreadyExistsInCluster…)
 *   recorded on the object within the event window.
 * Members that are not Ready, or that the CLI cannot read, are not judged.
 */
export function syncProblems(input: SyncInput): SyncProblem[] {
  const ready = input.clusters.filter(isClusterReady);
  const problems: SyncProblem[] = [];
  const hpaCopies = input.kinds.find((kind) => kind.adapter.type.kind === 'HorizontalPodAutoscaler')?.copies ?? {};
  for (const snapshot of input.kinds) {
    const { adapter } = snapshot;
    const kind = adapter.type.kind;
    const index = indexCopies(snapshot.copies);
    const readable = ready.filter((cluster) => index.has(cluster.metadata.name ?? ''));
    const views = readable.map(view);
    const known = new Set<string>();
    for (const object of snapshot.objects) {
      if (!adapter.federates(object)) {
        continue;
      }
      const key = objectKey(object);
      known.add(key);
      const about = { kind, namespace: object.metadata.namespace, name: object.metadata.name ?? '' };
      const actual = (cluster: string) => index.get(cluster)?.get(key);
      if (object.metadata.deletionTimestamp) {
        if (object.metadata.finalizers?.includes(propagationFinalizer)) {
          problems.push({ ...about, reason: 'Deleting', message: 'deletion waits for kubefed to remove the member copies' });
        }
        continue;
      }
      const placement = placeObject(object, views, adapter.splitsReplicas, (cluster) => actual(cluster) !== undefined);
      if (placement.error) {
        problems.push({ ...about, reason: 'InvalidClusterSelector', message: placement.error });
      }
      let intents: Map<string, MemberIntent>;
      try {
        intents = splitsByPlan(adapter)
          ? replicaIntents(object, placement.clusters.map((cluster) => cluster.name), input.federation, actual, hpaClustersFor(object, hpaCopies))
          : adapter.render(object, { federation: input.federation, clusters: placement.clusters, actual, observations: undefined, now: input.now }).intents;
      } catch (error) {
        problems.push({ ...about, reason: 'RenderFailed', message: error instanceof Error ? error.message : String(error) });
        continue;
      }
      for (const cluster of views.map((candidate) => candidate.name)) {
        const problem = describeAction(decideAction(intents.get(cluster), actual(cluster)), cluster, intents.get(cluster), actual(cluster), adapter);
        if (problem) {
          problems.push({ ...about, cluster, ...problem });
        }
      }
      const rollout = rolloutLag(object);
      if (rollout) {
        problems.push({ ...about, reason: 'RolloutInProgress', message: rollout });
      }
      problems.push(...recentWarnings(object, kind, input).map((warning) => ({ ...about, ...warning })));
    }
    for (const [cluster, copies] of index) {
      for (const [key, copy] of copies) {
        if (!known.has(key) && !copy.metadata.deletionTimestamp && ready.some((candidate) => candidate.metadata.name === cluster)) {
          problems.push({
            kind,
            namespace: copy.metadata.namespace,
            name: copy.metadata.name ?? '',
            cluster,
            reason: 'Leftover',
            message: `${cluster} holds a managed copy whose federated object is gone`,
          });
        }
      }
    }
  }
  return problems.sort(compareProblems);
}

function view(cluster: ClusterObject): MemberView {
  return { name: cluster.metadata.name ?? '', labels: cluster.metadata.labels ?? {}, cluster, ready: true, failed: false };
}

function indexCopies(copies: Record<string, KubeObject[]>): Map<string, Map<string, KubeObject>> {
  return new Map(Object.entries(copies).map(([cluster, list]) => [cluster, new Map(list.map((copy) => [objectKey(copy), copy]))]));
}

/** hpaClustersFor lists the members holding a managed HPA copy that scales this workload (its replicas are the HPA's there). */
function hpaClustersFor(object: KubeObject, hpaCopies: Record<string, KubeObject[]>): string[] {
  const key = objectKey(object);
  return Object.entries(hpaCopies)
    .filter(([, hpas]) => hpas.some((hpa) => hpaTargetKeys(hpa, String(object.kind)).includes(key)))
    .map(([cluster]) => cluster)
    .sort();
}

/**
 * replicaIntents renders a Deployment's or ReplicaSet's copies from the split the controller
 * recorded (the placement annotation) rather than re-planning, which would need the members' pods.
 * Where a member HPA owns the replicas, they are left out of the comparison as the controller does.
 */
export function replicaIntents(
  object: KubeObject,
  placed: string[],
  federation: FederationIdentity,
  actual: (cluster: string) => KubeObject | undefined,
  hpaClusters: string[],
): Map<string, MemberIntent> {
  const spec = isJsonObject(object.spec) ? object.spec : {};
  const placement = replicaShares(readAnnotationIfValid(placementCodec, object.metadata.annotations));
  const intents = new Map<string, MemberIntent>();
  for (const cluster of placed) {
    const hpaOwned = hpaClusters.includes(cluster);
    const current = replicasOf(actual(cluster));
    let replicas: number | undefined;
    if (hpaOwned) {
      replicas = current ?? 1;
    } else if (hpaClusters.length > 0) {
      replicas = 0;
    } else {
      // Without a recorded split (not reconciled yet) only existence and drift can be judged.
      replicas = placement?.[cluster] ?? current;
    }
    if (replicas === undefined) {
      continue;
    }
    const copy = memberObject(object, federation, { spec: { ...spec, replicas } });
    intents.set(cluster, intentFor(copy, hpaOwned ? [['spec', 'replicas']] : []));
  }
  return intents;
}

function describeAction(
  action: MemberAction,
  cluster: string,
  intent: MemberIntent | undefined,
  copy: KubeObject | undefined,
  adapter: KindAdapter<unknown>,
): { reason: string; message: string } | undefined {
  switch (action.kind) {
    case 'none':
      return undefined;
    case 'create':
      return { reason: 'Missing', message: `${cluster} holds no copy` };
    case 'delete':
      return { reason: 'Unwanted', message: `${cluster} still holds a copy although the object is not placed there` };
    case 'wait':
      return { reason: 'Terminating', message: `${cluster}: ${action.reason}` };
    case 'update': {
      if (action.reason === 'drift') {
        return { reason: 'Drifted', message: `${cluster}'s copy was changed in the member; kubefed restores it` };
      }
      const wanted = replicasOf(intent?.object);
      const running = replicasOf(copy);
      if (splitsByPlan(adapter) && wanted !== undefined && running !== undefined && wanted !== running && intent && copy) {
        const { [appliedHashAnnotation]: _stamp, ...annotations } = intent.object.metadata.annotations ?? {};
        const { annotations: _all, ...metadata } = intent.object.metadata;
        const unstamped = {
          ...intent.object,
          metadata: Object.keys(annotations).length > 0 ? { ...metadata, annotations } : metadata,
          spec: { ...(isJsonObject(intent.object.spec) ? intent.object.spec : {}), replicas: running },
        };
        const sameOtherwise = intentFor(unstamped, intent.retainedPaths).hash;
        if (sameOtherwise === copy.metadata.annotations?.[appliedHashAnnotation]) {
          return { reason: 'Rebalancing', message: `${cluster} runs ${running} replicas, the placement gives it ${wanted}` };
        }
      }
      return { reason: 'Outdated', message: `${cluster}'s copy was applied from an older version of the object` };
    }
  }
}

/** rolloutLag reports workloads whose aggregated status has not yet observed the current generation. */
function rolloutLag(object: KubeObject): string | undefined {
  if (!['Deployment', 'ReplicaSet', 'DaemonSet'].includes(String(object.kind))) {
    return undefined;
  }
  const generation = object.metadata.generation;
  const observed = object.status?.observedGeneration;
  if (generation === undefined || (observed !== undefined && observed >= generation)) {
    return undefined;
  }
  return `members have not all observed generation ${generation} yet (observed: ${observed ?? 'none'})`;
}

function eventTime(event: EventObject): number {
  const text = event.lastTimestamp || event.eventTime || event.firstTimestamp || event.metadata?.creationTimestamp;
  return text ? Date.parse(text) : Number.NaN;
}

/** recentWarnings gives the latest Warning event per reason recorded on the object within the window. */
function recentWarnings(object: KubeObject, kind: string, input: SyncInput): { reason: string; message: string }[] {
  const latest = new Map<string, EventObject>();
  for (const event of input.events) {
    const involved = event.involvedObject;
    if (
      event.type !== 'Warning' ||
      involved?.kind !== kind ||
      involved.name !== object.metadata.name ||
      (involved.namespace || undefined) !== (object.metadata.namespace || undefined) ||
      (involved.uid !== undefined && object.metadata.uid !== undefined && involved.uid !== object.metadata.uid)
    ) {
      continue;
    }
    const at = eventTime(event);
    if (!(input.now.getTime() - at <= input.eventWindowMs)) {
      continue;
    }
    const reason = event.reason ?? 'Warning';
    const previous = latest.get(reason);
    if (!previous || eventTime(previous) < at) {
      latest.set(reason, event);
    }
  }
  return [...latest.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([reason, event]) => ({ reason, message: `${event.message ?? ''}${(event.count ?? 1) > 1 ? ` (×${event.count})` : ''}` }));
}

function compareProblems(a: SyncProblem, b: SyncProblem): number {
  const key = (problem: SyncProblem) => [problem.kind, problem.namespace ?? '', problem.name, problem.cluster ?? '', problem.reason].join('\u0000');
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

/** splitsByPlan marks the kinds whose member replicas follow the recorded placement (Deployments, ReplicaSets). */
function splitsByPlan(adapter: KindAdapter<unknown>): boolean {
  return adapter.type.kind === 'Deployment' || adapter.type.kind === 'ReplicaSet';
}
