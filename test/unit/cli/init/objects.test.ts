import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { describe, expect, it } from '@jest/globals';
import { parseManifests } from '../../../../src/cli/convert/manifests.js';
import { dnsProviderAnnotation } from '../../../../src/cli/init/controller-manager.js';
import { dryRunOutput } from '../../../../src/cli/init/dry-run.js';
import { apiServerEndpoint, nodeAddresses, servingNames } from '../../../../src/cli/init/endpoint.js';
import { apiServerArguments, federationControllers, kubeControllerManagerArguments } from '../../../../src/cli/init/host-objects.js';
import { readShippedManifests } from '../../../../src/cli/init/manifests.js';
import { type InitOptions, parseArgOverrides, validateInitOptions, withOverrides } from '../../../../src/cli/init/options.js';
import { ensurePki } from '../../../../src/cli/init/pki.js';
import { signedBy } from '../../../../src/cli/init/certificates.js';
import { initObjects, workloadsToAwait } from '../../../../src/cli/init/objects.js';
import { podTrouble, workloadReadiness } from '../../../../src/cli/init/readiness.js';
import type { KubeObject } from '../../../../src/core/objects.js';

const base: InitOptions = {
  name: 'master-control',
  hostContext: 'gcek8s',
  dnsZoneName: 'mydomain.com',
  image: 'example.com/kubefed:test',
  apiServerImage: 'registry.k8s.io/kube-apiserver:v1.37.2',
  kubeControllerManagerImage: 'registry.k8s.io/kube-controller-manager:v1.37.2',
  etcdImage: 'registry.k8s.io/etcd:3.6.16-0',
  imagePullPolicy: 'IfNotPresent',
  etcdPersistentStorage: true,
  etcdPvCapacity: '10Gi',
  apiServerServiceType: 'LoadBalancer',
  apiServerArgOverrides: {},
  controllerManagerArgOverrides: {},
  dryRun: false,
  skipWait: false,
  keepCaKey: false,
  waitTimeoutMs: 600_000,
};
const now = new Date('2026-06-01T00:00:00Z');
const { pki } = ensurePki('master-control', {}, servingNames(base), now);
const externalPki = ensurePki('master-control', {}, servingNames(base), now, { etcd: false }).pki;
const manifests = readShippedManifests((file) => readFileSync(new URL(`../../../../${file}`, import.meta.url), 'utf8'));
const objects = initObjects(base, pki, manifests);
// The built objects are deep, loosely typed JSON that the assertions below walk untyped.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- a wrong path fails the assertion it is in */
const find = (list: KubeObject[], kind: string, name: string) => {
  const found = list.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) {
    throw new Error(`no ${kind} ${name}`);
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- built objects are deep, loosely typed JSON
  return found as KubeObject & { spec: any; data?: Record<string, string> };
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
const container = (deployment: KubeObject) => (deployment.spec as any).template.spec.containers[0];

describe('initObjects', () => {
  it('lists the host objects in the order they are applied', () => {
    expect(objects.host.map((object) => `${String(object.kind)}/${object.metadata.name}`)).toEqual([
      'Namespace/federation-system',
      'ServiceAccount/kubefed-controller-manager',
      'Secret/apiserver-credentials',
      'Secret/apiserver-encryption',
      'Secret/etcd-credentials',
      'Secret/kube-controller-manager-credentials',
      'Secret/controller-manager-kubeconfig',
      'Service/apiserver',
      'Service/etcd',
      'NetworkPolicy/etcd',
      'StatefulSet/etcd',
      'Deployment/apiserver',
      'Deployment/kube-controller-manager',
      'Deployment/kubefed-controller-manager',
      'Service/kubefed-controller-manager-metrics',
      'PodDisruptionBudget/kubefed-controller-manager',
    ]);
    expect(workloadsToAwait(objects).map((workload) => workload.name)).toEqual(['etcd', 'apiserver', 'kube-controller-manager', 'kubefed-controller-manager']);
  });

  it('installs the Cluster and FederatedTypes CRDs and the RBAC of manifests/ in the federation, bound to the controller-manager certificate user too', () => {
    expect(objects.federation.map((object) => `${String(object.kind)}/${object.metadata.name}`)).toEqual([
      'Namespace/federation-system',
      'CustomResourceDefinition/clusters.federation.kubefed.dev',
      'CustomResourceDefinition/federatedtypes.federation.kubefed.dev',
      'CustomResourceDefinition/dnsendpoints.externaldns.k8s.io',
      'ClusterRole/kubefed-controller-manager',
      'ClusterRoleBinding/kubefed-controller-manager',
      'ClusterRole/kubefed-controller-manager-enabled-types',
      'ClusterRoleBinding/kubefed-controller-manager-enabled-types',
      'Role/kubefed-controller-manager:leader-election',
      'RoleBinding/kubefed-controller-manager:leader-election',
    ]);
    for (const binding of objects.federation.filter((object) => String(object.kind).endsWith('Binding'))) {
      expect(binding.subjects).toEqual([
        { kind: 'ServiceAccount', name: 'kubefed-controller-manager', namespace: 'federation-system' },
        { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'kubefed-controller-manager' },
      ]);
    }
  });

  it('runs etcd as a StatefulSet with a claim, or on emptyDir, or not at all with --etcd-servers', () => {
    const etcd = find(objects.host, 'StatefulSet', 'etcd');
    expect(etcd.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('10Gi');
    const ephemeral = find(initObjects({ ...base, etcdPersistentStorage: false }, pki, manifests).host, 'StatefulSet', 'etcd');
    expect(ephemeral.spec.volumeClaimTemplates).toBeUndefined();
    expect(ephemeral.spec.template.spec.volumes).toEqual([
      { name: 'data', emptyDir: {} },
      { name: 'credentials', secret: { secretName: 'etcd-credentials', defaultMode: 0o440 } },
    ]);
    const external = initObjects({ ...base, etcdServers: ['https://192.0.2.5:2379'] }, externalPki, manifests);
    expect(external.host.some((object) => object.metadata.name?.startsWith('etcd'))).toBe(false);
    expect(container(find(external.host, 'Deployment', 'apiserver')).args).toContain('--etcd-servers=https://192.0.2.5:2379');
    expect(container(find(external.host, 'Deployment', 'apiserver')).args.filter((arg: string) => arg.startsWith('--etcd-cafile'))).toEqual([]);
  });

  it('serves etcd over TLS only to clients with a certificate of its own CA, which signs only etcd’s and the API server’s', () => {
    const args: string[] = container(find(objects.host, 'StatefulSet', 'etcd')).args;
    expect(args).toEqual(
      expect.arrayContaining([
        '--listen-client-urls=https://0.0.0.0:2379',
        '--listen-peer-urls=https://0.0.0.0:2380',
        '--client-cert-auth=true',
        '--peer-client-cert-auth=true',
        '--trusted-ca-file=/etc/etcd/pki/ca.crt',
        '--peer-trusted-ca-file=/etc/etcd/pki/ca.crt',
        '--cert-file=/etc/etcd/pki/server.crt',
        '--key-file=/etc/etcd/pki/server.key',
      ]),
    );
    expect(args.filter((arg) => /=http:\/\/.*:23(79|80)/.test(arg))).toEqual([]);
    expect(apiServerArguments(base)).toEqual(
      expect.arrayContaining([
        '--etcd-servers=https://etcd.federation-system.svc:2379',
        '--etcd-cafile=/etc/kubefed/pki/etcd-ca.crt',
        '--etcd-certfile=/etc/kubefed/pki/etcd-client.crt',
        '--etcd-keyfile=/etc/kubefed/pki/etcd-client.key',
      ]),
    );
    const etcd = pki.etcd!;
    expect(signedBy(etcd.server.cert, etcd.authority.cert) && signedBy(etcd.peer.cert, etcd.authority.cert) && signedBy(etcd.apiServerClient.cert, etcd.authority.cert)).toBe(true);
    expect(signedBy(pki.admin.cert, etcd.authority.cert) || signedBy(pki.controllerManager.cert, etcd.authority.cert)).toBe(false);
    expect(new X509Certificate(etcd.server.cert).checkHost('etcd.federation-system.svc')).toBe('etcd.federation-system.svc');
    expect(new X509Certificate(etcd.server.cert).checkIP('127.0.0.1')).toBe('127.0.0.1');
    // etcd's gRPC gateway presents the serving certificate as a client to etcd itself.
    expect(new X509Certificate(etcd.server.cert).keyUsage).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']));
    expect(new X509Certificate(etcd.apiServerClient.cert).keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    const secret = find(objects.host, 'Secret', 'etcd-credentials');
    expect(Object.keys(secret.data ?? {}).sort()).toEqual(['ca.crt', 'peer.crt', 'peer.key', 'server.crt', 'server.key']);
  });

  it('encrypts Secrets at rest with a key mounted only into the API server', () => {
    expect(apiServerArguments(base)).toContain('--encryption-provider-config=/etc/kubefed/encryption/encryption-config.yaml');
    const config = load(Buffer.from(find(objects.host, 'Secret', 'apiserver-encryption').data?.['encryption-config.yaml'] ?? '', 'base64').toString()) as {
      kind: string;
      resources: { resources: string[]; providers: Record<string, { keys?: { secret: string }[] }>[] }[];
    };
    expect(config.kind).toBe('EncryptionConfiguration');
    expect(config.resources[0]?.resources).toEqual(['secrets']);
    expect(Object.keys(config.resources[0]?.providers[0] ?? {})).toEqual(['secretbox']);
    expect(Buffer.from(config.resources[0]?.providers[0]?.secretbox?.keys?.[0]?.secret ?? '', 'base64')).toHaveLength(32);
    const mounting = objects.host.filter((object) => JSON.stringify(object.spec ?? {}).includes('"secretName":"apiserver-encryption"')).map((object) => object.metadata.name);
    expect(mounting).toEqual(['apiserver']);
  });

  it('keeps every CA private key out of the cluster', () => {
    const stored = objects.host.filter((object) => object.kind === 'Secret').flatMap((object) => Object.values((object as { data?: Record<string, string> }).data ?? {}).map((value) => Buffer.from(value, 'base64').toString()));
    expect(stored.some((value) => value.includes(pki.authority.key ?? 'no key'))).toBe(false);
    expect(stored.some((value) => value.includes(pki.etcd?.authority.key ?? 'no key'))).toBe(false);
    expect(stored.some((value) => value.includes(pki.server.key))).toBe(true);
  });

  it('runs the upstream kube-apiserver with the generated certificates', () => {
    const apiserver = find(objects.host, 'Deployment', 'apiserver');
    expect(container(apiserver)).toMatchObject({ image: base.apiServerImage, command: ['kube-apiserver'] });
    expect(container(apiserver).args).toEqual(apiServerArguments(base));
    expect(apiServerArguments(base)).toEqual(
      expect.arrayContaining([
        '--client-ca-file=/etc/kubefed/pki/ca.crt',
        '--tls-cert-file=/etc/kubefed/pki/server.crt',
        '--authorization-mode=RBAC',
      ]),
    );
    const secret = find(objects.host, 'Secret', 'apiserver-credentials');
    expect(Object.keys(secret.data ?? {}).sort()).toEqual(['ca.crt', 'etcd-ca.crt', 'etcd-client.crt', 'etcd-client.key', 'sa.key', 'sa.pub', 'server.crt', 'server.key']);
    expect(Buffer.from(secret.data?.['server.crt'] ?? '', 'base64').toString()).toBe(pki.server.cert);
  });

  it('runs only the namespace, service-account and ClusterRole aggregation controllers in the federation', () => {
    expect(federationControllers).toEqual(['namespace-controller', 'serviceaccount-controller', 'serviceaccount-token-controller', 'clusterrole-aggregation-controller']);
    expect(kubeControllerManagerArguments(base)).toContain(`--controllers=${federationControllers.join(',')}`);
    expect(container(find(objects.host, 'Deployment', 'kube-controller-manager')).image).toBe(base.kubeControllerManagerImage);
  });

  it("runs manifests/' controller-manager against the federation with its kubeconfig Secret", () => {
    const deployment = find(objects.host, 'Deployment', 'kubefed-controller-manager');
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.metadata.annotations).toEqual({ 'federation.alpha.kubernetes.io/federation-name': 'master-control' });
    expect(deployment.spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(container(deployment).image).toBe(base.image);
    expect(container(deployment).args).toEqual([
      '--metrics-bind-address=:8080',
      '--health-probe-bind-address=:8081',
      '--leader-elect=true',
      '--federation-name=master-control',
      '--kubeconfig=/etc/kubefed/federation/kubeconfig',
      '--dns-zone-name=mydomain.com',
    ]);
    expect(deployment.spec.template.spec.volumes).toContainEqual({ name: 'federation-kubeconfig', secret: { secretName: 'controller-manager-kubeconfig', defaultMode: 0o440 } });
    const withProvider = find(initObjects({ ...base, dnsProvider: 'aws-route53' }, pki, manifests).host, 'Deployment', 'kubefed-controller-manager');
    expect(withProvider.metadata.annotations?.[dnsProviderAnnotation]).toBe('aws-route53');
  });

  it('keeps every control-plane container non-root, read-only and without privileges', () => {
    for (const deployment of objects.host.filter((object) => object.kind === 'Deployment' || object.kind === 'StatefulSet')) {
      expect(container(deployment).securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    }
  });

  it('rolls pods when their credentials change', () => {
    const other = ensurePki('master-control', { ...pki, server: undefined }, { dnsNames: ['apiserver'], ips: ['198.51.100.1'] }, now).pki;
    const annotation = (list: KubeObject[]) => find(list, 'Deployment', 'apiserver').spec.template.metadata.annotations['federation.kubefed.dev/credentials-hash'];
    expect(annotation(initObjects(base, other, manifests).host)).not.toBe(annotation(objects.host));
    expect(annotation(initObjects(base, pki, manifests).host)).toBe(annotation(objects.host));
  });

  it('exposes the API server as NodePort with a fixed port when asked', () => {
    const service = find(initObjects({ ...base, apiServerServiceType: 'NodePort', apiServerNodePort: 30443 }, pki, manifests).host, 'Service', 'apiserver');
    expect(service.spec).toMatchObject({ type: 'NodePort', ports: [{ name: 'https', port: 443, targetPort: 'https', nodePort: 30443 }] });
  });

  it('prints a dry run as one YAML stream kubectl accepts, host objects first, key material redacted', () => {
    const text = dryRunOutput(objects, 'master-control', 'gcek8s', '/home/me/.kube/kubefed/master-control');
    const documents = parseManifests(text, 'dry-run.yaml').map((manifest) => manifest.object);
    expect(documents.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual([...objects.host, ...objects.federation].map((object) => `${object.kind}/${object.metadata.name}`));
    expect(documents.filter((object) => object.kind !== 'Secret')).toEqual([...objects.host, ...objects.federation].filter((object) => object.kind !== 'Secret'));
    const secretText = documents
      .filter((object) => object.kind === 'Secret')
      .flatMap((object) => Object.values((object as { data?: Record<string, string> }).data ?? {}).map((value) => Buffer.from(value, 'base64').toString()))
      .join('\n');
    for (const key of [pki.server.key, pki.admin.key, pki.controllerManager.key, pki.kubeControllerManager.key, pki.serviceAccount.key, pki.etcd!.server.key, pki.etcd!.apiServerClient.key, pki.encryptionKey]) {
      expect(secretText).not.toContain(key.trim().split('\n')[1] ?? key);
    }
    expect(secretText).toContain(pki.server.cert.trim());
    expect(secretText).toMatch(/-----BEGIN PRIVATE KEY-----\n\(redacted: kubefed init generates it when it runs\)\n-----END PRIVATE KEY-----/);
    expect(secretText).toMatch(/client-key-data: \(redacted/);
    expect(secretText).toMatch(/secret: \(redacted/);
    expect(text).toContain('with --keep-ca-key init writes them to /home/me/.kube/kubefed/master-control (mode 0600)');
    expect(text).toMatch(/^# Objects for the host cluster \(context gcek8s\):$/m);
    expect(text.indexOf('kind: CustomResourceDefinition')).toBeGreaterThan(text.indexOf('name: kubefed-controller-manager-metrics'));
  });
});

describe('options', () => {
  it('accepts the defaults', () => {
    expect(validateInitOptions(base)).toEqual([]);
  });

  it.each([
    [{ name: 'Master_Control' }, /must be a DNS label/],
    [{ dnsZoneName: 'not a zone' }, /is not a DNS domain/],
    [{ apiServerAdvertiseAddress: '192.0.2.1' }, /applies only with --api-server-service-type=NodePort/],
    [{ apiServerServiceType: 'NodePort', apiServerAdvertiseAddress: 'nope' }, /is not an IP address/],
    [{ apiServerServiceType: 'NodePort', apiServerNodePort: 70000 }, /is not a port number/],
    [{ etcdServers: ['etcd:2379'] }, /is not an http\(s\):\/\/host:port URL/],
    [{ etcdPvCapacity: 'lots' }, /is not a quantity/],
    [{ apiServerArgOverrides: { bad: 'x' } }, /is not a flag name/],
  ] as [Partial<InitOptions>, RegExp][])('rejects %j', (change, message) => {
    expect(validateInitOptions({ ...base, ...change }).join('\n')).toMatch(message);
  });

  it("reads v1's arg overrides and applies them sorted", () => {
    expect(parseArgOverrides('--v=4, audit-log-path=/tmp/a,--x')).toEqual({ '--v': '4', '--audit-log-path': '/tmp/a', '--x': 'true' });
    expect(withOverrides(['--b=1', '--a=2'], { '--b': '3', '--c': '4' })).toEqual(['--a=2', '--b=3', '--c=4']);
  });
});

describe('endpoint', () => {
  const nodes = [
    { metadata: { name: 'n1' }, status: { addresses: [{ type: 'InternalIP', address: '10.0.0.1' }, { type: 'Hostname', address: 'n1' }] } },
    { metadata: { name: 'n2' }, status: { addresses: [{ type: 'ExternalIP', address: '203.0.113.2' }, { type: 'InternalIP', address: '10.0.0.2' }] } },
  ];
  const service = (nodePort?: number, ingress?: { ip?: string; hostname?: string }[]) => ({
    metadata: { name: 'apiserver' },
    spec: { clusterIP: '10.96.0.9', ports: [{ name: 'https', port: 443, ...(nodePort ? { nodePort } : {}) }] },
    status: { loadBalancer: { ingress: ingress ?? [] } },
  });

  it('prefers external node addresses, as v1 did', () => {
    expect(nodeAddresses(nodes)).toEqual(['203.0.113.2', '10.0.0.1', '10.0.0.2']);
  });

  it.each([
    ['a load balancer IP', base, service(undefined, [{ ip: '198.51.100.4' }]), { server: 'https://198.51.100.4' }],
    ['a load balancer hostname', base, service(undefined, [{ hostname: 'lb.example.com' }]), { server: 'https://lb.example.com' }],
    ['no load balancer yet', base, service(), { waiting: 'the load balancer has no address yet' }],
    ['a node port on a node', { ...base, apiServerServiceType: 'NodePort' as const }, service(31000), { server: 'https://203.0.113.2:31000' }],
    ['a node port on the advertise address', { ...base, apiServerServiceType: 'NodePort' as const, apiServerAdvertiseAddress: '2001:db8::1' }, service(31000), { server: 'https://[2001:db8::1]:31000' }],
  ])('%s', (_case, options, current, expected) => {
    expect(apiServerEndpoint(options, current, nodes)).toEqual(expected);
  });

  it('covers the Service names, its cluster IP, localhost and the public addresses', () => {
    expect(servingNames(base, service(undefined, [{ ip: '198.51.100.4' }, { hostname: 'lb.example.com' }]))).toEqual({
      dnsNames: ['apiserver', 'apiserver.federation-system', 'apiserver.federation-system.svc', 'apiserver.federation-system.svc.cluster.local', 'localhost', 'lb.example.com'],
      ips: ['127.0.0.1', '10.96.0.9', '198.51.100.4'],
    });
    expect(servingNames({ ...base, apiServerServiceType: 'NodePort' }, service(31000), nodes).ips).toEqual(['127.0.0.1', '10.96.0.9', '203.0.113.2', '10.0.0.1', '10.0.0.2']);
  });
});

describe('readiness', () => {
  const deployment = (replicas: number, ready: number, generation = 1, observed = 1) => ({
    metadata: { name: 'apiserver', generation },
    spec: { replicas },
    status: { observedGeneration: observed, readyReplicas: ready, updatedReplicas: ready },
  });
  const pod = (status: Record<string, unknown>) => ({ metadata: { name: 'p' }, status });

  it.each([
    ['ready', deployment(1, 1), [], { ready: true, text: 'apiserver: 1/1 ready' }],
    ['not created', undefined, [], { ready: false, text: 'apiserver: not created yet' }],
    ['an old generation', deployment(1, 1, 2, 1), [], { ready: false, text: 'apiserver: 1/1 ready' }],
    [
      'pulling an image in vain',
      deployment(1, 0),
      [pod({ phase: 'Pending', containerStatuses: [{ name: 'apiserver', state: { waiting: { reason: 'ImagePullBackOff' } } }] })],
      { ready: false, text: 'apiserver: 0/1 ready (apiserver: ImagePullBackOff)' },
    ],
  ])('%s', (_case, workload, pods, expected) => {
    expect(workloadReadiness('apiserver', workload, pods)).toEqual({ name: 'apiserver', ...expected });
  });

  it('explains pods that cannot be scheduled', () => {
    expect(podTrouble(pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/2 nodes are available' }] }))).toBe(
      'Unschedulable: 0/2 nodes are available',
    );
    expect(podTrouble(pod({ phase: 'Running' }))).toBeUndefined();
  });
});
