// One member's trouble stays with that member: a member that may not read a kind is skipped for that
// kind alone, and a name clash in one member is reported once, not re-sent.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { joinLabMembers } from '../../src/cli/lab/run-command.js';
import type { LabState } from '../../src/cli/lab/index.js';
import { memberAccessNames, memberClusterRole } from '../../src/cli/join/member-access.js';
import type { KubeObject } from '../../src/core/objects.js';
import type { ControllerManager } from './support/controller-manager.js';
import { startSuite, stopSuite } from './support/suite.js';
import { events, getJson, run, uniqueName, waitFor } from './support/federation.js';

let namespace: string;
let state: LabState;
let federation: string;
let members: string[];
let manager: ControllerManager | undefined;

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

interface ClusterJson {
  status?: { conditions?: { type: string; status: string; reason: string; message: string }[] };
}

const configMap = (name: string, data: Record<string, string>, annotations: Record<string, string> = {}) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, annotations }, data });

/** hostOf is a member's API server as rest_client_requests_total labels it. */
const hostOf = (member: string) => new URL(state.clusters.find((cluster) => cluster.name === member)?.server ?? '').host;

describe('a member whose role does not allow Secrets', () => {
  const member = 'azurek8s';
  const role = memberClusterRole(memberAccessNames('master-control').clusterRole) as KubeObject & { rules: Rule[] };
  const withoutSecrets = { ...role, rules: role.rules.map((rule) => ({ ...rule, resources: rule.resources.filter((resource) => resource !== 'secrets') })) };
  const applyInMember = (object: unknown) => run(member, ['apply', '--server-side', '--field-manager=kubefed-cli', '--force-conflicts', '-f', '-'], JSON.stringify(object));

  beforeAll(async () => {
    namespace = uniqueName('unsynced');
    ({ state, federation, members, manager } = await startSuite(namespace, { prepare: () => applyInMember(withoutSecrets) }));
  });

  afterAll(async () => {
    await stopSuite(federation, namespace, manager);
    // join puts the full role back.
    await joinLabMembers(state, () => undefined);
  });

  test('does not stop Secrets reaching the others; its Cluster says which kind it cannot take, and why', async () => {
    const name = uniqueName('secret');
    await run(federation, ['create', 'secret', 'generic', name, '-n', namespace, '--from-literal=password=s3cr3t-value']);
    for (const other of members.filter((candidate) => candidate !== member)) {
      await waitFor(`${name} in ${other}`, async () => (await getJson(other, ['secret', name, '-n', namespace])) !== undefined, 30_000);
    }
    await waitFor(`a KindsSynced condition on ${member} naming Secret`, async () => {
      const condition = (await getJson<ClusterJson>(federation, ['cluster', member]))?.status?.conditions?.find((candidate) => candidate.type === 'KindsSynced');
      return (condition?.status === 'False' && condition.message.includes('Secret') && condition.message.includes('forbidden')) || condition;
    }, 30_000);
    await waitFor(`a KindNotSynced Warning on ${member}`, async () => (await events(federation, 'default', member)).some((line) => line.startsWith('Warning KindNotSynced') && line.includes('Secret')), 30_000);
    // ConfigMaps, which it may read, still reach it.
    const other = uniqueName('config');
    await run(federation, ['create', '-f', '-'], configMap(other, { a: '1' }));
    await waitFor(`${other} in ${member}`, async () => (await getJson(member, ['configmap', other, '-n', namespace])) !== undefined, 30_000);
    const log = JSON.stringify(manager?.lines ?? []);
    expect(log).not.toContain('s3cr3t-value');
  });
});

describe('a name clash', () => {
  const member = 'gcek8s';
  const conflicts = () => manager!.sample('rest_client_requests_total', { method: 'POST', code: '409', host: hostOf(member) });

  beforeAll(async () => {
    namespace = uniqueName('clash');
    ({ state, federation, members, manager } = await startSuite(namespace));
  });

  afterAll(async () => {
    await stopSuite(federation, namespace, manager);
  });

  test('produces one Warning and no repeated POSTs while nothing changes', async () => {
    const name = uniqueName('clash');
    await run(member, ['create', 'configmap', name, '-n', namespace, '--from-literal=owner=local']);
    const before = await conflicts();
    await run(federation, ['create', '-f', '-'], configMap(name, { owner: 'federation' }));
    await waitFor('an AlreadyExistsInCluster warning', async () => (await events(federation, namespace, name)).some((line) => line.startsWith('Warning AlreadyExistsInCluster')), 30_000);
    expect(await conflicts()).toBe(before + 1);
    // Reconciles of the object (a private annotation changes nothing members get), then a sentinel
    // through the same member's queue: by the time it arrives, a re-sent POST would have been counted.
    for (const round of [1, 2, 3]) {
      await run(federation, ['annotate', 'configmap', name, '-n', namespace, '--overwrite', `federation.kubefed.dev/round=${round}`]);
    }
    const sentinel = uniqueName('sentinel');
    await run(federation, ['create', '-f', '-'], configMap(sentinel, { a: '1' }));
    await waitFor(`${sentinel} in ${member}`, async () => (await getJson(member, ['configmap', sentinel, '-n', namespace])) !== undefined, 30_000);
    expect(await conflicts()).toBe(before + 1);
    const warnings = await getJson<{ items: { reason: string; count?: number }[] }>(federation, ['events', '-n', namespace, '--field-selector', `involvedObject.name=${name},reason=AlreadyExistsInCluster`]);
    expect(warnings?.items.map((event) => event.count ?? 1)).toEqual([1]);
    expect((await getJson<{ data?: Record<string, string> }>(member, ['configmap', name, '-n', namespace]))?.data).toEqual({ owner: 'local' });
  });
});
