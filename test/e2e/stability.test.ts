// Replicas move only for a reason the user can see (DESIGN.md invariant 10): a new HPA takes over the
// replicas members run without scaling any of them down, and a weighted split holds while pods start.
// Every member copy is watched, so a value that appears for a moment and goes again is seen too.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { canonicalJson } from '../../src/core/propagation/canonical.js';
import { parsePreferences } from '../../src/scheduling/preferences.js';
import { scheduleReplicas } from '../../src/scheduling/planner.js';
import type { ControllerManager } from './support/controller-manager.js';
import { getJson, run, uniqueName, waitFor } from './support/federation.js';
import { record, type Recording } from './support/recording.js';
import { startSuite, stopSuite } from './support/suite.js';

const namespace = uniqueName('stability');
const pair = JSON.stringify([{ key: 'stability', operator: 'In', values: ['true'] }]);
let federation: string;
let members: string[];
let manager: ControllerManager;

interface WorkloadJson {
  metadata: { name: string; generation: number; annotations?: Record<string, string> };
  spec: { replicas: number };
  status?: { readyReplicas?: number; observedGeneration?: number };
}

const workload = (kind: 'Deployment' | 'ReplicaSet', name: string, replicas: number, annotations: Record<string, string>, labels: Record<string, string> = {}) => ({
  apiVersion: 'apps/v1',
  kind,
  metadata: { name, namespace, annotations, labels },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name, ...labels } }, spec: { containers: [{ name: 'web', image: 'registry.example/web:1' }] } },
  },
});

const list = (items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });

/** settled: the federated status, written by a reconcile, counts every replica ready at the current generation. */
const settled = (found: WorkloadJson | undefined) =>
  found !== undefined && found.status?.readyReplicas === found.spec.replicas && found.status.observedGeneration === found.metadata.generation;

/** replicasSeen is every spec.replicas a member copy had while it was recorded. */
const replicasSeen = (recording: Recording, name: string) =>
  recording.of(name).filter((version) => version.type !== 'DELETED').map((version) => (version.object.spec as { replicas?: number }).replicas);

beforeAll(async () => {
  ({ federation, members, manager } = await startSuite(namespace, {
    prepare: (federation) => run(federation, ['label', 'cluster', 'gcek8s', 'awsk8s', 'stability=true', '--overwrite']),
  }));
});

afterAll(async () => {
  await run(federation, ['label', 'cluster', '--all', 'stability-']).catch(() => undefined);
  await stopSuite(federation, namespace, manager);
});

describe('a federated HPA created for a running workload', () => {
  test('takes over the replicas each member runs without lowering any, and a later scale leaves them alone', async () => {
    const selector = { 'federation.alpha.kubernetes.io/cluster-selector': pair };
    const targets = [
      { kind: 'Deployment', resource: 'deployments', name: uniqueName('hpa-deploy') },
      { kind: 'ReplicaSet', resource: 'replicasets', name: uniqueName('hpa-rs') },
    ] as const;
    await run(federation, ['create', '-f', '-'], list(targets.map((target) => workload(target.kind, target.name, 6, selector))));
    for (const target of targets) {
      await waitFor(`${target.name} running 3/3`, async () => {
        const found = await getJson<WorkloadJson>(federation, [target.resource, target.name, '-n', namespace]);
        return settled(found) || found?.status;
      }, 90_000);
    }
    const pairMembers = ['gcek8s', 'awsk8s'];
    const recordings = await Promise.all(
      pairMembers.flatMap((member) => targets.map(async (target) => ({ member, target, recording: await record(member, `/apis/apps/v1/namespaces/${namespace}/${target.resource}`) }))),
    );
    try {
      const hpa = (target: (typeof targets)[number]) => ({
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: target.name, namespace, annotations: selector },
        spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: target.kind, name: target.name }, minReplicas: 4, maxReplicas: 10 },
      });
      await run(federation, ['create', '-f', '-'], list(targets.map(hpa)));
      for (const member of pairMembers) {
        for (const target of targets) {
          await waitFor(`the HPA for ${target.name} in ${member}`, async () => (await getJson(member, ['hpa', target.name, '-n', namespace])) !== undefined, 30_000);
        }
      }
      // The federated HPA says where its member HPAs are: from then on they own the replicas there.
      for (const target of targets) {
        await waitFor(`${target.name}'s HPA announcing its members`, async () => {
          const found = await getJson<{ metadata: { annotations?: Record<string, string> } }>(federation, ['hpa', target.name, '-n', namespace]);
          return found?.metadata.annotations?.['federation.kubefed.dev/hpa-clusters'] === '["awsk8s","gcek8s"]' || found?.metadata.annotations;
        }, 30_000);
      }
      for (const target of targets) {
        await run(federation, ['scale', target.resource, target.name, '-n', namespace, '--replicas=20']);
        // A reconcile that has seen the scale writes the new generation as observed.
        await waitFor(`the scale of ${target.name} reconciled`, async () => {
          const found = await getJson<WorkloadJson>(federation, [target.resource, target.name, '-n', namespace]);
          return found?.status?.observedGeneration === found?.metadata.generation || found?.status;
        }, 30_000);
      }
    } finally {
      await Promise.all(recordings.map(({ recording }) => recording.stop()));
    }
    // Every member ran 3 ready replicas when the HPA was created: no copy may ever have asked for fewer.
    const lowered = recordings
      .map(({ member, target, recording }) => ({ member, name: target.name, seen: replicasSeen(recording, target.name) }))
      .filter(({ seen }) => seen.length === 0 || seen.some((replicas) => replicas === undefined || replicas < 3));
    expect(lowered).toEqual([]);
    // The member HPAs own the replicas, so the scale to 20 changed none of them.
    const final = recordings.map(({ member, target, recording }) => ({ member, name: target.name, replicas: replicasSeen(recording, target.name).at(-1) }));
    expect(final).toEqual(recordings.map(({ member, target }) => ({ member, name: target.name, replicas: 3 })));
  });
});

