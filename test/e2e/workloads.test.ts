// Replica scheduling as users see it: the seed's node-js-deploy split 2/1 with a working
// `kubectl rollout status`, preferences, capacity shedding and its return, the seed's HPA, and Jobs.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { distributeHpa } from '../../src/scheduling/hpa.js';
import { scheduleReplicas } from '../../src/scheduling/planner.js';
import { parsePreferences } from '../../src/scheduling/preferences.js';
import type { ControllerManager } from './support/controller-manager.js';
import { startSuite, stopSuite } from './support/suite.js';
import { getJson, run, uniqueName, waitFor } from './support/federation.js';
import { record, type Recording } from './support/recording.js';

const namespace = uniqueName('workloads');
const seedPair = JSON.stringify([{ key: 'seed', operator: 'In', values: ['true'] }]);
let federation: string;
let members: string[];
let manager: ControllerManager;

interface DeploymentJson {
  metadata: { generation: number; annotations?: Record<string, string> };
  spec: { replicas: number; template: { spec: { containers: { image: string }[] } } };
  status?: { readyReplicas?: number; observedGeneration?: number; updatedReplicas?: number };
}

interface PodList {
  items: { status: { phase: string }; spec: { containers: { image: string }[] } }[];
}

const deployment = (name: string, replicas: number, annotations: Record<string, string>, extra: { cpu?: string; image?: string } = {}) =>
  JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { name }, annotations },
    spec: {
      replicas,
      selector: { matchLabels: { name } },
      template: {
        metadata: { labels: { name } },
        spec: {
          containers: [
            {
              name,
              image: extra.image ?? 'jonbaier/pod-scaling:latest',
              ports: [{ containerPort: 80 }],
              ...(extra.cpu ? { resources: { requests: { cpu: extra.cpu } } } : {}),
            },
          ],
        },
      },
    },
  });

async function runningPods(cluster: string, name: string): Promise<PodList['items']> {
  const list = await getJson<PodList>(cluster, ['pods', '-n', namespace, '-l', `name=${name}`]);
  return (list?.items ?? []).filter((pod) => pod.status.phase === 'Running');
}

async function memberReplicas(name: string, clusters = members): Promise<Record<string, number | undefined>> {
  const entries = await Promise.all(
    clusters.map(async (cluster) => [cluster, (await getJson<DeploymentJson>(cluster, ['deployment', name, '-n', namespace]))?.spec.replicas] as const),
  );
  return Object.fromEntries(entries);
}

beforeAll(async () => {
  ({ federation, members, manager } = await startSuite(namespace, {
    prepare: (federation) => run(federation, ['label', 'cluster', 'gcek8s', 'awsk8s', 'seed=true', '--overwrite']),
    flags: ['--unschedulable-threshold=3s', '--hpa-scale-forbidden-window=1s'],
  }));
});

afterAll(async () => {
  await run(federation, ['label', 'cluster', '--all', 'seed-']).catch(() => undefined);
  for (const member of members) {
    await run(member, ['uncordon', '--selector=type=kwok']).catch(() => undefined);
  }
  await stopSuite(federation, namespace, manager);
});

