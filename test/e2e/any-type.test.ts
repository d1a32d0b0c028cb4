// Any resource type, as a user enables it while kubefed runs: a CRD installed in the federation and both
// members, `kubefed enable` it, and custom objects propagate like the built-in kinds (drift repaired,
// cluster selector, deletion cascade); `kubefed disable` stops that and leaves the copies. A member
// without the CRD gets a Warning and the other still receives the objects. ServiceAccounts,
// PodDisruptionBudgets and NetworkPolicies are enabled and propagated the same way.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { crdObject } from '../../src/bench/enabled-types.js';
import { memberStatesAnnotation, propagationFinalizer } from '../../src/core/well-known.js';
import { clusterSelectorAnnotation } from '../../src/scheduling/cluster-selector.js';
import type { ControllerManager } from './support/controller-manager.js';
import { startSuite, stopSuite } from './support/suite.js';
import { events, getJson, run, uniqueName, waitFor } from './support/federation.js';
import { labKubeconfig, runProcess } from '../lab/lab-environment.js';

const namespace = uniqueName('any-type');
// A group of its own per run, so a reused lab never sees an earlier run's CRDs or enabled types.
const group = `${namespace}.e2e.kubefed.dev`;
const widgets = `widgets.${group}`;
const gadgets = `gadgets.${group}`;
const builtIn = ['serviceaccounts', 'poddisruptionbudgets.policy', 'networkpolicies.networking.k8s.io'];
const cli = fileURLToPath(new URL('../../bin/kubefed.js', import.meta.url));
let federation: string;
let members: string[];
let manager: ControllerManager;

/**
 * withStatus gives widgets a status subresource with conditions, as an operator's CRD has: the member's operator
 * (here, kubectl) sets them, and kubefed shows them on the federated object and in `kubefed status`.
 */
function withStatus(crd: ReturnType<typeof crdObject>) {
  const [version] = crd.spec.versions;
  const schema = { type: 'object', properties: { ...version!.schema.openAPIV3Schema.properties, status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } };
  return { ...crd, spec: { ...crd.spec, versions: [{ ...version!, schema: { openAPIV3Schema: schema }, subresources: { status: {} } }] } };
}

async function installCrd(cluster: string, plural: string, kind: string): Promise<void> {
  const crd = crdObject(group, plural, kind);
  await run(cluster, ['apply', '-f', '-'], JSON.stringify(plural === 'widgets' ? withStatus(crd) : crd));
  await run(cluster, ['wait', '--for=condition=Established', `crd/${plural}.${group}`, '--timeout=60s']);
}

/** kubefed runs the CLI against the lab, naming the federation and, for enable and disable, both members. */
function kubefed(args: string[]) {
  return runProcess(process.execPath, [cli, ...args, `--kubeconfig=${labKubeconfig()}`, `--context=${federation}`]);
}

const memberFlags = () => members.map((member) => `--member-context=${member}`);

function widget(name: string, spec: Record<string, unknown>, annotations: Record<string, string> = {}): string {
  return JSON.stringify({ apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name, namespace, annotations }, spec });
}

const copyIn = (cluster: string, resource: string, name: string) => getJson<{ metadata: { labels?: Record<string, string> }; spec?: Record<string, unknown> }>(cluster, [resource, name, '-n', namespace]);

async function appears(cluster: string, resource: string, name: string, check: (copy: { spec?: Record<string, unknown> }) => boolean = () => true): Promise<void> {
  await waitFor(`${resource} ${name} in ${cluster}`, async () => {
    const copy = await copyIn(cluster, resource, name);
    return (copy !== undefined && check(copy)) || copy?.spec || 'absent';
  }, 60_000);
}

async function gone(cluster: string, resource: string, name: string): Promise<void> {
  await waitFor(`${resource} ${name} gone from ${cluster}`, async () => (await copyIn(cluster, resource, name)) === undefined, 60_000);
}

beforeAll(async () => {
  ({ federation, members, manager } = await startSuite(namespace));
  await installCrd(federation, 'widgets', 'Widget');
  await Promise.all(members.map((member) => installCrd(member, 'widgets', 'Widget')));
  await installCrd(federation, 'gadgets', 'Gadget');
  // Gadgets only in the first member: the second does not serve the type.
  await installCrd(members[0]!, 'gadgets', 'Gadget');
});

afterAll(async () => {
  for (const type of [widgets, gadgets, ...builtIn]) {
    await kubefed(['disable', type, ...memberFlags()]).catch(() => undefined);
  }
  await stopSuite(federation, namespace, manager);
  for (const cluster of [federation, ...members]) {
    await run(cluster, ['delete', 'crd', widgets, gadgets, '--ignore-not-found', '--wait=false']).catch(() => undefined);
  }
});

