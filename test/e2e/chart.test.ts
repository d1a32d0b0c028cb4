// charts/kubefed against manifests/: for its default values the chart renders exactly the objects
// `kubectl kustomize manifests/` renders (Helm's own labels aside), and with the optional parts on,
// exactly what manifests/ with its ServiceMonitor component and monitoring/ renders. Whoever changes
// one side learns here what the other lacks. Then: helm lint, every flag value reaching the
// controller-manager's parser, and a server-side dry run on the lab's federation API server.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { dump, loadAll } from 'js-yaml';
import { parseConfig } from '../../src/daemon/config/flags.js';
import { kubectl, runProcess } from '../lab/lab-environment.js';
import { joinedLab } from './support/federation.js';
import { expectServerDryRunAccepted } from './support/install.js';
import { helm, root } from './support/tools.js';

type KubeObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> } } & Record<string, unknown>;

const chart = path.join(root, 'charts', 'kubefed');
const namespace = 'federation-system';
/** Labels Helm charts add to say who installed an object; manifests/ has no release to name. */
const helmLabels = ['app.kubernetes.io/instance', 'app.kubernetes.io/managed-by', 'app.kubernetes.io/version', 'helm.sh/chart'];
const optionalParts = ['--set', 'serviceMonitor.enabled=true', '--set', 'prometheusRule.enabled=true', '--set', 'grafanaDashboard.enabled=true'];

const keyOf = (object: KubeObject) => `${object.kind} ${object.metadata.namespace ?? ''}/${object.metadata.name}`;

/** withoutHelmLabels drops Helm's labels from every metadata in an object (the pod template's too). */
function withoutHelmLabels(value: unknown, parent?: string): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => withoutHelmLabels(item));
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      parent === 'metadata' && key === 'labels'
        ? Object.fromEntries(Object.entries(item as Record<string, string>).filter(([label]) => !helmLabels.includes(label)))
        : withoutHelmLabels(item, key),
    ]),
  );
}

function objects(yaml: string): Map<string, KubeObject> {
  const documents = (loadAll(yaml) as (KubeObject | null)[]).filter((document): document is KubeObject => document !== null);
  return new Map(documents.map((document) => [keyOf(document), document]));
}

async function render(...args: string[]): Promise<Map<string, KubeObject>> {
  const result = await helm(['template', 'kubefed', chart, '--namespace', namespace, '--include-crds', ...args]);
  if (result.code !== 0) {
    throw new Error(`helm template failed (${result.code}): ${result.stderr}`);
  }
  return objects(result.stdout);
}

async function kustomize(directory: string): Promise<Map<string, KubeObject>> {
  const result = await runProcess(process.env.KUBECTL ?? 'kubectl', ['kustomize', directory]);
  if (result.code !== 0) {
    throw new Error(`kubectl kustomize ${directory} failed (${result.code}): ${result.stderr}`);
  }
  return objects(result.stdout);
}

/**
 * expectSameObjects compares every object either side renders. The release's own Namespace is
 * Helm's to create (helm install --create-namespace), so the chart leaves it out.
 */
function expectSameObjects(rendered: Map<string, KubeObject>, built: Map<string, KubeObject>): void {
  const expected = new Map([...built].filter(([, object]) => !(object.kind === 'Namespace' && object.metadata.name === namespace)));
  const onlyInManifests = [...expected.keys()].filter((key) => !rendered.has(key));
  const onlyInChart = [...rendered.keys()].filter((key) => !expected.has(key));
  expect({ onlyInManifests, onlyInChart }).toEqual({ onlyInManifests: [], onlyInChart: [] });
  for (const [key, object] of expected) {
    // Keyed, so a difference names the object it is in.
    expect({ [key]: withoutHelmLabels(rendered.get(key)) }).toEqual({ [key]: object });
  }
}

