// Least privilege, shown: the controller-manager runs under the manifests' ServiceAccount (a token
// from TokenRequest against the RBAC-enforcing federation API server) without a single 403, and
// taking away any rule of its roles makes it run into one. The same holds in members for the roles
// kubefed join creates there, and for the roles kubefed enable adds for a type by aggregation.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { dumpYaml, loadAllYaml, loadYaml } from '@kubernetes/client-node';
import { joinLabMembers } from '../../src/cli/lab/run-command.js';
import { federationRole as federationEnabledRole, memberRole as memberEnabledRole } from '../../src/cli/enable/roles.js';
import { memberAccessNames, memberClusterRole, memberTokenRole } from '../../src/cli/join/member-access.js';
import type { LabState } from '../../src/cli/lab/index.js';
import { tokenExpiresAnnotation, tokenIssuedAnnotation, tokenServiceAccountAnnotation } from '../../src/core/well-known.js';
import { ControllerManager, fastFlags } from './support/controller-manager.js';
import { getJson, joinedLab, run, settled, uniqueName, waitFor } from './support/federation.js';
import { runProcess } from '../lab/lab-environment.js';

const manifests = (file: string) => fileURLToPath(new URL(`../../manifests/${file}`, import.meta.url));
const namespace = uniqueName('rbac');
const flags = [...fastFlags, '--dns-zone-name=example.com'];
let state: LabState;
let federation: string;
let kubeconfig: string;

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}
interface RoleDocument {
  kind: string;
  metadata: { name: string; namespace?: string };
  rules: Rule[];
}

const documents = async (file: string) => loadAllYaml(await readFile(manifests(file), 'utf8')) as RoleDocument[];
const clusterRole = async () => (await documents('rbac/cluster-role.yaml')).find((document) => document.kind === 'ClusterRole') as RoleDocument;
const leaderRole = async () => (await documents('rbac/leader-election-role.yaml')).find((document) => document.kind === 'Role') as RoleDocument;
const applyRole = (role: RoleDocument) => run(federation, ['apply', '--server-side', '--force-conflicts', '-f', '-'], JSON.stringify(role));
/** Log lines that show a controller-manager at work, or retrying what its role does not allow. */
const running = ['caches synced', 'list/watch failed, retrying', 'cannot read the federation identity yet, retrying'];
const forbidden = (manager: ControllerManager) => manager.sample('rest_client_requests_total', { code: '403' });

/** The objects that make the controller-manager use every permission it has. */
const workloads = {
  deployment: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'registry.example/web:1' }] } } } },
  replicaSet: { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'worker', namespace }, spec: { replicas: 2, selector: { matchLabels: { app: 'worker' } }, template: { metadata: { labels: { app: 'worker' } }, spec: { containers: [{ name: 'worker', image: 'registry.example/worker:1' }] } } } },
  daemonSet: { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace }, spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'registry.example/agent:1' }] } } } },
  job: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'batch', namespace }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'batch', image: 'registry.example/batch:1' }] } } } },
  hpa: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 4 } },
  ingress: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace }, spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } } },
  service: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace }, spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } },
};

beforeAll(async () => {
  state = await joinedLab();
  federation = state.federation;
  // Earlier suites' namespaces must be gone first: events about objects in a terminating namespace
  // are refused with 403, which would blur what this suite counts. A controller-manager finishes them.
  const cleaner = await ControllerManager.start({ flags: fastFlags });
  await settled(federation);
  await cleaner.stop();
  await run(federation, ['apply', '--server-side', '-f', manifests('dns/dnsendpoints.externaldns.k8s.io.yaml')]);
  await run(federation, ['apply', '--server-side', '--force-conflicts', '-f', manifests('namespace.yaml'), '-f', manifests('rbac/')]);
  const token = (await run(federation, ['create', 'token', 'kubefed-controller-manager', '-n', 'federation-system', '--duration=2h'])).trim();
  const admin = loadYaml<{ clusters: { name: string; cluster: Record<string, unknown> }[] }>(await readFile(state.kubeconfig, 'utf8'));
  const cluster = admin.clusters.find((entry) => entry.name === federation);
  kubeconfig = path.join(await mkdtemp(path.join(tmpdir(), 'kubefed-rbac-')), 'kubeconfig');
  await writeFile(
    kubeconfig,
    dumpYaml({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: federation, cluster: cluster?.cluster }],
      users: [{ name: 'kubefed-controller-manager', user: { token } }],
      contexts: [{ name: 'service-account', context: { cluster: federation, user: 'kubefed-controller-manager' } }],
      'current-context': 'service-account',
    }),
  );
  await run(federation, ['create', 'namespace', namespace]);
});