describe("the seed's node-js-deploy", () => {
  test('runs 2 Pods in one member and 1 in the other, and kubectl rollout status follows a rollout across both', async () => {
    await run(federation, ['create', '-f', '-'], deployment('node-js-deploy', 3, { 'federation.alpha.kubernetes.io/cluster-selector': seedPair }));
    await run(federation, ['rollout', 'status', 'deployment/node-js-deploy', '-n', namespace, '--timeout=90s']);
    const counts = [(await runningPods('gcek8s', 'node-js-deploy')).length, (await runningPods('awsk8s', 'node-js-deploy')).length].sort();
    expect(counts).toEqual([1, 2]);
    expect(await runningPods('azurek8s', 'node-js-deploy')).toHaveLength(0);
    const placement = JSON.parse((await getJson<DeploymentJson>(federation, ['deployment', 'node-js-deploy', '-n', namespace]))?.metadata.annotations?.['federation.kubefed.dev/placement'] ?? '{}') as Record<string, number>;
    expect(Object.values(placement).sort()).toEqual([1, 2]);

    await run(federation, ['set', 'image', 'deployment/node-js-deploy', '-n', namespace, 'node-js-deploy=jonbaier/pod-scaling:v2']);
    await run(federation, ['rollout', 'status', 'deployment/node-js-deploy', '-n', namespace, '--timeout=90s']);
    // rollout status returned, so every member must already run only the new image.
    for (const member of ['gcek8s', 'awsk8s']) {
      const pods = await runningPods(member, 'node-js-deploy');
      expect(pods.map((pod) => pod.spec.containers[0]?.image)).toEqual(pods.map(() => 'jonbaier/pod-scaling:v2'));
    }
    const federated = await getJson<DeploymentJson>(federation, ['deployment', 'node-js-deploy', '-n', namespace]);
    expect(federated?.status).toMatchObject({ readyReplicas: 3, updatedReplicas: 3, observedGeneration: federated?.metadata.generation });
  });
});

describe('preferences', () => {
  test("the planner's split reaches the members, and scaling follows", async () => {
    const preferences = '{"rebalance": true, "clusters": {"gcek8s": {"weight": 2}, "awsk8s": {"weight": 1, "maxReplicas": 2}, "*": {"weight": 1, "minReplicas": 1}}}';
    const name = uniqueName('weighted');
    const expected = (replicas: number) =>
      scheduleReplicas({ replicas, clusters: members, key: `${namespace}/${name}`, preferences: parsePreferences(preferences) });
    await run(federation, ['create', '-f', '-'], deployment(name, 9, { 'federation.kubernetes.io/deployment-preferences': preferences }));
    for (const replicas of [9, 4, 12]) {
      if (replicas !== 9) {
        await run(federation, ['scale', 'deployment', name, '-n', namespace, `--replicas=${replicas}`]);
      }
      await waitFor(`the split for ${replicas} replicas`, async () => {
        const found = await memberReplicas(name);
        return members.every((member) => found[member] === expected(replicas)[member]) || { found, expected: expected(replicas) };
      }, 60_000);
      await run(federation, ['rollout', 'status', `deployment/${name}`, '-n', namespace, '--timeout=90s']);
    }
  });

  test('unparseable preferences are a Warning event and the placement stays', async () => {
    const name = uniqueName('bad-preferences');
    await run(federation, ['create', '-f', '-'], deployment(name, 3, {}));
    await run(federation, ['rollout', 'status', `deployment/${name}`, '-n', namespace, '--timeout=90s']);
    const before = await memberReplicas(name);
    await run(federation, ['annotate', 'deployment', name, '-n', namespace, 'federation.kubernetes.io/deployment-preferences={"clusters": {"*": {"minReplicas": 5, "maxReplicas": 2}}}']);
    await run(federation, ['scale', 'deployment', name, '-n', namespace, '--replicas=3']);
    await waitFor('an InvalidPreferences warning', async () => {
      const described = await run(federation, ['describe', 'deployment', name, '-n', namespace]);
      return described.includes('InvalidPreferences') || described;
    }, 30_000);
    expect(await memberReplicas(name)).toEqual(before);
  });
});

