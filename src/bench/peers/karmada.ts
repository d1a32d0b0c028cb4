// Karmada as a peer, in push mode: each component's command line per profile, the objects that wire the aggregated
// apiserver and the webhook to the federation API server, member registration and PropagationPolicies. Pure.
import { loadAll } from 'js-yaml';
import type { KubeObject } from '../../core/objects.js';
import { isJsonObject } from '../../scheduling/go-json.js';
import type { ResourceType } from '../../kube/resources.js';
import type { Workload } from '../workload.js';
import type { MemberAccess, Profile } from './system.js';

/** The newest release the Go module proxy serves here: v1.18.3 and v1.19.x answer 403. */
export const karmadaVersion = 'v1.18.2';
export const karmadaSystemNamespace = 'karmada-system';
export const karmadaClusterNamespace = 'karmada-cluster';

export const karmadaTypes = {
  cluster: { group: 'cluster.karmada.io', version: 'v1alpha1', kind: 'Cluster', plural: 'clusters', namespaced: false },
  propagationPolicy: { group: 'policy.karmada.io', version: 'v1alpha1', kind: 'PropagationPolicy', plural: 'propagationpolicies', namespaced: true },
  apiService: { group: 'apiregistration.k8s.io', version: 'v1', kind: 'APIService', plural: 'apiservices', namespaced: false },
  mutatingWebhookConfiguration: {
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    kind: 'MutatingWebhookConfiguration',
    plural: 'mutatingwebhookconfigurations',
    namespaced: false,
  },
  validatingWebhookConfiguration: {
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    kind: 'ValidatingWebhookConfiguration',
    plural: 'validatingwebhookconfigurations',
    namespaced: false,
  },
} as const satisfies Record<string, ResourceType>;

/**
 * The tuned profile: the 2022 scale-test report's client settings (--kube-api-qps=200 --kube-api-burst=400 for the
 * aggregated apiserver, scheduler and controller-manager) with the raised concurrency that report advises
 * (--concurrent-work-syncs, and the binding and template workers alike). The report ran pull mode, where the agents
 * write to members; in push mode the controller-manager's member clients do, so they get the same 200/400.
 */
export const karmadaTuning = { qps: 200, burst: 400, concurrency: 20 } as const;

export const karmadaComponents = ['karmada-aggregated-apiserver', 'karmada-webhook', 'karmada-controller-manager', 'karmada-scheduler', 'kube-controller-manager (garbage collector)'] as const;
export type KarmadaComponent = (typeof karmadaComponents)[number];

export interface KarmadaPorts {
  aggregatedApiServer: number;
  webhook: number;
  webhookMetrics: number;
  webhookHealth: number;
  controllerMetrics: number;
  controllerHealth: number;
  schedulerMetrics: number;
  schedulerHealth: number;
  garbageCollector: number;
}

export interface KarmadaFiles {
  /** The directory holding the Karmada binaries, and the lab's for kube-controller-manager. */
  binaries: string;
  labBinaries: string;
  /** An admin kubeconfig for the federation API server (system:masters, as upstream gives every component). */
  kubeconfig: string;
  aggregatedCertificates: string;
  webhookCertificates: string;
  /** http://127.0.0.1:PORT of the lab's etcd. */
  etcd: string;
}

const loopback = (port: number): string => `127.0.0.1:${port}`;

/**
 * karmadaCommands renders every component's command line: the chart's flags (--v=2) run as local processes, leader
 * election off (one replica each; kubefed runs without it too), every listener on 127.0.0.1, the scheduler estimator
 * off (it needs an estimator per member). The lab's federation runs no garbage collector, which Karmada's
 * resource-template deletion relies on (ResourceBindings are owned by their template), so a kube-controller-manager
 * with only that controller runs beside it, as upstream's install does.
 */
export function karmadaCommands(profile: Profile, files: KarmadaFiles, ports: KarmadaPorts): Record<KarmadaComponent, string[]> {
  const tuned = profile === 'tuned';
  const client = tuned ? [`--kube-api-qps=${karmadaTuning.qps}`, `--kube-api-burst=${karmadaTuning.burst}`] : [];
  const binary = (name: string): string => `${files.binaries}/${name}`;
  return {
    'karmada-aggregated-apiserver': [
      binary('aggregated-apiserver'),
      `--kubeconfig=${files.kubeconfig}`,
      `--authentication-kubeconfig=${files.kubeconfig}`,
      `--authorization-kubeconfig=${files.kubeconfig}`,
      `--etcd-servers=${files.etcd}`,
      '--etcd-prefix=/karmada-aggregated',
      '--bind-address=127.0.0.1',
      `--secure-port=${ports.aggregatedApiServer}`,
      `--cert-dir=${files.aggregatedCertificates}`,
      '--tls-min-version=VersionTLS13',
      '--v=2',
      ...client,
    ],
    'karmada-webhook': [
      binary('webhook'),
      `--kubeconfig=${files.kubeconfig}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${ports.webhook}`,
      `--cert-dir=${files.webhookCertificates}`,
      `--metrics-bind-address=${loopback(ports.webhookMetrics)}`,
      `--health-probe-bind-address=${loopback(ports.webhookHealth)}`,
      '--v=2',
    ],
    'karmada-controller-manager': [
      binary('controller-manager'),
      `--kubeconfig=${files.kubeconfig}`,
      '--leader-elect=false',
      '--cluster-status-update-frequency=10s',
      `--metrics-bind-address=${loopback(ports.controllerMetrics)}`,
      `--health-probe-bind-address=${loopback(ports.controllerHealth)}`,
      '--v=2',
      ...client,
      ...(tuned
        ? [
            `--cluster-api-qps=${karmadaTuning.qps}`,
            `--cluster-api-burst=${karmadaTuning.burst}`,
            `--concurrent-work-syncs=${karmadaTuning.concurrency}`,
            `--concurrent-resourcebinding-syncs=${karmadaTuning.concurrency}`,
            `--concurrent-resource-template-syncs=${karmadaTuning.concurrency}`,
          ]
        : []),
    ],
    'karmada-scheduler': [
      binary('scheduler'),
      `--kubeconfig=${files.kubeconfig}`,
      '--leader-elect=false',
      `--metrics-bind-address=${loopback(ports.schedulerMetrics)}`,
      `--health-probe-bind-address=${loopback(ports.schedulerHealth)}`,
      '--enable-scheduler-estimator=false',
      '--v=2',
      ...client,
    ],
    'kube-controller-manager (garbage collector)': [
      `${files.labBinaries}/kube-controller-manager`,
      `--kubeconfig=${files.kubeconfig}`,
      '--leader-elect=false',
      '--controllers=garbagecollector',
      '--bind-address=127.0.0.1',
      `--secure-port=${ports.garbageCollector}`,
      '--authorization-always-allow-paths=/healthz,/readyz,/livez,/metrics',
      '--profiling=false',
      '--kube-api-qps=5000',
      '--kube-api-burst=10000',
    ],
  };
}