afterAll(async () => {
  await run(federation, ['delete', 'namespace', namespace, '--wait=false']).catch(() => undefined);
  await applyRole(await clusterRole()).catch(() => undefined);
  await applyRole(await leaderRole()).catch(() => undefined);
});

describe("the manifests' ServiceAccount", () => {
  test('is enough for the whole job: propagation, status of every kind, cluster health, events, DNS records, the Lease — with zero 403s', async () => {
    await run(federation, ['delete', 'lease', 'kubefed-controller-manager', '-n', 'federation-system', '--ignore-not-found']);
    // An empty Cluster status makes the cluster controller write one.
    await run(federation, ['patch', 'cluster', 'azurek8s', '--subresource=status', '--type=merge', '-p', '{"status":{"conditions":null,"zones":null,"region":null}}']);
    const manager = await ControllerManager.start({ kubeconfig, context: 'service-account', flags });
    try {
      await waitFor('azurek8s status written again', async () => (await getJson<{ status?: { region?: string } }>(federation, ['cluster', 'azurek8s']))?.status?.region !== undefined, 30_000);
      await run(federation, ['create', 'configmap', 'settings', '-n', namespace, '--from-literal=a=1']);
      await run(federation, ['create', 'secret', 'generic', 'token', '-n', namespace, '--from-literal=t=x']);
      await run(federation, ['create', '-f', '-'], Object.values(workloads).map((object) => JSON.stringify(object)).join('\n'));
      await run(federation, ['rollout', 'status', 'deployment/web', '-n', namespace, '--timeout=60s']);
      for (const member of ['gcek8s', 'awsk8s', 'azurek8s']) {
        await waitFor(`the Service in ${member}`, async () => (await getJson(member, ['service', 'web', '-n', namespace])) !== undefined, 30_000);
        await run(member, ['patch', 'service', 'web', '-n', namespace, '--subresource=status', '--type=merge', '-p', '{"status":{"loadBalancer":{"ingress":[{"ip":"192.0.2.7"}]}}}']);
        await run(member, ['patch', 'ingress', 'web', '-n', namespace, '--subresource=status', '--type=merge', '-p', '{"status":{"loadBalancer":{"ingress":[{"ip":"198.51.100.7"}]}}}']);
      }
      await waitFor('aggregated Service, Ingress, DaemonSet, ReplicaSet, Job and HPA status', async () => {
        const get = async (kind: string, name: string) => (await getJson<{ status?: Record<string, unknown> }>(federation, [kind, name, '-n', namespace]))?.status ?? {};
        const service = (await get('service', 'web')).loadBalancer as { ingress?: unknown[] } | undefined;
        const ingress = (await get('ingress', 'web')).loadBalancer as { ingress?: unknown[] } | undefined;
        const checks = {
          service: service?.ingress?.length === 3,
          ingress: ingress?.ingress?.length === 3,
          daemonSet: (await get('daemonset', 'agent')).numberReady === 6,
          replicaSet: (await get('replicaset', 'worker')).readyReplicas === 2,
          job: (await get('job', 'batch')).succeeded === 1,
          hpa: (await get('hpa', 'web')).desiredReplicas !== undefined,
        };
        return Object.values(checks).every(Boolean) || checks;
      }, 60_000);
      // The same warning twice updates one Event's count (events: patch).
      await run(federation, ['annotate', 'configmap', 'settings', '-n', namespace, 'federation.alpha.kubernetes.io/cluster-selector=not json']);
      await run(federation, ['label', 'configmap', 'settings', '-n', namespace, 'again=yes']);
      await waitFor('a repeated warning counted', async () => {
        const list = await getJson<{ items: { reason: string; count?: number }[] }>(federation, ['events', '-n', namespace, '--field-selector', 'involvedObject.name=settings']);
        return (list?.items ?? []).some((event) => event.reason === 'InvalidClusterSelector' && (event.count ?? 0) > 1);
      }, 30_000);
      await waitFor('the DNSEndpoint of the Service', async () => (await getJson(federation, ['dnsendpoint', 'service-web', '-n', namespace])) !== undefined, 30_000);
      await run(federation, ['delete', 'service', 'web', '-n', namespace]);
      await waitFor('the DNSEndpoint deleted with it', async () => (await getJson(federation, ['dnsendpoint', 'service-web', '-n', namespace])) === undefined, 30_000);
      expect({ refused: await forbidden(manager), lines: manager.raw.filter((line) => line.includes('forbidden')) }).toEqual({ refused: 0, lines: [] });
      expect(await manager.stop()).toBe(0);
    } finally {
      await manager.stop();
    }
  });
});