let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'kubefed-chart-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('charts/kubefed', () => {
  test('with its default values renders exactly what kubectl kustomize manifests/ renders', async () => {
    const rendered = await render();
    expectSameObjects(rendered, await kustomize(path.join(root, 'manifests')));
    // Helm's labels are there all the same, on every object.
    for (const object of rendered.values()) {
      if (object.kind !== 'CustomResourceDefinition') {
        expect(object.metadata.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/instance': 'kubefed' });
      }
    }
  });

  test('with the ServiceMonitor, alerts and dashboard on renders what manifests/ with its optional parts renders', async () => {
    const overlay = path.join(work, 'overlay');
    // kustomize wants the base beside the overlay, not above it.
    await cp(path.join(root, 'manifests'), path.join(overlay, 'manifests'), { recursive: true });
    await writeFile(
      path.join(overlay, 'kustomization.yaml'),
      dump({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        resources: ['manifests', 'manifests/monitoring'],
        components: ['manifests/components/service-monitor'],
      }),
    );
    const rendered = await render(...optionalParts);
    expect([...rendered.values()].map((object) => object.kind)).toEqual(expect.arrayContaining(['ServiceMonitor', 'PrometheusRule', 'ConfigMap']));
    expectSameObjects(rendered, await kustomize(overlay));
  });

  test('helm lint --strict finds nothing, with the default values and with every optional part on', async () => {
    for (const args of [[], optionalParts, ['--set', 'federationKubeconfig.secretName=kubeconfig', '--set', 'networkPolicy.enabled=false']]) {
      const result = await helm(['lint', chart, '--strict', '--namespace', namespace, ...args]);
      expect({ args, code: result.code, output: result.stdout + result.stderr }).toMatchObject({ args, code: 0 });
      expect(result.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
      expect(result.stdout).not.toMatch(/\[(WARNING|ERROR)\]/);
    }
  });

  test('every flag value reaches the controller-manager as it parses it; the Role follows the Lease name', async () => {
    const values = {
      federationName: 'master-control',
      leaderElect: false,
      federationKubeconfig: { secretName: 'controller-manager-kubeconfig', key: 'config' },
      flags: {
        context: 'master-control',
        controllers: '*,-ingresses',
        workers: 4,
        logLevel: 'debug',
        leaderElectLeaseDuration: '30s',
        leaderElectRenewDeadline: '20s',
        leaderElectRetryPeriod: '4s',
        leaderElectId: 'kubefed-blue',
        federationQps: 123.5,
        federationBurst: 1000000,
        eventQps: 10,
        eventBurst: 20,
        memberQps: 50,
        memberBurst: 60,
        memberConcurrency: 8,
        memberTimeout: '20s',
        insecureSkipMemberTlsVerify: true,
        clusterProbePeriod: '20s',
        clusterProbeTimeout: '3s',
        clusterFailureThreshold: 5,
        clusterSuccessThreshold: 2,
        failoverGracePeriod: '3m',
        unschedulableThreshold: '2m',
        hpaScaleForbiddenWindow: '4m',
        resyncPeriod: '10m',
        shutdownTimeout: '40s',
        dnsZoneName: 'example.com',
        serviceDnsSuffix: 'svc.example.com',
        dnsTtl: 60,
      },
    };
    const file = path.join(work, 'values.yaml');
    await writeFile(file, dump(values));
    const rendered = await render('--values', file);
    const deployment = rendered.get(`Deployment ${namespace}/kubefed-controller-manager`) as unknown as {
      spec: { template: { spec: { automountServiceAccountToken?: boolean; containers: { args: string[]; volumeMounts: { name: string; mountPath: string }[] }[]; volumes: { name: string; secret?: { secretName: string } }[] } } };
    };
    const pod = deployment.spec.template.spec;
    const config = parseConfig(pod.containers[0]?.args ?? []);
    expect(config).toMatchObject({
      kubeconfig: '/etc/kubefed/federation/config',
      context: 'master-control',
      federationName: 'master-control',
      leaderElect: false,
      controllers: ['namespaces', 'configmaps', 'secrets', 'services', 'daemonsets', 'deployments', 'replicasets', 'jobs', 'horizontalpodautoscalers', 'service-dns'],
      workers: 4,
      logLevel: 'debug',
      leaderElectLeaseDurationMs: 30_000,
      leaderElectRenewDeadlineMs: 20_000,
      leaderElectRetryPeriodMs: 4_000,
      leaderElectId: 'kubefed-blue',
      federationQps: 123.5,
      federationBurst: 1_000_000,
      eventQps: 10,
      eventBurst: 20,
      memberQps: 50,
      memberBurst: 60,
      memberConcurrency: 8,
      memberTimeoutMs: 20_000,
      insecureSkipMemberTlsVerify: true,
      clusterProbePeriodMs: 20_000,
      clusterProbeTimeoutMs: 3_000,
      clusterFailureThreshold: 5,
      clusterSuccessThreshold: 2,
      failoverGracePeriodMs: 180_000,
      unschedulableThresholdMs: 120_000,
      hpaScaleForbiddenWindowMs: 240_000,
      resyncPeriodMs: 600_000,
      shutdownTimeoutMs: 40_000,
      dnsZoneName: 'example.com',
      serviceDnsSuffix: 'svc.example.com',
      dnsTtl: 60,
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.containers[0]?.volumeMounts).toContainEqual(expect.objectContaining({ name: 'federation-kubeconfig', mountPath: '/etc/kubefed/federation' }));
    expect(pod.volumes).toContainEqual(expect.objectContaining({ name: 'federation-kubeconfig', secret: expect.objectContaining({ secretName: 'controller-manager-kubeconfig' }) }));
    const role = rendered.get(`Role ${namespace}/kubefed-controller-manager:leader-election`) as unknown as { rules: { resourceNames?: string[] }[] };
    // The Lease it holds, and the finalizer policy's parameters it keeps (see finalizer-policy.ts).
    expect(role.rules.flatMap((rule) => rule.resourceNames ?? [])).toEqual(['kubefed-blue', 'kubefed-finalizer']);
  });

  test('refuses a namespace other than federation-system, saying why', async () => {
    const result = await helm(['template', 'kubefed', chart, '--namespace', 'kubefed']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('install kubefed into the namespace federation-system (kubefed join writes member credentials there), not "kubefed"');
  });

  test('installs on the lab\'s federation API server (server-side dry run)', async () => {
    // join created federation-system there, as it does in any federation kubefed runs in.
    const state = await joinedLab();
    const template = await helm(['template', 'kubefed', chart, '--namespace', namespace, '--include-crds']);
    expect(template.code).toBe(0);
    expectServerDryRunAccepted(await kubectl(state.federation, ['apply', '--dry-run=server', '-f', '-'], { input: template.stdout }));
  });
});