describe('a custom resource enabled while kubefed runs', () => {
  test('kubefed enable checks the federation serves it, reports each member, and lists it in the enabled object', async () => {
    const enabled = await kubefed(['enable', widgets, ...memberFlags()]);
    expect(enabled).toMatchObject({ code: 0 });
    expect(enabled.stdout).toContain(`${widgets} enabled (Widget, ${group}/v1, namespaced)`);
    for (const member of members) {
      expect(enabled.stdout).toContain(`member ${member}: serves ${widgets}; role written`);
    }
    const listed = await getJson<{ spec: { types: { plural: string; group: string }[] } }>(federation, ['federatedtypes', 'enabled']);
    expect(listed?.spec.types).toContainEqual({ group, version: 'v1', kind: 'Widget', plural: 'widgets', scope: 'Namespaced' });

    const refused = await kubefed(['enable', `sprockets.${group}`]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`does not serve sprockets.${group} (is its CRD installed?)`);
  });

  test('an object appears in both members, is repaired after a member edit, and shows each member in sync', async () => {
    await run(federation, ['apply', '-f', '-'], widget('blue', { size: 3, color: 'blue' }));
    for (const member of members) {
      await appears(member, widgets, 'blue', (copy) => copy.spec?.size === 3);
    }
    await run(members[0]!, ['patch', widgets, 'blue', '-n', namespace, '--type=merge', '-p', '{"spec":{"size":99}}']);
    await appears(members[0]!, widgets, 'blue', (copy) => copy.spec?.size === 3);
    await waitFor('the member states annotation to list both members in sync', async () => {
      const federated = await getJson<{ metadata: { annotations?: Record<string, string> } }>(federation, [widgets, 'blue', '-n', namespace]);
      const states = JSON.parse(federated?.metadata.annotations?.[memberStatesAnnotation] ?? '{}') as Record<string, { synced: boolean }>;
      return members.every((member) => states[member]?.synced === true) || states;
    }, 60_000);
    // kubefed status counts each member's copies of the enabled type and checks them as it checks the built-in kinds.
    const status = await kubefed(['status', '-o', 'json']);
    expect(status.stderr).toBe('');
    const report = JSON.parse(status.stdout) as { clusters: { name: string; managed?: Record<string, number> }[]; outOfSync: { kind: string; name: string }[] };
    for (const member of members) {
      expect(report.clusters.find((cluster) => cluster.name === member)?.managed?.[widgets]).toBe(1);
    }
    expect(report.outOfSync.filter((problem) => problem.kind === 'Widget')).toEqual([]);
  });

  test("kubefed status shows each member copy's Ready condition, as the member's operator set it", async () => {
    const [first, second] = [members[0]!, members[1]!];
    const ready = { type: 'Ready', status: 'False', reason: 'IssuerNotReady', message: 'waiting for issuer ca', lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') };
    await run(first, ['patch', widgets, 'blue', '-n', namespace, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { conditions: [ready] } })]);
    await waitFor(`the member states annotation to show ${first}'s Ready condition`, async () => {
      const federated = await getJson<{ metadata: { annotations?: Record<string, string> } }>(federation, [widgets, 'blue', '-n', namespace]);
      const states = JSON.parse(federated?.metadata.annotations?.[memberStatesAnnotation] ?? '{}') as Record<string, { Ready?: { status: string } }>;
      return states[first]?.Ready?.status === 'False' || states;
    }, 60_000);
    const table = await kubefed(['status']);
    expect(table.code).toBe(0);
    const rows = table.stdout.slice(table.stdout.indexOf('Member copies of enabled types')).split('\n');
    const row = (member: string) => rows.find((line) => new RegExp(`^Widget +${namespace} +blue +${member} `).test(line));
    expect(row(first)).toMatch(/ yes +False +- +IssuerNotReady: waiting for issuer ca$/);
    expect(row(second)).toMatch(/ yes +- +-$/);
    const json = JSON.parse((await kubefed(['status', '-o', 'json'])).stdout) as { memberStates: { name: string; cluster?: string; synced?: boolean; Ready?: unknown }[] };
    expect(json.memberStates.find((state) => state.name === 'blue' && state.cluster === first)).toMatchObject({
      synced: true,
      Ready: { status: 'False', reason: 'IssuerNotReady', message: 'waiting for issuer ca' },
    });
  });

  test('a cluster selector keeps an object to the members it selects', async () => {
    await run(federation, ['label', 'cluster', members[0]!, `any-type=${namespace}`, '--overwrite']);
    try {
      await run(federation, ['apply', '-f', '-'], widget('red', { size: 1 }, { [clusterSelectorAnnotation]: JSON.stringify([{ key: 'any-type', operator: 'In', values: [namespace] }]) }));
      await appears(members[0]!, widgets, 'red');
      // An object created after it, for every member, reaches the second member: by then red would have too.
      await run(federation, ['apply', '-f', '-'], widget('after-red', { size: 1 }));
      await appears(members[1]!, widgets, 'after-red');
      expect(await copyIn(members[1]!, widgets, 'red')).toBeUndefined();
    } finally {
      await run(federation, ['label', 'cluster', members[0]!, 'any-type-']).catch(() => undefined);
    }
  });

  test('deleting the federated object deletes the copies', async () => {
    await run(federation, ['delete', widgets, 'blue', '-n', namespace]);
    for (const member of members) {
      await gone(member, widgets, 'blue');
    }
  });

  test('a member that does not serve the type gets a Warning and the other member still receives the object', async () => {
    const enabled = await kubefed(['enable', gadgets, ...memberFlags()]);
    expect(enabled.code).toBe(0);
    expect(enabled.stdout).toContain(`member ${members[0]}: serves ${gadgets}`);
    expect(enabled.stderr).toContain(`member ${members[1]}: the server does not serve ${gadgets}`);
    await run(federation, ['apply', '-f', '-'], JSON.stringify({ apiVersion: `${group}/v1`, kind: 'Gadget', metadata: { name: 'lamp', namespace }, spec: { watts: 40 } }));
    await appears(members[0]!, gadgets, 'lamp');
    await waitFor(`a KindNotSynced Warning on ${members[1]}`, async () => {
      const found = await events(federation, 'default', members[1]!);
      return found.some((line) => line.startsWith('Warning KindNotSynced') && line.includes('Gadget')) || found;
    }, 60_000);
  });

  test('kubefed disable stops propagation and leaves the copies in place', async () => {
    await run(federation, ['apply', '-f', '-'], widget('green', { size: 2 }));
    for (const member of members) {
      await appears(member, widgets, 'green');
    }
    const disabled = await kubefed(['disable', widgets, ...memberFlags()]);
    expect(disabled).toMatchObject({ code: 0, stderr: '' });
    await waitFor("kubefed's finalizer to leave the federated objects", async () => {
      const federated = await getJson<{ metadata: { finalizers?: string[] } }>(federation, [widgets, 'green', '-n', namespace]);
      return !(federated?.metadata.finalizers ?? []).includes(propagationFinalizer) || federated?.metadata.finalizers;
    }, 30_000);
    const listed = await getJson<{ spec: { types: { plural: string; group: string }[] } }>(federation, ['federatedtypes', 'enabled']);
    expect(listed?.spec.types.some((type) => type.group === group && type.plural === 'widgets')).toBe(false);
    // A member edit is no longer repaired, a new object is not sent, and deleting the federated object leaves the copies.
    await run(federation, ['apply', '-f', '-'], widget('late', { size: 5 }));
    await run(federation, ['delete', widgets, 'green', '-n', namespace]);
    await run(federation, ['create', 'configmap', 'after-disable', '-n', namespace, '--from-literal=a=b']);
    for (const member of members) {
      await appears(member, 'configmaps', 'after-disable');
      expect((await copyIn(member, widgets, 'green'))?.spec).toEqual({ size: 2 });
      expect(await copyIn(member, widgets, 'late')).toBeUndefined();
    }
  });
});

