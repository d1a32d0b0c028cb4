import { describe, expect, it } from '@jest/globals';
import {
  aggregatedApiServerObjects,
  isClusterReady,
  karmadaCommands,
  karmadaComponents,
  karmadaMemberRegistration,
  type KarmadaPorts,
  propagationPolicy,
  webhookConfigurations,
} from '../../../../src/bench/peers/karmada.js';
import {
  federatedNamespace,
  federatedObject,
  federatedRevisionPatch,
  federatedTypeConfigNames,
  kubeFedConfig,
  kubefedV2Arguments,
  memberRegistration,
} from '../../../../src/bench/peers/kubefed-v2.js';
import { parsePeers } from '../../../../src/bench/peer-names.js';
import { comparisonRuns } from '../../../../src/bench/peers/system.js';
import { configMapWorkload, deploymentWorkload } from '../../../../src/bench/workload.js';

const members = ['member1', 'member2', 'member3'];
const member = { name: 'member1', server: 'https://127.0.0.1:21001', certificateAuthority: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n', token: 'secret-token' };
const ports: KarmadaPorts = {
  aggregatedApiServer: 20001,
  webhook: 20002,
  webhookMetrics: 20003,
  webhookHealth: 20004,
  controllerMetrics: 20005,
  controllerHealth: 20006,
  schedulerMetrics: 20007,
  schedulerHealth: 20008,
  garbageCollector: 20009,
};
const files = {
  binaries: '/cache/karmada',
  labBinaries: '/cache/k8s',
  kubeconfig: '/lab/federation.kubeconfig',
  aggregatedCertificates: '/lab/aa',
  webhookCertificates: '/lab/webhook',
  etcd: 'http://127.0.0.1:20000',
};

/** Every flag that makes a component listen, by component: the benchmark binds each one to 127.0.0.1. */
const listenerFlags = /^--(bind-address|metrics-bind-address|health-probe-bind-address|metrics-addr|healthz-addr)=/;

describe('KubeFed v2 configuration', () => {
  it('is the chart KubeFedConfig with one sync worker by default and 16 when tuned, every validated field present', () => {
    const defaults = kubeFedConfig('defaults');
    expect(defaults.metadata).toEqual({ name: 'kubefed', namespace: 'kube-federation-system' });
    expect(defaults.spec).toMatchObject({
      scope: 'Cluster',
      controllerDuration: { availableDelay: '20s', unavailableDelay: '60s', cacheSyncTimeout: '5m' },
      leaderElect: { leaseDuration: '15s', renewDeadline: '10s', retryPeriod: '5s', resourceLock: 'configmaps' },
      clusterHealthCheck: { period: '10s', failureThreshold: 3, successThreshold: 1, timeout: '3s' },
      syncController: { maxConcurrentReconciles: 1, adoptResources: 'Enabled' },
      statusController: { maxConcurrentReconciles: 1 },
    });
    expect((kubeFedConfig('tuned').spec as { syncController: unknown }).syncController).toEqual({ maxConcurrentReconciles: 16, adoptResources: 'Enabled' });
  });

  it('binds metrics and healthz to loopback and raises only the host rate when tuned', () => {
    const defaults = kubefedV2Arguments('defaults', '/k', { metrics: 1, healthz: 2 });
    expect(defaults).toEqual(['--kubeconfig=/k', '--kubefed-namespace=kube-federation-system', '--metrics-addr=127.0.0.1:1', '--healthz-addr=127.0.0.1:2', '--v=2']);
    expect(kubefedV2Arguments('tuned', '/k', { metrics: 1, healthz: 2 })).toEqual([...defaults, '--rest-config-qps=400', '--rest-config-burst=800']);
  });

  it('enables the namespaces type config and the kind benchmarked', () => {
    expect(federatedTypeConfigNames(configMapWorkload)).toEqual(['namespaces', 'configmaps']);
    expect(federatedTypeConfigNames(deploymentWorkload(3, 1))).toEqual(['namespaces', 'deployments.apps']);
  });

  it('joins a member with its token in a Secret and its CA in the KubeFedCluster', () => {
    const [secret, cluster] = memberRegistration(member);
    expect(secret).toMatchObject({ kind: 'Secret', metadata: { name: 'member1-token', namespace: 'kube-federation-system' }, stringData: { token: 'secret-token' } });
    expect(cluster).toMatchObject({
      kind: 'KubeFedCluster',
      spec: { apiEndpoint: 'https://127.0.0.1:21001', caBundle: Buffer.from(member.certificateAuthority).toString('base64'), secretRef: { name: 'member1-token' } },
    });
  });

  it('wraps the very ConfigMap the other systems get in a FederatedConfigMap placed on every member', () => {
    const object = configMapWorkload.object('bench', 7);
    const federated = federatedObject(configMapWorkload, object, members);
    expect(federated).toEqual({
      apiVersion: 'types.kubefed.io/v1beta1',
      kind: 'FederatedConfigMap',
      metadata: { name: 'bench-00007', namespace: 'bench', labels: object.metadata.labels },
      spec: {
        template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { labels: object.metadata.labels }, data: object.data },
        placement: { clusters: members.map((name) => ({ name })) },
      },
    });
    expect(federatedRevisionPatch(configMapWorkload, 1)).toEqual({ spec: { template: { data: { revision: '1' } } } });
    expect(federatedNamespace('bench', members)).toMatchObject({ kind: 'FederatedNamespace', metadata: { name: 'bench', namespace: 'bench' } });
  });

  it('asks each member for its share of a Deployment, as the split of the other systems gives it', () => {
    const workload = deploymentWorkload(3, 2);
    const federated = federatedObject(workload, workload.object('bench', 0), members);
    const template = (federated.spec as { template: { spec: { replicas: number; template: unknown } } }).template;
    expect(federated.kind).toBe('FederatedDeployment');
    expect(template.spec.replicas).toBe(2);
    expect(template.spec.template).toEqual((workload.object('bench', 0).spec as { template: unknown }).template);
  });
});

