// Restarts: with everything in sync a new controller-manager writes nothing at all; after a crash in
// the middle of a burst it converges to the same end state, with nothing lost and nothing doubled.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { LabState } from '../../src/cli/lab/index.js';
import { ControllerManager, fastFlags, sumSamples } from './support/controller-manager.js';
import { getJson, joinedLab, memberNames, names, run, settled, uniqueName, waitFor } from './support/federation.js';

const namespace = uniqueName('restart');
let state: LabState;
let federation: string;
let members: string[];
let manager: ControllerManager | undefined;

const writeMethods = ['POST', 'PUT', 'PATCH', 'DELETE'];

/** writes lists the request counters of every write method, so a failure shows which writes happened. */
async function writes(target: ControllerManager): Promise<string[]> {
  const text = await target.metrics();
  return text.split('\n').filter((line) => line.startsWith('rest_client_requests_total') && writeMethods.some((method) => line.includes(`method="${method}"`)));
}

/** quiet: every controller has reconciled every key at least once and nothing is queued or running. */
async function quiet(target: ControllerManager, keys: number): Promise<true | string> {
  const text = await target.metrics();
  const reconciled = sumSamples(text, 'controller_runtime_reconcile_total');
  const depth = sumSamples(text, 'workqueue_depth');
  const active = sumSamples(text, 'controller_runtime_active_workers');
  return (reconciled >= keys && depth === 0 && active === 0) || `reconciled ${reconciled}/${keys}, depth ${depth}, active ${active}`;
}

beforeAll(async () => {
  state = await joinedLab();
  federation = state.federation;
  members = memberNames(state);
  manager = await ControllerManager.start({ flags: fastFlags });
  await run(federation, ['create', 'namespace', namespace]);
});

afterAll(async () => {
  await run(federation, ['delete', 'namespace', namespace, '--wait=false']).catch(() => undefined);
  await manager?.stop();
});

describe('a restart with everything in sync', () => {
  test('makes zero writes to members and to the federation API server', async () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'registry.example/web:1' }] } },
      },
    };
    await run(federation, ['create', '-f', '-'], JSON.stringify(deployment));
    await run(federation, ['create', 'configmap', 'settings', '-n', namespace, '--from-literal=a=1']);
    await run(federation, ['create', 'secret', 'generic', 'token', '-n', namespace, '--from-literal=t=x']);
    await run(federation, ['create', 'service', 'clusterip', 'web', '-n', namespace, '--tcp=80:8080']);
    await run(federation, ['rollout', 'status', 'deployment/web', '-n', namespace, '--timeout=60s']);
    for (const member of members) {
      await waitFor(`everything in ${member}`, async () => (await names(member, 'configmaps,secrets,services,deployments', namespace, 'federation.kubefed.dev/managed-by')).length === 4, 30_000);
    }
    await settled(federation);
    await waitFor('the first controller-manager quiet', async () => quiet(manager as ControllerManager, 1), 30_000);
    expect(await manager?.stop()).toBe(0);

    // Without leader election, so that the Lease's own renewals are not counted as writes.
    manager = await ControllerManager.start({ flags: [...fastFlags, '--leader-elect=false'] });
    const federatedObjects = (await names(federation, 'configmaps,secrets,services,deployments,namespaces', namespace)).length;
    await waitFor('the restarted controller-manager to reconcile everything', async () => quiet(manager as ControllerManager, federatedObjects), 30_000);
    // Several probe rounds (1s each) must also pass without a Cluster status write.
    const probes = async () => sumSamples(await (manager as ControllerManager).metrics(), 'rest_client_requests_total', { method: 'GET' });
    const start = await probes();
    await waitFor('a few probe rounds', async () => (await probes()) - start >= 3 * members.length, 30_000);
    expect({ writes: await writes(manager), actions: manager.lines.filter((line) => line.action !== undefined).map((line) => JSON.stringify(line)) }).toEqual({ writes: [], actions: [] });
  });
});

describe('a crash in the middle of a burst', () => {
  test('converges after restart, with every object in every member exactly once', async () => {
    const burst = Array.from({ length: 40 }, (_, index) => `burst-${index}`);
    const manifests = burst.map((name) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: { name } })).join('\n');
    await run(federation, ['create', '-f', '-'], manifests);
    await waitFor('some of the burst propagated', async () => (await names('gcek8s', 'configmaps', namespace, 'federation.kubefed.dev/managed-by')).length > 3, 30_000);
    expect(await manager?.stop('SIGKILL')).toBe(null);
    manager = await ControllerManager.start({ flags: fastFlags });
    const federated = (await names(federation, 'configmaps', namespace)).filter((name) => name !== 'kube-root-ca.crt');
    for (const member of members) {
      await waitFor(`${member} to hold exactly the federated ConfigMaps`, async () => {
        const held = await names(member, 'configmaps', namespace, 'federation.kubefed.dev/managed-by');
        return JSON.stringify(held) === JSON.stringify(federated) || `${held.length}/${federated.length}`;
      }, 60_000);
      const list = await getJson<{ items: { metadata: { name: string }; data: { name: string } }[] }>(member, ['configmaps', '-n', namespace, '-l', 'federation.kubefed.dev/managed-by']);
      expect(list?.items.every((item) => item.data.name === item.metadata.name || item.metadata.name === 'settings')).toBe(true);
    }
  });
});
