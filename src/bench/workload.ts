// The objects the benchmark creates, per kind, and how it recognises a change in a member. Pure.
import type { KubeObject } from '../core/objects.js';
import { numberIn, replicasOf } from '../core/kinds.js';
import { isJsonObject } from '../scheduling/go-json.js';
import { configMaps, deployments, type ResourceType } from '../kube/resources.js';
import type { FederationIdentity } from '../core/propagation/identity.js';
import { intentFor, memberObject } from '../core/propagation/render.js';

export const benchKinds = ['configmap', 'deployment'] as const;
export type BenchKind = (typeof benchKinds)[number];

/** The pod template annotation (Deployments) or data key (ConfigMaps) that carries the revision an update writes. */
export const revisionKey = 'bench.kubefed.dev/revision';
export const revisionDataKey = 'revision';

export interface Workload {
  readonly kind: BenchKind;
  readonly type: ResourceType;
  /** The controller-manager's --controllers: namespaces are propagated too, so a federated namespace reaches the members. */
  readonly controllers: string;
  /** object is the index-th benchmark object of the kind, at revision 0. */
  object(namespace: string, index: number): KubeObject;
  /** revisionPatch is a JSON merge patch that moves an object to a new revision. */
  revisionPatch(revision: number): Record<string, unknown>;
  /** revisionOf reads the revision an object (federated or member copy) carries. */
  revisionOf: (object: KubeObject) => number | undefined;
}

/** objectName is the name of the index-th object: zero-padded so listings sort. */
export function objectName(index: number): string {
  return `bench-${String(index).padStart(5, '0')}`;
}

/** A payload of about 200 bytes per object: the size of a small real ConfigMap entry. */
const payload = 'x'.repeat(200);

const numeric = (value: unknown): number | undefined => {
  const parsed = typeof value === 'string' ? Number(value) : NaN;
  return Number.isInteger(parsed) ? parsed : undefined;
};

export const configMapWorkload: Workload = {
  kind: 'configmap',
  type: configMaps,
  controllers: 'namespaces,configmaps',
  object: (namespace, index) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: objectName(index), namespace, labels: { app: 'kubefed-bench' } },
    data: { index: String(index), [revisionDataKey]: '0', payload },
  }),
  revisionPatch: (revision) => ({ data: { [revisionDataKey]: String(revision) } }),
  revisionOf: (object) => numeric(isJsonObject(object.data) ? object.data[revisionDataKey] : undefined),
};

/**
 * deploymentWorkload makes Deployments with `replicasPerMember` replicas per member (split by kubefed's
 * planner, so the federated object asks for members × replicasPerMember). An update changes a pod template
 * annotation, as `kubectl rollout restart` does: a new generation that every member rolls out.
 */
export function deploymentWorkload(members: number, replicasPerMember: number): Workload {
  return {
    kind: 'deployment',
    type: deployments,
    controllers: 'namespaces,deployments',
    object: (namespace, index) => {
      const name = objectName(index);
      return {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace, labels: { app: 'kubefed-bench' } },
        spec: {
          replicas: members * replicasPerMember,
          selector: { matchLabels: { app: 'kubefed-bench', bench: name } },
          template: {
            metadata: { labels: { app: 'kubefed-bench', bench: name }, annotations: { [revisionKey]: '0' } },
            spec: {
              containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '10m', memory: '16Mi' } } }],
              terminationGracePeriodSeconds: 0,
            },
          },
        },
      };
    },
    revisionPatch: (revision) => ({ spec: { template: { metadata: { annotations: { [revisionKey]: String(revision) } } } } }),
    revisionOf: (object) => {
      const template = isJsonObject(object.spec) ? object.spec.template : undefined;
      const metadata = isJsonObject(template) ? template.metadata : undefined;
      const annotations = isJsonObject(metadata) ? metadata.annotations : undefined;
      return numeric(isJsonObject(annotations) ? annotations[revisionKey] : undefined);
    },
  };
}

/**
 * rawCopy is what kubefed would apply in a member for a federated object (its labels, its hash annotation, replicas
 * already split), so the raw client writes the very same bytes.
 */
export function rawCopy(workload: Workload, object: KubeObject, members: number, federation: FederationIdentity): KubeObject {
  const body: Record<string, unknown> =
    workload.kind === 'deployment'
      ? { spec: { ...(isJsonObject(object.spec) ? object.spec : {}), replicas: Math.round((replicasOf(object) ?? 1) / members) } }
      : { data: object.data };
  return intentFor(memberObject(object, federation, body)).object;
}

/** isRolledOut says whether a Deployment's status reports every replica of its current generation ready. */
export function isRolledOut(object: KubeObject): boolean {
  const status = object.status;
  const wanted = replicasOf(object) ?? 1;
  return (
    (status?.observedGeneration ?? 0) >= (object.metadata.generation ?? 0) &&
    (numberIn(status, 'readyReplicas') ?? 0) === wanted &&
    (numberIn(status, 'updatedReplicas') ?? 0) === wanted &&
    (numberIn(status, 'replicas') ?? 0) === wanted
  );
}

/** nodesForDeployments is how many fake nodes (20 pods each) a member needs for `objects` Deployments, with room to spare. */
export function nodesForDeployments(objects: number, replicasPerMember: number, podsPerNode = 20): number {
  // The latency phase adds one object at a time, and its rollout surges by a pod; 10 % spare keeps the scheduler unhurried.
  const pods = (objects + 2) * replicasPerMember * 1.1;
  return Math.max(2, Math.ceil(pods / podsPerNode));
}