describe('Karmada configuration', () => {
  const defaults = karmadaCommands('defaults', files, ports);
  const tuned = karmadaCommands('tuned', files, ports);

  it('starts every component with each listener on 127.0.0.1', () => {
    expect(Object.keys(defaults)).toEqual([...karmadaComponents]);
    for (const [component, command] of Object.entries(tuned)) {
      const listeners = command.filter((flag) => listenerFlags.test(flag));
      expect({ component, listeners: listeners.filter((flag) => !flag.includes('=127.0.0.1')) }).toEqual({ component, listeners: [] });
      expect(listeners.length).toBeGreaterThan(0);
    }
    expect(defaults['karmada-aggregated-apiserver']).toEqual(expect.arrayContaining(['--bind-address=127.0.0.1', '--secure-port=20001', '--etcd-servers=http://127.0.0.1:20000']));
    expect(defaults['karmada-webhook']).toEqual(expect.arrayContaining(['--bind-address=127.0.0.1', '--secure-port=20002', '--cert-dir=/lab/webhook']));
    expect(defaults['kube-controller-manager (garbage collector)']).toEqual(expect.arrayContaining(['--controllers=garbagecollector', '--secure-port=20009']));
  });

  it('keeps upstream client rates by default and takes the scale-test report values when tuned', () => {
    for (const component of ['karmada-aggregated-apiserver', 'karmada-controller-manager', 'karmada-scheduler'] as const) {
      expect(defaults[component].some((flag) => flag.startsWith('--kube-api-qps'))).toBe(false);
      expect(tuned[component]).toEqual(expect.arrayContaining(['--kube-api-qps=200', '--kube-api-burst=400']));
    }
    expect(tuned['karmada-controller-manager']).toEqual(
      expect.arrayContaining(['--cluster-api-qps=200', '--cluster-api-burst=400', '--concurrent-work-syncs=20', '--concurrent-resourcebinding-syncs=20', '--concurrent-resource-template-syncs=20']),
    );
    expect(defaults['karmada-controller-manager'].some((flag) => flag.startsWith('--concurrent'))).toBe(false);
    expect(defaults['karmada-scheduler']).toContain('--enable-scheduler-estimator=false');
    expect(defaults['karmada-controller-manager']).toContain('--leader-elect=false');
  });

  it('registers the Cluster API through an ExternalName Service to loopback', () => {
    const [service, apiService] = aggregatedApiServerObjects(20001);
    expect(service).toMatchObject({ kind: 'Service', spec: { type: 'ExternalName', externalName: '127.0.0.1' } });
    expect(apiService).toMatchObject({ metadata: { name: 'v1alpha1.cluster.karmada.io' }, spec: { group: 'cluster.karmada.io', service: { port: 20001 } } });
  });

  it('points the upstream webhook configuration at the local webhook with its CA', () => {
    const template = [
      'apiVersion: admissionregistration.k8s.io/v1',
      'kind: MutatingWebhookConfiguration',
      'metadata: {name: mutating-config}',
      'webhooks:',
      '  - name: propagationpolicy.karmada.io',
      '    clientConfig:',
      '      url: https://karmada-webhook.karmada-system.svc:443/mutate-propagationpolicy',
      '      caBundle: {{caBundle}}',
      '---',
      'apiVersion: admissionregistration.k8s.io/v1',
      'kind: ValidatingWebhookConfiguration',
      'metadata: {name: validating-config}',
      'webhooks: []',
    ].join('\n');
    const [mutating, validating] = webhookConfigurations(template, 20002, 'CA');
    expect((mutating?.webhooks as { clientConfig: unknown }[])[0]?.clientConfig).toEqual({
      url: 'https://127.0.0.1:20002/mutate-propagationpolicy',
      caBundle: Buffer.from('CA').toString('base64'),
    });
    expect(validating?.kind).toBe('ValidatingWebhookConfiguration');
    expect(() => webhookConfigurations(`${template}\n# {{unknown}}`, 1, 'CA')).toThrow(/placeholder/);
  });

  it('registers a member in Push mode with its token and CA', () => {
    const [secret, cluster] = karmadaMemberRegistration(member);
    expect(secret).toMatchObject({ metadata: { name: 'member1', namespace: 'karmada-cluster' }, stringData: { token: 'secret-token', caBundle: member.certificateAuthority } });
    expect(cluster).toMatchObject({ kind: 'Cluster', spec: { syncMode: 'Push', apiEndpoint: member.server, secretRef: { namespace: 'karmada-cluster', name: 'member1' } } });
  });

  it('duplicates ConfigMaps to every member and divides Deployments by equal static weights', () => {
    const labels = { app: 'kubefed-bench' };
    const configMaps = propagationPolicy(configMapWorkload, 'bench', members, labels);
    expect(configMaps.spec).toEqual({
      resourceSelectors: [{ apiVersion: 'v1', kind: 'ConfigMap', labelSelector: { matchLabels: labels } }],
      placement: { clusterAffinity: { clusterNames: members } },
    });
    const deployments = propagationPolicy(deploymentWorkload(3, 1), 'bench', members, labels);
    expect(deployments.spec).toMatchObject({
      resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment' }],
      placement: {
        replicaScheduling: {
          replicaSchedulingType: 'Divided',
          replicaDivisionPreference: 'Weighted',
          weightPreference: { staticWeightList: members.map((name) => ({ targetCluster: { clusterNames: [name] }, weight: 1 })) },
        },
      },
    });
  });

  it.each([
    ['ready, untainted, with its APIs collected', true, { conditions: [{ type: 'Ready', status: 'True' }], apiEnablements: [{}] }, []],
    ['still tainted not-ready', false, { conditions: [{ type: 'Ready', status: 'True' }], apiEnablements: [{}] }, [{ key: 'cluster.karmada.io/not-ready' }]],
    ['without its APIs collected', false, { conditions: [{ type: 'Ready', status: 'True' }] }, []],
    ['reporting Ready=False', false, { conditions: [{ type: 'Ready', status: 'False' }], apiEnablements: [{}] }, []],
  ])('a Cluster %s can be scheduled to: %s', (_name, ready, status, taints) => {
    expect(isClusterReady({ metadata: { name: 'member1' }, spec: { taints }, status })).toBe(ready);
  });
});

describe('the runs of a comparison', () => {
  it('reads --peers and refuses unknown or empty lists', () => {
    expect(parsePeers('kubefed-v2, karmada,karmada')).toEqual(['kubefed-v2', 'karmada']);
    expect(() => parsePeers('kubefed-v3')).toThrow(/unknown peer/);
    expect(() => parsePeers(' , ')).toThrow(/at least one/);
  });

  it('runs kubefed with its defaults, then each peer with its defaults and tuned', () => {
    expect(comparisonRuns(['kubefed-v2', 'karmada'])).toEqual([
      { system: 'kubefed', profile: 'defaults' },
      { system: 'kubefed-v2', profile: 'defaults' },
      { system: 'kubefed-v2', profile: 'tuned' },
      { system: 'karmada', profile: 'defaults' },
      { system: 'karmada', profile: 'tuned' },
    ]);
  });
});
