// manifests/ against the code: the ClusterRole grants what the controllers use and nothing more,
// and the Deployment is production-shaped. (kubectl apply --dry-run=server -k runs in test/e2e/manifests.test.ts.)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { load } from 'js-yaml';
import { configCommand } from '../../../src/daemon/config/flags.js';
import { federatedAdapters } from '../../../src/cli/status/collect.js';
import { finalizerPolicyName } from '../../../src/controllers/kinds/finalizer-policy.js';

const root = new URL('../../../manifests/', import.meta.url);
// Manifests are deep, loosely typed YAML; the assertions below check their shape, so they walk it untyped.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-argument -- a wrong path fails the assertion it is in */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const read = (file: string) => load(readFileSync(new URL(file, root), 'utf8')) as any;

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

/** grants flattens rules to "group/resource" → sorted verbs. */
function grants(rules: Rule[]): Record<string, string[]> {
  const result: Record<string, Set<string>> = {};
  for (const rule of rules) {
    for (const group of rule.apiGroups) {
      for (const resource of rule.resources) {
        const key = `${group}/${resource}`;
        result[key] ??= new Set();
        rule.verbs.forEach((verb) => result[key]?.add(verb));
      }
    }
  }
  return Object.fromEntries(Object.entries(result).map(([key, verbs]) => [key, [...verbs].sort()]));
}

describe('kustomization', () => {
  // Optional parts stay out of the default installation: components/ (ServiceMonitor), dns/ (external-dns)
  // and monitoring/ (dashboard and alerts).
  const optional = ['components', 'dns', 'monitoring'];
  it('lists every manifest outside components/, dns/ and monitoring/, and nothing optional', () => {
    const kustomization = read('kustomization.yaml');
    const files = (directory: string): string[] =>
      readdirSync(path.join(root.pathname, directory)).flatMap((entry) => {
        const relative = path.join(directory, entry);
        return statSync(path.join(root.pathname, relative)).isDirectory() ? (optional.includes(relative) ? [] : files(relative)) : [relative];
      });
    expect([...kustomization.resources].sort()).toEqual(files('').filter((file) => file !== 'kustomization.yaml').sort());
    expect(kustomization.namespace).toBe('federation-system');
    expect(read('components/service-monitor/kustomization.yaml')).toMatchObject({ kind: 'Component', resources: ['service-monitor.yaml'] });
  });
});

describe('ClusterRole', () => {
  const role = read('rbac/cluster-role.yaml');

  it('grants exactly what the controller-manager uses on the federation API server', () => {
    const expected: Record<string, string[]> = {};
    for (const adapter of federatedAdapters()) {
      expected[`${adapter.type.group}/${adapter.type.plural}`] = ['list', 'patch', 'watch'];
      if (adapter.status) {
        expected[`${adapter.type.group}/${adapter.type.plural}/status`] = ['patch'];
      }
    }
    // The member registry and the cluster controller; the enabled types; the event recorder; the service-dns controller.
    expected['federation.kubefed.dev/clusters'] = ['list', 'watch'];
    expected['federation.kubefed.dev/federatedtypes'] = ['list', 'watch'];
    expected['federation.kubefed.dev/clusters/status'] = ['patch'];
    expected['/events'] = ['create', 'patch'];
    expected['externaldns.k8s.io/dnsendpoints'] = ['create', 'delete', 'get', 'list', 'patch', 'watch'];
    expect(grants(role.rules)).toEqual(expected);
  });

  it('is bound to the ServiceAccount of the Deployment', () => {
    const binding = read('rbac/cluster-role-binding.yaml');
    const deployment = read('controller-manager/deployment.yaml');
    expect(binding.roleRef.name).toBe(role.metadata.name);
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: deployment.spec.template.spec.serviceAccountName, namespace: 'federation-system' }]);
  });
});

describe('leader election Role', () => {
  it('renews only the Lease the controller-manager uses by default, and writes only the finalizer policy’s parameters', () => {
    const role = read('rbac/leader-election-role.yaml');
    const leaseId = configCommand().options.find((option) => option.long === '--leader-elect-id')?.defaultValue;
    expect(role.metadata.namespace).toBe('federation-system');
    expect(role.rules).toEqual([
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: [leaseId], verbs: ['get', 'update'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['create'] },
      { apiGroups: [''], resources: ['configmaps'], resourceNames: [finalizerPolicyName], verbs: ['get', 'patch'] },
    ]);
  });
});

describe('Deployment', () => {
  const deployment = read('controller-manager/deployment.yaml');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  it('runs two replicas that elect a leader, with probes on 8081 and metrics on 8080', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(container.args).toEqual(expect.arrayContaining(['--leader-elect=true', '--metrics-bind-address=:8080', '--health-probe-bind-address=:8081']));
    expect(container.ports).toEqual([
      { name: 'metrics', containerPort: 8080, protocol: 'TCP' },
      { name: 'health', containerPort: 8081, protocol: 'TCP' },
    ]);
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'health' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'health' });
    expect(container.resources.requests).toEqual({ cpu: '100m', memory: '128Mi' });
    expect(container.resources.limits.memory).toBeDefined();
  });

  it('is locked down: non-root, read-only root filesystem, no privilege escalation, no capabilities, RuntimeDefault seccomp', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  it('gets a metrics Service and a ServiceMonitor selecting the same pods', () => {
    const labels = deployment.spec.selector.matchLabels;
    const service = read('controller-manager/metrics-service.yaml');
    expect(service.spec.selector).toEqual(labels);
    expect(service.spec.ports).toEqual([{ name: 'metrics', port: 8080, targetPort: 'metrics', protocol: 'TCP' }]);
    const monitor = read('components/service-monitor/service-monitor.yaml');
    expect(monitor.spec.selector.matchLabels).toEqual(service.metadata.labels && labels);
    expect(monitor.spec.endpoints[0].port).toBe('metrics');
  });
});

describe('NetworkPolicy', () => {
  const policy = read('controller-manager/network-policy.yaml');
  const deployment = read('controller-manager/deployment.yaml');
  const container = deployment.spec.template.spec.containers[0];

  it("selects the controller-manager's pods and admits only scrapes of the metrics port from namespaces labelled metrics=enabled", () => {
    expect(policy.spec.podSelector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
    expect(policy.spec.ingress).toEqual([{ from: [{ namespaceSelector: { matchLabels: { metrics: 'enabled' } } }], ports: [{ port: 'metrics', protocol: 'TCP' }] }]);
    expect(container.ports.map((port: { name: string }) => port.name)).toContain('metrics');
  });

  it('leaves the probe port to the kubelet, whose traffic from the node a NetworkPolicy always allows', () => {
    const probePorts = new Set([container.startupProbe, container.livenessProbe, container.readinessProbe].map((probe) => probe.httpGet.port));
    expect([...probePorts]).toEqual(['health']);
    expect(JSON.stringify(policy.spec.ingress)).not.toContain('health');
  });
});