/**
 * aggregatedApiServerObjects register Karmada's Cluster API with the federation's aggregator, as the binary install
 * does: an ExternalName Service (to 127.0.0.1, where the aggregated apiserver listens) and an APIService.
 */
export function aggregatedApiServerObjects(port: number): [KubeObject, KubeObject] {
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'karmada-aggregated-apiserver', namespace: karmadaSystemNamespace },
      spec: { type: 'ExternalName', externalName: '127.0.0.1' },
    },
    {
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name: 'v1alpha1.cluster.karmada.io' },
      spec: {
        group: 'cluster.karmada.io',
        version: 'v1alpha1',
        groupPriorityMinimum: 2000,
        versionPriority: 10,
        // The aggregated apiserver signs its own serving certificate; the aggregator reaches it over loopback only.
        insecureSkipTLSVerify: true,
        service: { name: 'karmada-aggregated-apiserver', namespace: karmadaSystemNamespace, port },
      },
    },
  ];
}

/** webhookConfigurations renders artifacts/deploy/webhook-configuration.yaml for a webhook on 127.0.0.1:port. */
export function webhookConfigurations(template: string, port: number, certificateAuthority: string): KubeObject[] {
  const rendered = template
    .replaceAll('https://karmada-webhook.karmada-system.svc:443', `https://127.0.0.1:${port}`)
    .replaceAll('{{caBundle}}', Buffer.from(certificateAuthority).toString('base64'));
  if (rendered.includes('{{') || rendered.includes('.svc')) {
    throw new Error('the webhook configuration holds a placeholder or service name the benchmark does not know');
  }
  return (loadAll(rendered) as (KubeObject | null)[]).filter((object): object is KubeObject => object !== null);
}

/** memberRegistration: a Secret with the member's token and CA, and its Cluster in Push mode (karmadactl join needs a token controller). */
export function karmadaMemberRegistration(member: MemberAccess): [KubeObject, KubeObject] {
  return [
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: member.name, namespace: karmadaClusterNamespace },
      type: 'Opaque',
      stringData: { token: member.token, caBundle: member.certificateAuthority },
    },
    {
      apiVersion: 'cluster.karmada.io/v1alpha1',
      kind: 'Cluster',
      metadata: { name: member.name },
      spec: { syncMode: 'Push', apiEndpoint: member.server, secretRef: { namespace: karmadaClusterNamespace, name: member.name } },
    },
  ];
}

/**
 * propagationPolicy selects the benchmark's objects of one namespace for every member: Duplicated for ConfigMaps (no
 * replica scheduling), Divided with equal static weights for Deployments (dynamic weights would consult resource
 * models of fake nodes).
 */
export function propagationPolicy(workload: Pick<Workload, 'kind'>, namespace: string, members: readonly string[], labels: Record<string, string>): KubeObject {
  const deployment = workload.kind === 'deployment';
  return {
    apiVersion: 'policy.karmada.io/v1alpha1',
    kind: 'PropagationPolicy',
    metadata: { name: `bench-${workload.kind}`, namespace },
    spec: {
      resourceSelectors: [{ apiVersion: deployment ? 'apps/v1' : 'v1', kind: deployment ? 'Deployment' : 'ConfigMap', labelSelector: { matchLabels: labels } }],
      placement: {
        clusterAffinity: { clusterNames: [...members] },
        ...(deployment
          ? {
              replicaScheduling: {
                replicaSchedulingType: 'Divided',
                replicaDivisionPreference: 'Weighted',
                weightPreference: { staticWeightList: members.map((name) => ({ targetCluster: { clusterNames: [name] }, weight: 1 })) },
              },
            }
          : {}),
      },
    },
  };
}

/** isClusterReady: Ready=True, no taints left, and the API enablements collected (the scheduler filters on all three). */
export function isClusterReady(cluster: KubeObject): boolean {
  const taints = isJsonObject(cluster.spec) ? cluster.spec.taints : undefined;
  const enablements = cluster.status?.apiEnablements;
  return (
    (cluster.status?.conditions ?? []).some((condition) => condition.type === 'Ready' && condition.status === 'True') &&
    (!Array.isArray(taints) || taints.length === 0) &&
    Array.isArray(enablements) &&
    enablements.length > 0
  );
}