describe('a replica split while pods start', () => {
  const variants = [
    { label: 'gcek8s 2 / awsk8s 1', replicas: 6, clusters: ['gcek8s', 'awsk8s'], preferences: '{"clusters": {"gcek8s": {"weight": 2}, "awsk8s": {"weight": 1}}}' },
    { label: 'weights 1/2/3', replicas: 6, clusters: ['gcek8s', 'awsk8s', 'azurek8s'], preferences: '{"clusters": {"gcek8s": {"weight": 1}, "awsk8s": {"weight": 2}, "azurek8s": {"weight": 3}}}' },
    { label: 'no preferences', replicas: 10, clusters: ['gcek8s', 'awsk8s', 'azurek8s'], preferences: undefined },
  ];
  const rounds = 7;
  const perVariant = 3;

  test(`never moves: ${rounds * perVariant} workloads of each of ${variants.length} splits, ${variants.length * perVariant} created at once per round`, async () => {
    const recordings = await Promise.all(members.map((member) => record(member, `/apis/apps/v1/namespaces/${namespace}/deployments`)));
    const wrong: unknown[] = [];
    let checked = 0;
    try {
      for (let round = 0; round < rounds; round++) {
        // One unique stem per round: names made in the same millisecond by uniqueName alone could collide.
        const stem = uniqueName('split');
        const batch = variants.flatMap((variant, variantIndex) =>
          Array.from({ length: perVariant }, (_, index) => {
            const name = `${stem}-${variantIndex}-${index}`;
            const preferences = parsePreferences(variant.preferences);
            const expected = scheduleReplicas({ replicas: variant.replicas, clusters: variant.clusters, key: `${namespace}/${name}`, preferences });
            const annotations: Record<string, string> = {
              ...(variant.preferences === undefined ? {} : { 'federation.kubernetes.io/deployment-preferences': variant.preferences }),
              ...(variant.clusters.length === 2 ? { 'federation.alpha.kubernetes.io/cluster-selector': pair } : {}),
            };
            return { name, variant, expected, object: workload('Deployment', name, variant.replicas, annotations, { round: String(round) }) };
          }),
        );
        await run(federation, ['create', '-f', '-'], list(batch.map((entry) => entry.object)));
        await waitFor(`round ${round}: every workload ready`, async () => {
          const found = await getJson<{ items: WorkloadJson[] }>(federation, ['deployments', '-n', namespace, '-l', `round=${round}`]);
          const waiting = (found?.items ?? []).filter((item) => !settled(item)).map((item) => item.metadata.name);
          return (found?.items.length === batch.length && waiting.length === 0) || waiting;
        }, 120_000);
        const moved = (await getJson<{ items: { involvedObject: { name: string }; message: string }[] }>(federation, ['events', '-n', namespace, '--field-selector', 'reason=ReplicasMoved']))?.items ?? [];
        for (const { name, variant, expected } of batch) {
          const federated = await getJson<WorkloadJson>(federation, ['deployment', name, '-n', namespace]);
          const seen = Object.fromEntries(recordings.map((recording) => [recording.cluster, replicasSeen(recording, name)]));
          const steady = variant.clusters.every((cluster) => seen[cluster]?.length && seen[cluster].every((replicas) => replicas === expected[cluster]));
          const placement = federated?.metadata.annotations?.['federation.kubefed.dev/placement'];
          const events = moved.filter((event) => event.involvedObject.name === name).map((event) => event.message);
          if (!steady || placement !== canonicalJson(expected) || events.length > 0) {
            wrong.push({ variant: variant.label, name, expected, seen, placement, events });
          }
          checked++;
        }
        await run(federation, ['delete', 'deployments', '-n', namespace, '-l', `round=${round}`, '--wait=false']);
        // The lab's members run 40 pods each; the next round needs this round's pods gone.
        await waitFor(`round ${round}: pods gone`, async () => {
          const left = await Promise.all(members.map(async (member) => (await getJson<{ items: unknown[] }>(member, ['pods', '-n', namespace, '-l', `round=${round}`]))?.items.length ?? 0));
          return left.every((count) => count === 0) || left;
        }, 120_000);
      }
    } finally {
      await Promise.all(recordings.map((recording) => recording.stop()));
    }
    process.stderr.write(`stability: ${checked} workloads checked, ${wrong.length} moved\n`);
    expect(wrong).toEqual([]);
    expect(checked).toBe(rounds * perVariant * variants.length);
  }, 900_000);
});
