// The federated Deployment's status as its members roll out: progress is written at most once per
// interval, the end of the rollout at once, and nothing when nothing changed.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { FederatedReconciler } from '../../../src/controllers/federated-reconciler.js';
import { createAdapters } from '../../../src/controllers/kinds/index.js';
import type { KubeObject } from '../../../src/core/objects.js';
import { deployments } from '../../../src/kube/resources.js';
import { Metrics } from '../../../src/runtime/observability/metrics.js';
import { Redactor } from '../../../src/runtime/observability/redactor.js';
import { ManualClock } from '../support/manual-clock.js';
import { FakeDirectory, FakeFederation, quietLogger, settle } from '../support/fake-members.js';

const key = 'shop/web';
const intervalMs = 2_000;
const adapter = createAdapters({ unschedulableThresholdMs: 60_000, hpaScaleForbiddenWindowMs: 0 }).deployments!;

let clock: ManualClock;
let directory: FakeDirectory;
let store: FakeFederation;
let reconciler: FederatedReconciler;

beforeEach(() => {
  clock = new ManualClock();
  directory = new FakeDirectory(['east', 'west'], clock);
  store = new FakeFederation();
  reconciler = new FederatedReconciler({
    adapter,
    federation: { name: 'fed', id: 'fed-id' },
    informer: store.cache,
    client: store.client,
    registry: directory,
    recorder: { record: () => undefined },
    metrics: new Metrics(),
    redactor: new Redactor(),
    clock,
    changedAt: new Map(),
    settled: () => undefined,
    statusIntervalMs: intervalMs,
  });
});

afterEach(async () => {
  await directory.stop();
});

async function reconcile(): Promise<{ requeueAfterMs?: number }> {
  const result = await reconciler.reconcile(key, { reconcileID: 'test', logger: quietLogger });
  await settle();
  return result;
}

const statusWrites = () => store.requests.filter((request) => request.path.endsWith('/status'));

/** report sets a member copy's status as that member's Deployment controller would. */
function report(cluster: string, status: { updated: number; available: number }): void {
  const member = directory.member(cluster)!;
  const copy = member.current(deployments, key)!;
  const { updated, available } = status;
  const generation = copy.metadata.generation ?? 1;
  member.put(deployments, {
    ...copy,
    metadata: { ...copy.metadata, generation },
    status: { observedGeneration: generation, replicas: 1, updatedReplicas: updated, readyReplicas: available, availableReplicas: available, unavailableReplicas: 1 - available },
  });
}

describe('the status of a federated Deployment', () => {
  it('holds progress back for an interval, writes the finished rollout at once, then writes nothing', async () => {
    const web: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop', generation: 1 },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } } } },
    };
    store.put(web);
    await reconcile();
    expect(directory.member('east')?.current(deployments, key)).toBeDefined();
    report('east', { updated: 1, available: 0 });

    // Progress: held back, and the reconcile asks to come back when it is due.
    const held = await reconcile();
    expect(statusWrites()).toHaveLength(0);
    expect(held.requeueAfterMs).toBe(intervalMs);
    report('west', { updated: 1, available: 0 });
    clock.advance(1_000);
    expect((await reconcile()).requeueAfterMs).toBe(1_000);
    expect(statusWrites()).toHaveLength(0);

    // Due: the latest progress is written, once.
    clock.advance(1_000);
    await reconcile();
    expect(statusWrites()).toHaveLength(1);
    expect(store.objects.get(key)?.status).toMatchObject({ updatedReplicas: 2, unavailableReplicas: 2 });

    // The rollout ends right after: written at once, though an interval has not passed.
    report('east', { updated: 1, available: 1 });
    report('west', { updated: 1, available: 1 });
    clock.advance(10);
    await reconcile();
    expect(statusWrites()).toHaveLength(2);
    expect(store.objects.get(key)?.status).toMatchObject({ observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 2 });

    await reconcile();
    clock.advance(60_000);
    await reconcile();
    expect(statusWrites()).toHaveLength(2);
  });
});