describe('capacity', () => {
  test('a member without room sheds replicas to the others after the threshold, and takes them back when room returns', async () => {
    // Each fake node has 4 CPUs: with 2-CPU pods a member runs 4, or 2 once one of its nodes is cordoned.
    await run('gcek8s', ['cordon', 'gcek8s-node-1']);
    const name = uniqueName('hungry');
    await run(federation, ['create', '-f', '-'], deployment(name, 9, { 'federation.kubernetes.io/deployment-preferences': '{"rebalance": true, "clusters": {"*": {"weight": 1}}}' }, { cpu: '2' }));
    // v1's overflow keeps asking gcek8s for its third pod while the others run the excess: 9 run in all.
    await waitFor('the excess moving to members with room', async () => {
      const found = await memberReplicas(name);
      const ready = Object.fromEntries(await Promise.all(members.map(async (member) => [member, (await runningPods(member, name)).length] as const)));
      const total = Object.values(ready).reduce((sum, count) => sum + count, 0);
      return (ready.gcek8s === 2 && total === 9 && (found.awsk8s ?? 0) + (found.azurek8s ?? 0) === 7) || { found, ready };
    }, 90_000);
    const capacity = (await getJson<DeploymentJson>(federation, ['deployment', name, '-n', namespace]))?.metadata.annotations?.['federation.kubefed.dev/capacity'];
    expect(JSON.parse(capacity ?? '{}')).toMatchObject({ gcek8s: { replicas: 2 } });

    await run('gcek8s', ['uncordon', 'gcek8s-node-1']);
    await waitFor('the split returning to 3/3/3 once gcek8s has room again', async () => {
      const found = await memberReplicas(name);
      return Object.values(found).every((replicas) => replicas === 3) || found;
    }, 120_000);
    await run(federation, ['rollout', 'status', `deployment/${name}`, '-n', namespace, '--timeout=90s']);
  });
});

describe("the seed's HPA", () => {
  interface HpaJson {
    spec: { minReplicas: number; maxReplicas: number };
    status?: { currentReplicas?: number; desiredReplicas?: number };
  }
  const bounds = async (cluster: string) => {
    const hpa = await getJson<HpaJson>(cluster, ['hpa', 'nodejs', '-n', namespace]);
    return hpa && { minReplicas: hpa.spec.minReplicas, maxReplicas: hpa.spec.maxReplicas };
  };

  test('splits min/max as v1 did, owns member replicas, and moves max toward a member at its max', async () => {
    const selector = { 'federation.alpha.kubernetes.io/cluster-selector': seedPair };
    await run(federation, ['create', '-f', '-'], deployment('nodejs', 5, selector));
    const hpa = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'nodejs', namespace, annotations: selector },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'nodejs' },
        minReplicas: 5,
        maxReplicas: 20,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      },
    };
    // The members' own HPA controllers report status within seconds, and v1's split then moves bounds
    // toward the member whose HPA reports first; so the split is read from the first version each member
    // received, recorded from its watch.
    const recordings = await Promise.all(['gcek8s', 'awsk8s'].map((member) => record(member, `/apis/autoscaling/v2/namespaces/${namespace}/horizontalpodautoscalers`)));
    await run(federation, ['create', '-f', '-'], JSON.stringify(hpa));
    const expected = distributeHpa({ minReplicas: 5, maxReplicas: 20, clusters: ['gcek8s', 'awsk8s'], local: {}, now: new Date(), scaleForbiddenWindowMs: 1000 });
    const first = (recording: Recording) => {
      const spec = recording.of('nodejs')[0]?.object.spec as HpaJson['spec'] | undefined;
      return spec && { minReplicas: spec.minReplicas, maxReplicas: spec.maxReplicas };
    };
    try {
      for (const recording of recordings) {
        await waitFor(`the HPA in ${recording.cluster}`, () => Promise.resolve(first(recording) !== undefined), 30_000);
        expect(first(recording)).toEqual(expected[recording.cluster]);
      }
    } finally {
      await Promise.all(recordings.map((recording) => recording.stop()));
    }
    const total = ['gcek8s', 'awsk8s'].reduce((sum, member) => sum + (expected[member]?.maxReplicas ?? 0), 0);
    expect(total).toBe(20);
    expect(await getJson(('azurek8s'), ['hpa', 'nodejs', '-n', namespace])).toBeUndefined();

    // The member HPA scales its Deployment (the lab has no metrics pipeline, so the test does what it would).
    await run('awsk8s', ['scale', 'deployment', 'nodejs', '-n', namespace, '--replicas=7']);
    await run(federation, ['label', 'deployment', 'nodejs', '-n', namespace, 'touched=yes']);
    await waitFor('the label in awsk8s, with the HPA-owned replicas left alone', async () => {
      const copy = await getJson<DeploymentJson & { metadata: { labels?: Record<string, string> } }>('awsk8s', ['deployment', 'nodejs', '-n', namespace]);
      return (copy?.metadata.labels?.touched === 'yes' && copy.spec.replicas === 7) || copy?.spec.replicas;
    }, 30_000);

    // awsk8s's HPA sits at its max, scaled long ago; gcek8s's has not scaled: max moves to awsk8s.
    const before = await bounds('awsk8s');
    const atMax = (max: number) => ({ status: { currentReplicas: max, desiredReplicas: max, lastScaleTime: new Date(Date.now() - 600_000).toISOString() } });
    await run('awsk8s', ['patch', 'hpa', 'nodejs', '-n', namespace, '--subresource=status', '--type=merge', '-p', JSON.stringify(atMax(before?.maxReplicas ?? 0))]);
    await waitFor('awsk8s getting more max from gcek8s', async () => {
      const [aws, gce] = [await bounds('awsk8s'), await bounds('gcek8s')];
      return ((aws?.maxReplicas ?? 0) > (before?.maxReplicas ?? 0) && (aws?.maxReplicas ?? 0) + (gce?.maxReplicas ?? 0) === 20) || { aws, gce };
    }, 30_000);
    const federated = await getJson<HpaJson>(federation, ['hpa', 'nodejs', '-n', namespace]);
    expect(federated?.status?.currentReplicas).toBeGreaterThanOrEqual(before?.maxReplicas ?? 0);
  });
});

