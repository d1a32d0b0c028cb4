import { selectorQuery } from '../../core/label-selector.js';
import { scaleTargetOf, type Workload } from '../../core/kinds.js';
import { type KubeObject, objectKey } from '../../core/objects.js';
import { collectionPath, horizontalPodAutoscalers, pods, type ResourceType } from '../../kube/resources.js';
import { intentFor, type MemberIntent, memberObject } from '../../core/propagation/render.js';
import { hpaClustersAnnotation } from '../../core/well-known.js';
import { analyzePods, type PodLike } from '../../scheduling/pod-analysis.js';
import { observedGeneration } from '../../core/status/generation.js';
import { aggregateConditions } from '../../core/status/conditions.js';
import { sumStatus } from '../../core/status/sum.js';
import { rolloutSettled } from '../../core/status/rollout.js';
import type { KindAdapter, ObserveContext, PlacementContext, RenderResult } from '../adapter.js';
import { inScope, scopeOf } from './federated-scope.js';
import { isStringArray } from '../../scheduling/go-json.js';
import { planWorkload, type WorkloadObservations } from './workload-plan.js';
import type { AnnotationCodec } from '../../core/annotations/codec.js';
import type { ReplicaPreferences } from '../../scheduling/preferences.js';

export interface ReplicaWorkloadSettings {
  unschedulableThresholdMs: number;
  capacityRetryMs: number;
}

const statusCounts = ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas'] as const;

/**
 * replicaWorkloadAdapter splits a Deployment's or ReplicaSet's replicas over the placed members with
 * v1's planner (preferences, capacity, rebalance), hands replicas over without losing ready ones, and
 * sums the members' status so `kubectl rollout status` follows the whole federated rollout.
 */
export function replicaWorkloadAdapter(
  type: ResourceType,
  controller: string,
  preferences: AnnotationCodec<ReplicaPreferences>,
  settings: ReplicaWorkloadSettings,
): KindAdapter<WorkloadObservations, Workload> {
  const scope = scopeOf(type);
  return {
    type,
    controller,
    splitsReplicas: true,
    computedPaths: [['spec', 'replicas']],
    federates: (object) => inScope(scope, object),
    related: [
      { type: horizontalPodAutoscalers, keys: (hpa) => hpaTargetKeys(hpa, type.kind) },
      { type: horizontalPodAutoscalers, federated: true, keys: (hpa) => hpaTargetKeys(hpa, type.kind) },
    ],
    observe: (object, context) => observeWorkload(object, context, settings),
    render: (object, context) => renderWorkload(object, context, preferences, settings),
    progress: (_object, copies) =>
      copies
        .filter((copy) => copy.object)
        .map((copy) => {
          const status = copy.object?.status;
          return {
            cluster: copy.cluster,
            fields: {
              desired: copy.object?.spec?.replicas ?? 1,
              updated: status?.updatedReplicas ?? 0,
              ready: status?.readyReplicas ?? 0,
              available: status?.availableReplicas ?? 0,
            },
          };
        }),
    statusSettled: (object, status) =>
      rolloutSettled({ kind: type.kind, generation: object.metadata.generation, replicas: object.spec?.replicas ?? 1 }, status),
    status: (object, copies) => {
      const generation = observedGeneration(object, copies);
      const conditions = aggregateConditions(copies);
      return {
        ...sumStatus(copies, statusCounts),
        ...(generation === undefined ? {} : { observedGeneration: generation }),
        ...(conditions.length > 0 ? { conditions } : {}),
      };
    },
  };
}

function renderWorkload(
  object: Workload,
  context: PlacementContext<WorkloadObservations, Workload>,
  preferences: AnnotationCodec<ReplicaPreferences>,
  settings: ReplicaWorkloadSettings,
): RenderResult {
  const spec = object.spec ?? {};
  const plan = planWorkload({
    key: objectKey(object),
    replicas: spec.replicas ?? 1,
    clusters: context.clusters.map((view) => view.name),
    annotations: object.metadata.annotations ?? {},
    preferences,
    observations: context.observations,
    now: context.now.getTime(),
    capacityRetryMs: settings.capacityRetryMs,
  });
  const intents = new Map<string, MemberIntent>();
  const { federation } = context;
  for (const [cluster, replicas] of Object.entries(plan.replicas)) {
    // Replicas belong to the member HPA once its copy runs some; a copy at 0 is first brought to 1.
    const actualReplicas = context.actual(cluster)?.spec?.replicas ?? 0;
    const hpaOwned = plan.hpaClusters.includes(cluster) && actualReplicas > 0;
    intents.set(
      cluster,
      renderedOnce(object, `${federation.name}/${federation.id}/${replicas}/${hpaOwned}`, () =>
        intentFor(memberObject(object, federation, { spec: { ...spec, replicas } }), hpaOwned ? [['spec', 'replicas']] : []),
      ),
    );
  }
  return { intents, annotations: plan.annotations, warnings: plan.warnings, requeueAfterMs: plan.requeueAfterMs };
}

