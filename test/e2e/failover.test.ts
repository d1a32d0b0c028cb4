// Failover: replicas leave a member that stays down past the grace period and come back (with
// rebalance) when it returns; a short outage moves nothing; objects changed meanwhile converge.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startMember, stopMember, type LabState } from '../../src/cli/lab/index.js';
import { labDirectory } from '../lab/lab-environment.js';
import { ControllerManager } from './support/controller-manager.js';
import { events, getJson, joinedLab, names, run, uniqueName, waitFor } from './support/federation.js';

const namespace = uniqueName('failover');
const pair = JSON.stringify([{ key: 'failover', operator: 'In', values: ['true'] }]);
const graceSeconds = 8;
let state: LabState;
let federation: string;
let manager: ControllerManager;

const deployment = (name: string, rebalance: boolean) =>
  JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace,
      annotations: {
        'federation.alpha.kubernetes.io/cluster-selector': pair,
        'federation.kubernetes.io/deployment-preferences': JSON.stringify({ rebalance, clusters: { '*': { weight: 1 } } }),
      },
    },
    spec: {
      replicas: 4,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'registry.example/web:1' }] } },
    },
  });

/** readyPods counts Running and Ready pods of an app in a member; an unreachable member counts 0. */
async function readyPods(cluster: string, app: string): Promise<number> {
  const list = await getJson<{ items: { status: { phase: string; conditions?: { type: string; status: string }[] } }[] }>(cluster, [
    'pods',
    '-n',
    namespace,
    '-l',
    `app=${app}`,
    '--request-timeout=2s',
  ]).catch(() => undefined);
  return (list?.items ?? []).filter((pod) => pod.status.phase === 'Running' && pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
}

const replicasIn = async (cluster: string, name: string) => (await getJson<{ spec: { replicas: number } }>(cluster, ['deployment', name, '-n', namespace]))?.spec.replicas;

beforeAll(async () => {
  state = await joinedLab();
  federation = state.federation;
  await run(federation, ['label', 'cluster', 'gcek8s', 'awsk8s', 'failover=true', '--overwrite']);
  manager = await ControllerManager.start({
    flags: ['--cluster-probe-period=1s', '--cluster-probe-timeout=1s', '--cluster-failure-threshold=2', `--failover-grace-period=${graceSeconds}s`, '--log-level=debug'],
  });
  await run(federation, ['create', 'namespace', namespace]);
  await run(federation, ['create', '-f', '-'], deployment('balanced', true));
  await run(federation, ['create', '-f', '-'], deployment('sticky', false));
  for (const name of ['balanced', 'sticky']) {
    await run(federation, ['rollout', 'status', `deployment/${name}`, '-n', namespace, '--timeout=90s']);
  }
  await run(federation, ['create', 'configmap', 'kept', '-n', namespace, '--from-literal=a=1']);
  await run(federation, ['create', 'configmap', 'doomed', '-n', namespace, '--from-literal=a=1']);
  await waitFor('both ConfigMaps in gcek8s', async () => (await names('gcek8s', 'configmaps', namespace, 'federation.kubefed.dev/managed-by')).length === 2, 30_000);
});

afterAll(async () => {
  await startMember(labDirectory(), 'gcek8s').catch(() => undefined);
  await run(federation, ['delete', 'namespace', namespace, '--wait=false']).catch(() => undefined);
  await run(federation, ['label', 'cluster', '--all', 'failover-']).catch(() => undefined);
  await manager?.stop();
});

const clusterReady = async (name: string) => {
  const cluster = await getJson<{ status?: { conditions?: { type: string; status: string }[] } }>(federation, ['cluster', name]);
  return cluster?.status?.conditions?.find((condition) => condition.type === 'Ready')?.status;
};

describe('a member outage', () => {
  test('shorter than the grace period moves nothing', async () => {
    const before = { balanced: await replicasIn('awsk8s', 'balanced'), sticky: await replicasIn('awsk8s', 'sticky') };
    await stopMember(labDirectory(), 'gcek8s');
    try {
      await waitFor('gcek8s reported not ready', async () => (await clusterReady('gcek8s')) === 'False', 30_000);
    } finally {
      await startMember(labDirectory(), 'gcek8s');
    }
    await waitFor('gcek8s ready again', async () => (await clusterReady('gcek8s')) === 'True', 30_000);
    expect({ balanced: await replicasIn('awsk8s', 'balanced'), sticky: await replicasIn('awsk8s', 'sticky') }).toEqual(before);
    expect(manager.lines.filter((line) => line.action === 'move' || line.action === 'failover')).toEqual([]);
  });

  test('past the grace period moves every replica to the ready member, and back with rebalance when it returns', async () => {
    const failoversBefore = await manager.sample('kubefed_cluster_failovers_total', { cluster: 'gcek8s' });
    const stoppedAt = Date.now();
    await stopMember(labDirectory(), 'gcek8s');
    try {
      await waitFor('4 ready pods of each deployment in awsk8s', async () => {
        const counts = [await readyPods('awsk8s', 'balanced'), await readyPods('awsk8s', 'sticky')];
        return counts.every((count) => count === 4) || counts;
      }, 60_000);
      process.stderr.write(`failover: replicas ready elsewhere ${((Date.now() - stoppedAt) / 1000).toFixed(1)}s after the member stopped (probe 1s, threshold 2, grace ${graceSeconds}s)\n`);
      expect(await manager.sample('kubefed_cluster_ready', { cluster: 'gcek8s' })).toBe(0);
      expect(await manager.sample('kubefed_cluster_failovers_total', { cluster: 'gcek8s' })).toBe(failoversBefore + 1);
      await waitFor('a ReplicasMoved event on each workload and a ClusterFailover event', async () => {
        const moved = await Promise.all(['balanced', 'sticky'].map(async (name) => (await events(federation, namespace, name)).some((line) => line.includes('ReplicasMoved'))));
        const cluster = await run(federation, ['describe', 'cluster', 'gcek8s']);
        return (moved.every(Boolean) && cluster.includes('ClusterFailover')) || { moved };
      }, 30_000);
      expect(manager.lines.filter((line) => line.action === 'move').length).toBeGreaterThanOrEqual(2);
      await run(federation, ['create', 'configmap', 'added', '-n', namespace, '--from-literal=a=1']);
      await run(federation, ['delete', 'configmap', 'doomed', '-n', namespace]);
    } finally {
      await startMember(labDirectory(), 'gcek8s');
    }
    // From here on the 4 replicas of each workload must never be short again.
    let lowest = Number.POSITIVE_INFINITY;
    await waitFor('balanced back to 2/2, sticky staying 4/0', async () => {
      const total = (await readyPods('gcek8s', 'balanced')) + (await readyPods('awsk8s', 'balanced'));
      lowest = Math.min(lowest, total, (await readyPods('gcek8s', 'sticky')) + (await readyPods('awsk8s', 'sticky')));
      const split = {
        balanced: [await replicasIn('gcek8s', 'balanced'), await replicasIn('awsk8s', 'balanced')],
        sticky: [await replicasIn('gcek8s', 'sticky'), await replicasIn('awsk8s', 'sticky')],
        balancedReady: [await readyPods('gcek8s', 'balanced'), await readyPods('awsk8s', 'balanced')],
      };
      return JSON.stringify(split) === JSON.stringify({ balanced: [2, 2], sticky: [0, 4], balancedReady: [2, 2] }) || split;
    }, 90_000);
    expect(lowest).toBeGreaterThanOrEqual(4);
    expect(await manager.sample('kubefed_cluster_ready', { cluster: 'gcek8s' })).toBe(1);
    await waitFor('gcek8s holding exactly the federated ConfigMaps', async () => {
      const held = await names('gcek8s', 'configmaps', namespace, 'federation.kubefed.dev/managed-by');
      return JSON.stringify(held) === JSON.stringify(['added', 'kept']) || held;
    }, 60_000);
  });
});
