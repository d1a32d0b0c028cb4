import type { HorizontalPodAutoscaler, HpaSpec } from '../../core/kinds.js';
import { deployments, horizontalPodAutoscalers, replicaSets, type ResourceType } from '../../kube/resources.js';
import { canonicalJson } from '../../core/propagation/canonical.js';
import { intentFor, type MemberIntent, memberObject } from '../../core/propagation/render.js';
import { hpaClustersAnnotation } from '../../core/well-known.js';
import { distributeHpa, type LocalHpa } from '../../scheduling/hpa.js';
import { aggregateConditions } from '../../core/status/conditions.js';
import { sumStatus } from '../../core/status/sum.js';
import type { KindAdapter, RenderWarning } from '../adapter.js';
import { builtInScopes, inScope } from './federated-scope.js';

/** Kinds a federated HPA may scale: the replica-split kinds whose member replicas it then owns. */
const scalableKinds = { Deployment: deployments, ReplicaSet: replicaSets } as const;

function scalableType(kind: string): ResourceType | undefined {
  return kind === 'Deployment' || kind === 'ReplicaSet' ? scalableKinds[kind] : undefined;
}

/** HpaObservations says whether the federated workload the HPA scales exists. */
interface HpaObservations {
  targetExists: boolean;
}

/** localHpa reads a member HPA's bounds and state for redistribution. */
export function localHpa(copy: HorizontalPodAutoscaler | undefined): LocalHpa | undefined {
  if (!copy?.spec) {
    return undefined;
  }
  const { spec, status } = copy;
  return {
    minReplicas: spec.minReplicas,
    maxReplicas: spec.maxReplicas,
    currentReplicas: status?.currentReplicas ?? 0,
    desiredReplicas: status?.desiredReplicas ?? 0,
    ...(status?.lastScaleTime ? { lastScaleTime: new Date(status.lastScaleTime) } : {}),
  };
}

/**
 * hpaAdapter splits a federated HPA's minReplicas and maxReplicas over the placed members the way
 * v1 did, and moves bounds over time toward members whose HPA is at its max (deterministically and in
 * bounded loops). The members' HPAs then own the target's replicas there (see replica-workload.ts).
 */
export function hpaAdapter(settings: { scaleForbiddenWindowMs: number }): KindAdapter<HpaObservations, HorizontalPodAutoscaler> {
  return {
    type: horizontalPodAutoscalers,
    controller: 'horizontalpodautoscaler',
    splitsReplicas: true,
    computedPaths: [
      ['spec', 'minReplicas'],
      ['spec', 'maxReplicas'],
    ],
    federates: (object) => inScope(builtInScopes.horizontalpodautoscalers.scope, object),
    observe: (object, context) => {
      const target = object.spec?.scaleTargetRef;
      const type = target?.kind ? scalableType(target.kind) : undefined;
      const found = type && target?.name ? context.federated(type, object.metadata.namespace, target.name) : undefined;
      // With the target's controller turned off its absence cannot be told; no warning then.
      return Promise.resolve({ targetExists: found === undefined || !found.known || found.object !== undefined });
    },
    render: (object, context) => {
      const spec: Partial<HpaSpec> = object.spec ?? {};
      const warnings: RenderWarning[] = [];
      const target = spec.scaleTargetRef;
      if (!target?.kind || !(target.kind in scalableKinds)) {
        warnings.push({
          reason: 'InvalidScaleTarget',
          message: `scaleTargetRef ${target?.kind ?? '(none)'}/${target?.name ?? ''} is not a Deployment or ReplicaSet; kubefed cannot hand it replicas`,
        });
      } else if (context.observations && !context.observations.targetExists) {
        warnings.push({
          reason: 'ScaleTargetNotFound',
          message: `scaleTargetRef ${target.kind}/${target.name ?? ''} does not exist in the federation; the member HPAs have nothing to scale until it does`,
        });
      }
      const clusters = context.clusters.map((view) => view.name);
      const local = Object.fromEntries(clusters.map((cluster) => [cluster, localHpa(context.actual(cluster))]));
      const bounds = distributeHpa({
        minReplicas: spec.minReplicas,
        // The API server requires maxReplicas; without one there is nothing to hand out.
        maxReplicas: spec.maxReplicas ?? 0,
        clusters,
        local,
        now: context.now,
        scaleForbiddenWindowMs: settings.scaleForbiddenWindowMs,
      });
      const intents = new Map<string, MemberIntent>();
      for (const [cluster, bound] of Object.entries(bounds)) {
        if (bound) {
          intents.set(cluster, intentFor(memberObject(object, context.federation, { spec: { ...spec, ...bound } })));
        }
      }
      // The target workload hands its replicas over to these members' HPAs, and lowers the others only once they all have theirs.
      const annotations = { [hpaClustersAnnotation]: canonicalJson([...intents.keys()].sort()) };
      // A member that scaled recently may donate or need bounds once the forbidden window has passed.
      const waits = Object.values(local)
        .map((hpa) => (hpa?.lastScaleTime ? hpa.lastScaleTime.getTime() + settings.scaleForbiddenWindowMs - context.now.getTime() : undefined))
        .filter((wait): wait is number => wait !== undefined && wait > 0);
      return { intents, annotations, warnings, ...(waits.length > 0 ? { requeueAfterMs: Math.min(...waits) + 1_000 } : {}) };
    },
    status: (object, copies) => {
      const placed = copies.filter((copy) => copy.object);
      const scaled = placed
        .map((copy) => copy.object?.status?.lastScaleTime)
        .filter((time): time is string => !!time)
        .sort();
      const conditions = aggregateConditions(placed);
      const previous = object.status;
      const lastScaleTime = scaled[scaled.length - 1] ?? previous?.lastScaleTime;
      return {
        ...sumStatus(placed, ['currentReplicas', 'desiredReplicas'] as const),
        ...(lastScaleTime ? { lastScaleTime } : {}),
        ...(conditions.length > 0 ? { conditions } : {}),
      };
    },
  };
}