/** holderOf finds a member holding a copy: splits (HPA bounds, Job parallelism) can leave some members without one. */
async function holderOf(kind: string, name: string): Promise<string> {
  for (const member of ['gcek8s', 'awsk8s', 'azurek8s']) {
    if (await getJson(member, [kind, name, '-n', namespace])) {
      return member;
    }
  }
  throw new Error(`no member holds ${kind} ${name}`);
}

/** What makes the controller-manager use a rule, given that the scenario above left its objects in place. */
async function provoke(rule: Rule): Promise<void> {
  const resource = rule.resources[0] ?? '';
  if (resource === 'clusters/status') {
    await run(federation, ['patch', 'cluster', 'azurek8s', '--subresource=status', '--type=merge', '-p', '{"status":{"region":null}}']);
  } else if (resource === 'events') {
    await run(federation, ['label', 'configmap', 'settings', '-n', namespace, `provoked=${Date.now()}`]);
  } else if (resource.endsWith('/status')) {
    // A member's copy changes status, so the federated status is written again.
    const kind = resource.replace('/status', '').replace(/s$/, '');
    const name = { service: 'lb', ingresse: 'web', deployment: 'web', replicaset: 'worker', daemonset: 'agent', job: 'batch', horizontalpodautoscaler: 'web' }[kind] ?? 'web';
    if (kind === 'service') {
      await run(federation, ['create', 'service', 'loadbalancer', name, '-n', namespace, '--tcp=80:80']).catch(() => undefined);
      await waitFor('the Service in gcek8s', async () => (await getJson('gcek8s', ['service', name, '-n', namespace])) !== undefined, 30_000);
      await run('gcek8s', ['patch', 'service', name, '-n', namespace, '--subresource=status', '--type=merge', '-p', `{"status":{"loadBalancer":{"ingress":[{"ip":"203.0.113.${Date.now() % 250}"}]}}}`]);
    } else if (kind === 'ingresse') {
      await run('gcek8s', ['patch', 'ingress', name, '-n', namespace, '--subresource=status', '--type=merge', '-p', `{"status":{"loadBalancer":{"ingress":[{"ip":"203.0.113.${Date.now() % 250}"}]}}}`]);
    } else if (kind === 'horizontalpodautoscaler') {
      const holder = await holderOf('hpa', name);
      await run(holder, ['patch', 'hpa', name, '-n', namespace, '--subresource=status', '--type=merge', '-p', `{"status":{"currentReplicas":${2 + (Date.now() % 3)},"desiredReplicas":2}}`]);
    } else {
      await run(federation, ['scale', kind === 'job' ? 'job' : kind, name, '-n', namespace, `--replicas=3`]).catch(() => undefined);
      if (kind === 'job' || kind === 'daemonset') {
        // A member copy recreated from scratch reports a new status, which the federated status follows.
        await run(federation, ['label', kind, name, '-n', namespace, `provoked=${Date.now()}`]);
        const holder = await holderOf(kind, name);
        await run(holder, ['delete', kind, name, '-n', namespace, '--wait=false']);
      }
    }
  } else if (resource === 'configmaps' && rule.verbs.includes('create')) {
    // The leader creates the finalizer policy's parameters as it starts, when they are not there yet.
    await run(federation, ['delete', 'configmap', 'kubefed-finalizer', '-n', 'federation-system', '--ignore-not-found']);
  } else if (rule.verbs.includes('patch') && !rule.verbs.includes('list')) {
    await run(federation, ['create', 'configmap', uniqueName('provoke'), '-n', namespace, '--from-literal=a=1']);
  } else if (resource === 'leases') {
    await run(federation, ['delete', 'lease', 'kubefed-controller-manager', '-n', 'federation-system', '--ignore-not-found']);
  }
}

