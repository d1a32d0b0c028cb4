// A federated Namespace leaving a member (its cluster selector changed) loses no member data: the
// member namespace is deleted only when everything in it is kubefed's; otherwise kubefed removes its
// own copies, releases the namespace, and says why with a Warning.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { ControllerManager } from './support/controller-manager.js';
import { startSuite, stopSuite } from './support/suite.js';
import { createFederatedNamespace, events, getJson, run, uniqueName, waitFor } from './support/federation.js';
import type { LabState } from '../../src/cli/lab/index.js';
import { memberAccessNames, serviceAccountUser } from '../../src/cli/join/member-access.js';

const away = 'azurek8s';
const label = 'kubefed-e2e-namespaces';
const selector = JSON.stringify([{ key: label, operator: 'NotIn', values: ['away'] }]);
const managed = 'federation.kubefed.dev/managed-by';
/** Listing everything is what lets kubefed vouch that a namespace holds only its own objects; join does not grant it. */
const listEverything = 'kubefed-e2e:list-everything';
const suiteNamespace = uniqueName('namespaces');
let state: LabState;
let federation: string;
let members: string[];
let manager: ControllerManager;

interface NamespaceJson {
  metadata: { labels?: Record<string, string> };
  status?: { phase?: string };
}

const configMap = (name: string, namespace: string) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: { name } });
const present = async (context: string, args: string[]) => (await getJson(context, args)) !== undefined;
const leave = (namespace: string) => run(federation, ['annotate', 'namespace', namespace, `federation.alpha.kubernetes.io/cluster-selector=${selector}`, '--overwrite']);

/** federatedNamespaceWith makes a federated namespace holding one federated ConfigMap, everywhere. */
async function federatedNamespaceWith(namespace: string): Promise<void> {
  await createFederatedNamespace(state, namespace);
  await run(federation, ['create', '-f', '-'], configMap('ours', namespace));
  for (const member of members) {
    await waitFor(`ours in ${member}`, () => present(member, ['configmap', 'ours', '-n', namespace]), 30_000);
  }
}

beforeAll(async () => {
  ({ state, federation, members, manager } = await startSuite(suiteNamespace, {
    prepare: (federation) => run(federation, ['label', 'cluster', away, `${label}=away`, '--overwrite']),
  }));
});

afterAll(async () => {
  await run(away, ['delete', 'clusterrolebinding,clusterrole', listEverything, '--ignore-not-found']).catch(() => undefined);
  await run(federation, ['label', 'cluster', away, `${label}-`]).catch(() => undefined);
  await stopSuite(federation, suiteNamespace, manager);
});

describe('a federated Namespace leaving a member', () => {
  test('is kept there, released, while it holds a ConfigMap kubefed did not create; only kubefed\'s copies go', async () => {
    const namespace = uniqueName('kept');
    await federatedNamespaceWith(namespace);
    await run(away, ['create', '-f', '-'], configMap('local', namespace));
    await run(federation, ['annotate', 'configmap', 'ours', '-n', namespace, `federation.alpha.kubernetes.io/cluster-selector=${selector}`]);
    await leave(namespace);

    await waitFor(`namespace ${namespace} released in ${away}`, async () => (await getJson<NamespaceJson>(away, ['namespace', namespace]))?.metadata.labels?.[managed] === undefined, 30_000);
    await waitFor(`kubefed's ConfigMap gone from ${away}`, async () => !(await present(away, ['configmap', 'ours', '-n', namespace])), 30_000);
    const kept = await getJson<NamespaceJson>(away, ['namespace', namespace]);
    expect(kept?.status?.phase).toBe('Active');
    expect(await present(away, ['configmap', 'local', '-n', namespace])).toBe(true);
    await waitFor('the Warning saying why', async () => (await events(federation, 'default', namespace)).some((line) => line.startsWith('Warning NamespaceKeptInCluster') && line.includes(`cluster ${away}`) && line.includes('ConfigMap/local')), 30_000);
    for (const member of members.filter((member) => member !== away)) {
      expect((await getJson<NamespaceJson>(member, ['namespace', namespace]))?.metadata.labels?.[managed]).toBeDefined();
      expect(await present(member, ['configmap', 'ours', '-n', namespace])).toBe(true);
    }
    await run(federation, ['delete', 'namespace', namespace, '--wait=false']);
    await run(away, ['delete', 'namespace', namespace, '--wait=false']);
  });

  test('is deleted there when kubefed may look at everything in it and it is all kubefed\'s', async () => {
    await run(away, ['create', 'clusterrole', listEverything, '--verb=list', '--resource=*.*']);
    await run(away, ['create', 'clusterrolebinding', listEverything, `--clusterrole=${listEverything}`, `--user=${serviceAccountUser(memberAccessNames(federation))}`]);
    const namespace = uniqueName('emptied');
    await federatedNamespaceWith(namespace);
    await leave(namespace);
    await waitFor(`namespace ${namespace} deleted in ${away}`, async () => {
      const found = await getJson<NamespaceJson>(away, ['namespace', namespace]);
      return found === undefined || found.status?.phase === 'Terminating';
    }, 30_000);
    expect((await events(federation, 'default', namespace)).filter((line) => line.includes('NamespaceKeptInCluster'))).toEqual([]);
    for (const member of members.filter((member) => member !== away)) {
      expect((await getJson<NamespaceJson>(member, ['namespace', namespace]))?.status?.phase).toBe('Active');
    }
    await run(federation, ['delete', 'namespace', namespace, '--wait=false']);
  });
});