/**
 * Member intents by federated object (as the cache holds it) and rendering: members given the same
 * replicas share one intent, and the reconciles that follow while pods start (the object unchanged)
 * render and hash nothing again.
 */
const intentsByObject = new WeakMap<Workload, Map<string, MemberIntent>>();

function renderedOnce(object: Workload, key: string, render: () => MemberIntent): MemberIntent {
  let intents = intentsByObject.get(object);
  if (intents === undefined) {
    intents = new Map();
    intentsByObject.set(object, intents);
  }
  let intent = intents.get(key);
  if (intent === undefined) {
    intent = render();
    intents.set(key, intent);
  }
  return intent;
}

async function observeWorkload(object: Workload, context: ObserveContext<Workload>, settings: ReplicaWorkloadSettings): Promise<WorkloadObservations> {
  const key = objectKey(object);
  const observations: WorkloadObservations = { members: {}, nodes: {}, hpaClusters: [], hpaTargets: announcedHpaClusters(object, key, context) };
  const selector = selectorQuery(object.spec?.selector);
  await Promise.all(
    context.clusters.map(async (view) => {
      observations.nodes[view.name] = view.nodes;
      const member = context.member(view.name);
      const targeted = member
        ?.informer(horizontalPodAutoscalers)
        .list()
        .some((hpa) => hpaTargetKeys(hpa, String(object.kind)).includes(key));
      if (targeted) {
        observations.hpaClusters.push(view.name);
      }
      const copy = context.actual(view.name);
      if (!copy) {
        return;
      }
      const requested = copy.spec?.replicas ?? 1;
      const ready = copy.status?.readyReplicas ?? 0;
      let unschedulable = 0;
      // Like v1, pods are only looked at while a member has not got all it asked for; and not while the
      // copy is younger than the threshold, since none of its pods can have been unschedulable for longer.
      if (requested !== ready && view.ready && member && !youngerThan(copy, context.now, settings.unschedulableThresholdMs)) {
        try {
          const list = await member.client.request<{ items: PodLike[] }>({
            path: collectionPath(pods, object.metadata.namespace),
            query: { labelSelector: selector },
          });
          ({ unschedulable } = analyzePods(list.items, context.now, settings.unschedulableThresholdMs));
        } catch {
          // Without its pods the member simply keeps its share this time; the next reconcile looks again.
        }
      }
      observations.members[view.name] = { requested, ready, unschedulable };
    }),
  );
  observations.hpaClusters.sort();
  return observations;
}

/** youngerThan says whether a member copy was created less than ms before now (unknown: no). */
export function youngerThan(copy: KubeObject, now: Date, ms: number): boolean {
  const created = copy.metadata.creationTimestamp === undefined ? Number.NaN : Date.parse(copy.metadata.creationTimestamp);
  return now.getTime() - created < ms;
}

/**
 * announcedHpaClusters are the members where the federated HPAs targeting a workload place their HPAs,
 * as each announces it; undefined while one has not yet (it has just been created). Without an HPA
 * controller there is nothing to announce.
 */
function announcedHpaClusters(object: Workload, key: string, context: ObserveContext<Workload>): string[] | undefined {
  const targeting = context
    .federatedIn(horizontalPodAutoscalers, object.metadata.namespace)
    .filter((hpa) => hpaTargetKeys(hpa, String(object.kind)).includes(key));
  const announced = new Set<string>();
  for (const hpa of targeting) {
    const clusters = readClusterList(hpa.metadata.annotations?.[hpaClustersAnnotation]);
    if (clusters === undefined) {
      return undefined;
    }
    clusters.forEach((cluster) => announced.add(cluster));
  }
  return [...announced].sort();
}

function readClusterList(text: string | undefined): string[] | undefined {
  try {
    const parsed: unknown = text === undefined ? undefined : JSON.parse(text);
    return isStringArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** hpaTargetKeys is the key of the workload of the given kind an HPA scales, if it scales one. */
export function hpaTargetKeys(hpa: KubeObject, kind: string): string[] {
  const target = scaleTargetOf(hpa);
  return target?.kind === kind && target.name ? [`${hpa.metadata.namespace}/${target.name}`] : [];
}