describe('built-in types kubefed does not federate by default', () => {
  test('ServiceAccount, PodDisruptionBudget and NetworkPolicy enabled and propagated to both members', async () => {
    for (const type of builtIn) {
      const enabled = await kubefed(['enable', type, ...memberFlags()]);
      expect(enabled).toMatchObject({ code: 0 });
    }
    await run(federation, ['create', 'serviceaccount', 'builder', '-n', namespace]);
    await run(federation, ['create', 'poddisruptionbudget', 'web', '-n', namespace, '--selector=app=web', '--min-available=1']);
    await run(
      federation,
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'deny-ingress', namespace },
        spec: { podSelector: {}, policyTypes: ['Ingress'] },
      }),
    );
    for (const member of members) {
      await appears(member, 'serviceaccounts', 'builder');
      await appears(member, 'poddisruptionbudgets', 'web', (copy) => copy.spec?.minAvailable === 1);
      await appears(member, 'networkpolicies', 'deny-ingress', (copy) => JSON.stringify(copy.spec?.policyTypes) === '["Ingress"]');
    }
    // The namespace's default ServiceAccount is each cluster's own: never copied, never clashing.
    const warnings = await events(federation, namespace, 'default');
    expect(warnings.filter((line) => line.startsWith('Warning'))).toEqual([]);
  });
});