describe('every rule is needed', () => {
  test('removing any rule of the ClusterRole or the leader-election Role makes the controller-manager hit a 403', async () => {
    const roles = [await clusterRole(), await leaderRole()];
    const unused: string[] = [];
    for (const role of roles) {
      for (const [index, rule] of role.rules.entries()) {
        const reduced = { ...role, rules: role.rules.filter((_rule, position) => position !== index) };
        await applyRole(reduced);
        if ((rule.resources.includes('leases') || rule.resources.includes('configmaps')) && rule.verbs.includes('create')) {
          await provoke(rule);
        }
        const manager = await ControllerManager.start({ kubeconfig, context: 'service-account', flags, waitReady: false });
        try {
          await waitFor('the controller-manager running', () => manager.lines.some((line) => running.includes(line.msg)) || manager.exitCode !== undefined, 30_000);
          await provoke(rule);
          // The refusal must be for this very rule: "cannot <verb> resource "<resource>"", as the API server words it.
          const refusals = rule.verbs.flatMap((verb) => rule.resources.map((resource) => `cannot ${verb} resource \\"${resource}\\"`));
          await waitFor(`a 403 without ${role.kind} rule ${JSON.stringify(rule)}`, () => manager.raw.some((line) => refusals.some((refusal) => line.includes(refusal))), 30_000).catch(() =>
            unused.push(`${role.metadata.name}: ${JSON.stringify(rule)}`),
          );
        } finally {
          await manager.stop();
          await applyRole(role);
        }
      }
    }
    expect(unused).toEqual([]);
  });
});

describe('the member roles kubefed join creates', () => {
  const member = 'azurek8s';
  const names = memberAccessNames('master-control');
  const roles = [memberClusterRole(names.clusterRole), memberTokenRole(names.tokenRole, names.serviceAccount)] as unknown as RoleDocument[];
  const applyInMember = (role: RoleDocument) => run(member, ['apply', '--server-side', '--field-manager=kubefed-cli', '--force-conflicts', '-f', '-'], JSON.stringify(role));
  let host: string;
  let replicas = 3;
  const refusedBy = (manager: ControllerManager) => manager.sample('rest_client_requests_total', { code: '403', host });

  beforeAll(async () => {
    host = new URL(state.clusters.find((cluster) => cluster.name === member)?.server ?? '').host;
    // Its pods never become ready (no node matches), so every reconcile of it looks at the members' pods.
    const labels = { app: 'member-web' };
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'member-web', namespace },
      spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { nodeSelector: { 'kubefed.dev/no-such-node': 'true' }, containers: [{ name: 'web', image: 'registry.example/web:1' }] } } },
    };
    await run(federation, ['create', '-f', '-'], JSON.stringify(deployment));
  });

  afterAll(async () => {
    // join puts back the full roles and the token controller's token, without the renewal annotations.
    await joinLabMembers(state, () => undefined);
  });

  /** What makes the controller-manager use a member rule; the propagated kinds and nodes are read as it starts. */
  async function provokeInMember(rule: Rule): Promise<void> {
    if (rule.resources.includes('pods')) {
      // Any change makes the split look at the pods again, which never become ready; three more give every member one more.
      replicas += 3;
      await run(federation, ['scale', 'deployment', 'member-web', '-n', namespace, `--replicas=${replicas}`]);
    } else if (rule.resources.includes('serviceaccounts/token')) {
      const now = Date.now();
      await run(federation, [
        'annotate', 'secret', `${member}-kubefed`, '-n', 'federation-system', '--overwrite',
        `${tokenServiceAccountAnnotation}=${names.serviceAccount}`,
        `${tokenIssuedAnnotation}=${new Date(now - 3_600_000).toISOString()}`,
        `${tokenExpiresAnnotation}=${new Date(now + 600_000).toISOString()}`,
      ]);
    }
  }

  test('are enough: a controller-manager doing every kind of member work meets no 403 there', async () => {
    const manager = await ControllerManager.start({ flags });
    try {
      for (const rule of roles.flatMap((role) => role.rules)) {
        await provokeInMember(rule);
      }
      await waitFor('the member token renewed', async () => (await getJson<{ metadata: { annotations?: Record<string, string> } }>(federation, ['secret', `${member}-kubefed`, '-n', 'federation-system']))?.metadata.annotations?.[tokenExpiresAnnotation] !== undefined && manager.lines.some((line) => line.msg === 'member token renewed' && line.cluster === member), 30_000);
      await waitFor(`member-web in ${member}, its pods looked at`, async () => (await getJson<{ status?: { replicas?: number } }>(member, ['deployment', 'member-web', '-n', namespace]))?.status?.replicas === replicas / 3, 60_000);
      await run(federation, ['label', 'deployment', 'member-web', '-n', namespace, `looked=${Date.now()}`]);
      expect(await refusedBy(manager)).toBe(0);
    } finally {
      await manager.stop();
    }
  });

  test('have no rule to spare: removing any one makes the controller-manager hit a 403 in the member', async () => {
    // The members' pods are only looked at once a copy is older than the unschedulable threshold (its pods cannot have
    // been pending longer); member-web's copies are older than a second by now, so each reconcile lists them.
    const listing = [...flags, '--unschedulable-threshold=1s'];
    const unused: string[] = [];
    for (const role of roles) {
      for (const [index, rule] of role.rules.entries()) {
        await applyInMember({ ...role, rules: role.rules.filter((_rule, position) => position !== index) });
        const manager = await ControllerManager.start({ flags: listing, waitReady: false });
        try {
          await waitFor('the controller-manager running', () => manager.lines.some((line) => running.includes(line.msg)) || manager.exitCode !== undefined, 30_000);
          await provokeInMember(rule);
          await waitFor(`a 403 from ${member} without ${role.kind} rule ${JSON.stringify(rule)}`, async () => (await refusedBy(manager)) > 0, 30_000).catch(() =>
            unused.push(`${role.metadata.name}: ${JSON.stringify(rule)}`),
          );
        } finally {
          await manager.stop();
          await applyInMember(role);
        }
      }
    }
    expect(unused).toEqual([]);
  });
});