describe('HPAs with a bad target', () => {
  test.each([
    ['a missing Deployment', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'nowhere' }, 'ScaleTargetNotFound'],
    ['a kind kubefed does not split', { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' }, 'InvalidScaleTarget'],
  ])('targeting %s get a Warning event naming the problem', async (_case, scaleTargetRef, reason) => {
    const name = uniqueName('bad-target');
    const hpa = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name, namespace }, spec: { scaleTargetRef, minReplicas: 1, maxReplicas: 3 } };
    await run(federation, ['create', '-f', '-'], JSON.stringify(hpa));
    await waitFor(`a ${reason} warning`, async () => {
      const described = await run(federation, ['describe', 'hpa', name, '-n', namespace]);
      return (described.includes(reason) && described.includes(scaleTargetRef.name)) || described;
    }, 30_000);
  });
});

describe('Jobs', () => {
  test('parallelism 9 and completions 18 split 3/6 over three members; the federated Job completes only when all do', async () => {
    await run('azurek8s', ['cordon', '--selector=type=kwok']);
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'fedjob', namespace },
      spec: { parallelism: 9, completions: 18, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } } },
    };
    await run(federation, ['create', '-f', '-'], JSON.stringify(job));
    interface JobJson {
      spec: { parallelism: number; completions: number };
      status?: { succeeded?: number; conditions?: { type: string; status: string }[] };
    }
    const complete = (found: JobJson | undefined) => found?.status?.conditions?.some((condition) => condition.type === 'Complete' && condition.status === 'True') ?? false;
    for (const member of members) {
      await waitFor(`the Job in ${member}`, async () => {
        const found = await getJson<JobJson>(member, ['job', 'fedjob', '-n', namespace]);
        return (found?.spec.parallelism === 3 && found.spec.completions === 6) || found?.spec;
      }, 30_000);
    }
    for (const member of ['gcek8s', 'awsk8s']) {
      await waitFor(`the Job complete in ${member}`, async () => complete(await getJson<JobJson>(member, ['job', 'fedjob', '-n', namespace])), 60_000);
    }
    await waitFor('the federated status counting 12 succeeded', async () => (await getJson<JobJson>(federation, ['job', 'fedjob', '-n', namespace]))?.status?.succeeded === 12, 30_000);
    expect(complete(await getJson<JobJson>(federation, ['job', 'fedjob', '-n', namespace]))).toBe(false);
    await run('azurek8s', ['uncordon', '--selector=type=kwok']);
    await waitFor('the federated Job complete', async () => complete(await getJson<JobJson>(federation, ['job', 'fedjob', '-n', namespace])), 60_000);
    expect((await getJson<JobJson>(federation, ['job', 'fedjob', '-n', namespace]))?.status?.succeeded).toBe(18);
  });
});
