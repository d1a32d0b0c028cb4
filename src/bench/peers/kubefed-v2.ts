// KubeFed v2 (sigs.k8s.io/kubefed v0.10.0) as a peer: its configuration, member registration and federated objects,
// rendered from data. Pure. The I/O around it is kubefed-v2-system.ts.
import type { KubeObject } from '../../core/objects.js';
import { replicasOf } from '../../core/kinds.js';
import { isJsonObject } from '../../scheduling/go-json.js';
import type { ResourceType } from '../../kube/resources.js';
import type { Workload } from '../workload.js';
import type { MemberAccess, Profile } from './system.js';

export const kubefedV2Version = 'v0.10.0';
export const kubefedV2Namespace = 'kube-federation-system';

const kubefedType = (kind: string, plural: string, group = 'types.kubefed.io'): ResourceType => ({ group, version: 'v1beta1', kind, plural, namespaced: true });
export const kubefedV2Types = {
  kubeFedConfig: kubefedType('KubeFedConfig', 'kubefedconfigs', 'core.kubefed.io'),
  federatedTypeConfig: kubefedType('FederatedTypeConfig', 'federatedtypeconfigs', 'core.kubefed.io'),
  kubeFedCluster: kubefedType('KubeFedCluster', 'kubefedclusters', 'core.kubefed.io'),
  federatedNamespace: kubefedType('FederatedNamespace', 'federatednamespaces'),
  federatedConfigMap: kubefedType('FederatedConfigMap', 'federatedconfigmaps'),
  federatedDeployment: kubefedType('FederatedDeployment', 'federateddeployments'),
} as const;

/**
 * The tuned profile: as many sync workers as kubefed's own --workers default, and kubefed's own federation rate limit
 * (--federation-qps 400, burst 800) for the host client. The member clients' rate is hard-coded in v0.10.0
 * (pkg/controller/util/cluster_util.go: KubeAPIQPS = 20, KubeAPIBurst = 30) and no flag or field changes it.
 */
export const kubefedV2Tuning = { maxConcurrentReconciles: 16, hostQps: 400, hostBurst: 800 } as const;
export const kubefedV2MemberRate = { qps: 20, burst: 30 } as const;

/**
 * kubeFedConfig is the chart's KubeFedConfig (charts/kubefed/charts/controllermanager/templates/kubefedconfig.yaml with
 * the chart's values: every field at its default, PushReconciler and SchedulerPreferences Enabled). The controller
 * validates it and exits on any missing field, and without the webhook nothing fills them in, so all are given.
 */
/** syncWorkers is the KubeFedConfig's syncController.maxConcurrentReconciles under a profile. */
export function syncWorkers(profile: Profile): number {
  return profile === 'tuned' ? kubefedV2Tuning.maxConcurrentReconciles : 1;
}

export function kubeFedConfig(profile: Profile): KubeObject {
  return {
    apiVersion: 'core.kubefed.io/v1beta1',
    kind: 'KubeFedConfig',
    metadata: { name: 'kubefed', namespace: kubefedV2Namespace },
    spec: {
      scope: 'Cluster',
      controllerDuration: { availableDelay: '20s', unavailableDelay: '60s', cacheSyncTimeout: '5m' },
      leaderElect: { leaseDuration: '15s', renewDeadline: '10s', retryPeriod: '5s', resourceLock: 'configmaps' },
      clusterHealthCheck: { period: '10s', failureThreshold: 3, successThreshold: 1, timeout: '3s' },
      syncController: { maxConcurrentReconciles: syncWorkers(profile), adoptResources: 'Enabled' },
      statusController: { maxConcurrentReconciles: 1 },
      featureGates: [
        { name: 'PushReconciler', configuration: 'Enabled' },
        { name: 'SchedulerPreferences', configuration: 'Enabled' },
      ],
    },
  };
}

export interface KubefedV2Ports {
  metrics: number;
  healthz: number;
}

/** controllerManagerArguments: the chart's command (--v=2) run out of cluster, every listener on 127.0.0.1. */
export function kubefedV2Arguments(profile: Profile, kubeconfig: string, ports: KubefedV2Ports): string[] {
  return [
    `--kubeconfig=${kubeconfig}`,
    `--kubefed-namespace=${kubefedV2Namespace}`,
    `--metrics-addr=127.0.0.1:${ports.metrics}`,
    `--healthz-addr=127.0.0.1:${ports.healthz}`,
    '--v=2',
    ...(profile === 'tuned' ? [`--rest-config-qps=${kubefedV2Tuning.hostQps}`, `--rest-config-burst=${kubefedV2Tuning.hostBurst}`] : []),
  ];
}

/** The FederatedTypeConfigs the benchmark enables: the workload's kind, and namespaces, without which no namespaced type syncs. */
export function federatedTypeConfigNames(workload: Pick<Workload, 'kind'>): string[] {
  return ['namespaces', workload.kind === 'deployment' ? 'deployments.apps' : 'configmaps'];
}

/** memberRegistration is the Secret with the member's token and its KubeFedCluster (joined by hand: kubefedctl needs a token controller). */
export function memberRegistration(member: MemberAccess): [KubeObject, KubeObject] {
  const secret = `${member.name}-token`;
  return [
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: secret, namespace: kubefedV2Namespace },
      type: 'Opaque',
      stringData: { token: member.token },
    },
    {
      apiVersion: 'core.kubefed.io/v1beta1',
      kind: 'KubeFedCluster',
      metadata: { name: member.name, namespace: kubefedV2Namespace },
      spec: { apiEndpoint: member.server, caBundle: Buffer.from(member.certificateAuthority).toString('base64'), secretRef: { name: secret } },
    },
  ];
}

const placement = (members: readonly string[]) => ({ clusters: members.map((name) => ({ name })) });

/** Scope Cluster intersects a namespaced object's placement with its namespace's FederatedNamespace: one per namespace. */
export function federatedNamespace(namespace: string, members: readonly string[]): KubeObject {
  return {
    apiVersion: 'types.kubefed.io/v1beta1',
    kind: 'FederatedNamespace',
    metadata: { name: namespace, namespace },
    spec: { placement: placement(members) },
  };
}

export function federatedType(workload: Pick<Workload, 'kind'>): ResourceType {
  return workload.kind === 'deployment' ? kubefedV2Types.federatedDeployment : kubefedV2Types.federatedConfigMap;
}

/**
 * federatedObject wraps the benchmark's object as KubeFed v2's federated type with every member in its placement. The
 * template is the object itself less what the federated object names; Deployments ask each member for its share
 * (KubeFed v2 copies the template whole, and splitting would need a ReplicaSchedulingPreference).
 */
export function federatedObject(workload: Workload, object: KubeObject, members: readonly string[]): KubeObject {
  const { apiVersion, kind, metadata, ...body } = object;
  const template: Record<string, unknown> = { apiVersion, kind, metadata: { labels: metadata.labels }, ...body };
  if (workload.kind === 'deployment') {
    template.spec = { ...(isJsonObject(body.spec) ? body.spec : {}), replicas: Math.round((replicasOf(object) ?? members.length) / members.length) };
  }
  const type = federatedType(workload);
  return {
    apiVersion: `${type.group}/${type.version}`,
    kind: type.kind,
    metadata: { name: metadata.name, namespace: metadata.namespace, labels: metadata.labels },
    spec: { template, placement: placement(members) },
  };
}

/** revisionPatch moves the template to a new revision: the benchmark's own patch, one level down. */
export function federatedRevisionPatch(workload: Workload, revision: number): Record<string, unknown> {
  return { spec: { template: workload.revisionPatch(revision) } };
}