describe('a type kubefed enable grants', () => {
  const type = 'poddisruptionbudgets.policy';
  const members = ['gcek8s', 'awsk8s', 'azurek8s'];
  const cli = fileURLToPath(new URL('../../bin/kubefed.js', import.meta.url));
  const kubefed = (args: string[]) => runProcess(process.execPath, [cli, ...args, ...members.map((member) => `--member-context=${member}`), `--kubeconfig=${state.kubeconfig}`, `--context=${federation}`]);
  const budgets = { group: 'policy', version: 'v1', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', namespaced: true };
  const federationRole = federationEnabledRole(budgets);
  const memberRole = memberEnabledRole(budgets, memberAccessNames('master-control'));
  const refusal = 'cannot list resource \\"poddisruptionbudgets\\"';

  beforeAll(async () => {
    expect(await kubefed(['enable', type])).toMatchObject({ code: 0, stderr: '' });
  });

  afterAll(async () => {
    await kubefed(['disable', type]).catch(() => undefined);
  });

  test("is enough, by aggregation alone: the manifests' ServiceAccount and join's member role propagate it with zero 403s", async () => {
    const manager = await ControllerManager.start({ kubeconfig, context: 'service-account', flags });
    try {
      await run(federation, ['create', 'poddisruptionbudget', 'rbac-budget', '-n', namespace, '--selector=app=web', '--min-available=1']);
      for (const member of members) {
        await waitFor(`the PodDisruptionBudget in ${member}`, async () => (await getJson(member, ['poddisruptionbudget', 'rbac-budget', '-n', namespace])) !== undefined, 30_000);
      }
      expect({ refused: await forbidden(manager), lines: manager.raw.filter((line) => line.includes('forbidden')) }).toEqual({ refused: 0, lines: [] });
    } finally {
      await manager.stop();
    }
  });

  test('has no rule to spare: without the federation role or a member role the controller-manager hits a 403', async () => {
    const cases = [
      { where: federation, role: federationRole },
      { where: 'azurek8s', role: memberRole },
    ];
    for (const { where, role } of cases) {
      await run(where, ['delete', 'clusterrole', role.metadata.name ?? '']);
      const manager = await ControllerManager.start({ kubeconfig, context: 'service-account', flags, waitReady: false });
      try {
        await waitFor(`a 403 in ${where} without ${role.metadata.name}`, () => manager.raw.some((line) => line.includes(refusal)), 30_000);
      } finally {
        await manager.stop();
        await run(where, ['apply', '--server-side', '--field-manager=kubefed-cli', '-f', '-'], JSON.stringify(role));
      }
    }
  });
});
