// The reconcile core against in-memory members (src/members/ports.ts): it decides, hands each member
// its work through that member's dispatcher, and never waits on a member.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { FederatedReconciler } from '../../../src/controllers/federated-reconciler.js';
import type { KindAdapter } from '../../../src/controllers/adapter.js';
import { configMapAdapter } from '../../../src/controllers/kinds/configmap.js';
import { serviceAdapter } from '../../../src/controllers/kinds/service.js';
import type { KubeObject } from '../../../src/core/objects.js';
import { adoptAnnotation, orphanAnnotation, propagationFinalizer } from '../../../src/core/well-known.js';
import { configMaps, services } from '../../../src/kube/resources.js';
import { Metrics } from '../../../src/runtime/observability/metrics.js';
import { Redactor } from '../../../src/runtime/observability/redactor.js';
import { ManualClock } from '../support/manual-clock.js';
import { FakeDirectory, FakeFederation, isManaged, quietLogger, settle } from '../support/fake-members.js';

const key = 'shop/app';
const federation = { name: 'fed', id: 'fed-id' };

interface Recorded {
  type: string;
  reason: string;
  message: string;
}

let clock: ManualClock;
let directory: FakeDirectory;
let store: FakeFederation;
let events: Recorded[];
let settled: string[];
let reconciler: FederatedReconciler;

beforeEach(() => {
  clock = new ManualClock();
  directory = new FakeDirectory(['east', 'west'], clock);
  store = new FakeFederation();
  directory.clusterStatus = store.clusterStatus;
  events = [];
  settled = [];
  reconciler = newReconciler();
});

/** newReconciler is the reconciler as a (re)started controller-manager makes it: nothing in memory. */
function newReconciler(adapter: KindAdapter<unknown> = configMapAdapter, informer: FakeFederation['cache'] = store.cache): FederatedReconciler {
  return new FederatedReconciler({
    adapter,
    federation,
    informer,
    client: store.client,
    registry: directory,
    recorder: { record: (_object, type, reason, message) => void events.push({ type, reason, message }) },
    metrics: new Metrics(),
    redactor: new Redactor(),
    clock,
    changedAt: new Map(),
    settled: (settledKey) => settled.push(settledKey),
  });
}

afterEach(async () => {
  await directory.stop();
});

const east = () => directory.member('east')!;
const west = () => directory.member('west')!;

function configMap(data: Record<string, string>, metadata: Partial<KubeObject['metadata']> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app', namespace: 'shop', ...metadata }, data };
}

/** reconcile runs one reconcile of the key, then lets the members' dispatchers do their work. */
async function reconcile(): Promise<{ requeueAfterMs?: number }> {
  const result = await reconciler.reconcile(key, { reconcileID: 'test', logger: quietLogger });
  await settle();
  return result;
}

/** propagated creates the federated object and lets it reach both members. */
async function propagated(metadata: Partial<KubeObject['metadata']> = {}): Promise<void> {
  store.put(configMap({ color: 'blue' }, metadata));
  await reconcile();
  expect(east().current(configMaps, key)?.data).toEqual({ color: 'blue' });
  expect(west().current(configMaps, key)?.data).toEqual({ color: 'blue' });
}

describe('propagate', () => {
  it('adds the finalizer, hands every ready member a copy labelled as the federation’s, and records one event for all members', async () => {
    await propagated();
    expect(store.objects.get(key)?.metadata.finalizers).toEqual([propagationFinalizer]);
    expect(isManaged(east().current(configMaps, key))).toBe(true);
    expect(events.filter((event) => event.reason === 'CreateInCluster').map((event) => event.message)).toEqual([
      'Created configmap "shop/app" in clusters east, west',
    ]);
    // Once both members are through, the object is reconciled again (status, latency): once, not once per member.
    expect(settled).toEqual([key]);
  });

  it('writes nothing more when everything is in place', async () => {
    await propagated();
    const before = [east().writes.length, west().writes.length, store.requests.length];
    await reconcile();
    expect([east().writes.length, west().writes.length, store.requests.length]).toEqual(before);
  });

  it('writes a kind’s status only when the members’ status changed it, and nothing on a reconcile that finds all in place', async () => {
    reconciler = newReconciler(serviceAdapter);
    store.put({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'app', namespace: 'shop', finalizers: [propagationFinalizer] }, spec: { ports: [{ port: 80 }] } });
    await reconcile();
    const copy = east().current(services, key)!;
    east().put(services, { ...copy, status: { loadBalancer: { ingress: [{ ip: '203.0.113.7' }] } } });
    const before = store.requests.length;
    await reconcile();
    expect(store.requests.slice(before).map((request) => [request.method, request.path])).toEqual([['PATCH', expect.stringMatching(/services\/app\/status$/)]]);
    expect(store.objects.get(key)?.status).toEqual({ loadBalancer: { ingress: [{ ip: '203.0.113.7' }] } });
    const settledRequests = store.requests.length;
    await reconcile();
    await reconcile();
    expect(store.requests.length).toBe(settledRequests);
  });

  it('takes an object its user deleted before its status write for gone, not for a failure to retry (the watch brings the deletion)', async () => {
    const service: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'app', namespace: 'shop', finalizers: [propagationFinalizer] }, spec: { ports: [{ port: 80 }] } };
    store.put(service);
    const seen = store.objects.get(key)!;
    reconciler = newReconciler(serviceAdapter, { hasSynced: () => true, get: () => seen });
    await reconcile();
    const copy = east().current(services, key)!;
    east().put(services, { ...copy, status: { loadBalancer: { ingress: [{ ip: '203.0.113.7' }] } } });
    store.objects.delete(key);
    await expect(reconcile()).resolves.toEqual({});
    expect(store.requests.at(-1)?.path).toMatch(/services\/app\/status$/);
  });

  it('never waits on a member: a member that does not answer holds up neither the reconcile nor the others', async () => {
    let answer = () => undefined as void;
    east().hold = new Promise((resolve) => (answer = resolve));
    store.put(configMap({ color: 'blue' }));
    await reconcile();
    expect(west().current(configMaps, key)?.data).toEqual({ color: 'blue' });
    expect(east().writes).toEqual([{ verb: 'create', key, adopt: false }]);
    expect(east().current(configMaps, key)).toBeUndefined();
    answer();
    await settle();
    expect(east().current(configMaps, key)?.data).toEqual({ color: 'blue' });
  });

  it('does not let a hanging member hold the others’ event back: they are reported after the wait, it on its own when it finishes', async () => {
    let answer = () => undefined as void;
    east().hold = new Promise((resolve) => (answer = resolve));
    store.put(configMap({ color: 'blue' }));
    await reconcile();
    expect(events.filter((event) => event.reason === 'CreateInCluster')).toEqual([]);
    clock.advance(2_000);
    expect(events.filter((event) => event.reason === 'CreateInCluster').map((event) => event.message)).toEqual([
      'Created configmap "shop/app" in cluster west',
    ]);
    answer();
    await settle();
    expect(events.filter((event) => event.reason === 'CreateInCluster').map((event) => event.message)).toEqual([
      'Created configmap "shop/app" in cluster west',
      'Created configmap "shop/app" in cluster east',
    ]);
  });

  it('reports a failing member with a Warning of its own and the others in one Event', async () => {
    east().failNext = new Error('admission webhook denied the request');
    store.put(configMap({ color: 'blue' }));
    await reconcile();
    expect(events.map((event) => [event.type, event.reason, event.message])).toEqual([
      ['Warning', 'CreateInClusterFailed', 'Failed to create configmap "shop/app" in cluster east: admission webhook denied the request'],
      ['Normal', 'CreateInCluster', 'Created configmap "shop/app" in cluster west'],
    ]);
  });

  it('leaves a member that is not ready alone and brings it in line when it is back', async () => {
    directory.setReady('west', false);
    store.put(configMap({ color: 'blue' }));
    await reconcile();
    expect(east().writes.map((write) => write.verb)).toEqual(['create']);
    expect(west().writes).toEqual([]);
    directory.setReady('west', true);
    await reconcile();
    expect(west().current(configMaps, key)?.data).toEqual({ color: 'blue' });
  });

  it('repairs an edit made in a member', async () => {
    await propagated();
    const copy = east().current(configMaps, key)!;
    east().put(configMaps, { ...copy, data: { color: 'red' } });
    await reconcile();
    expect(east().current(configMaps, key)?.data).toEqual({ color: 'blue' });
    expect(events.some((event) => event.reason === 'UpdateInCluster' && event.message.includes('repaired a change made in the member'))).toBe(true);
  });
});

describe('a member whose cache of the kind does not sync', () => {
  it.each([
    ['refused (403, 404): it is skipped and every other member receives the object', 'secrets is forbidden', undefined, ['west']],
    ['still syncing: nothing is decided until it has synced', undefined, 1_000, []],
  ])('%s', async (_name, refused, requeueAfterMs, receivers) => {
    const cache = east().informer(configMaps);
    cache.synced = false;
    cache.refused = refused;
    store.put(configMap({ color: 'blue' }));
    const result = await reconcile();
    expect(result.requeueAfterMs).toBe(requeueAfterMs);
    expect(directory.members.filter((member) => member.current(configMaps, key)).map((member) => member.name)).toEqual(receivers);
    expect(east().writes).toEqual([]);
  });
});

describe('delete', () => {
  it.each([
    ['cascading: copies are deleted', {}, 'delete', false],
    ['orphaning: copies are released, left in the members unlabelled', { annotations: { [orphanAnnotation]: 'true' } }, 'release', true],
  ])('%s, and the finalizer goes once the copies are gone', async (_name, metadata, verb, kept) => {
    await propagated(metadata);
    const object = store.objects.get(key)!;
    store.objects.set(key, { ...object, metadata: { ...object.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } });
    const first = await reconcile();
    expect(first.requeueAfterMs).toBeGreaterThan(0);
    expect(store.objects.has(key)).toBe(true);
    for (const member of [east(), west()]) {
      expect(member.writes.at(-1)).toEqual({ verb, key });
      expect(member.current(configMaps, key)).toBeUndefined();
      expect(member.foreign.has(key)).toBe(kept);
    }
    expect(await reconcile()).toEqual({});
    expect(store.objects.has(key)).toBe(false);
  });

  it('waits for a member whose cache of the kind cannot sync, deleting nothing there on its word', async () => {
    await propagated();
    const cache = west().informer(configMaps);
    cache.synced = false;
    cache.refused = 'configmaps is forbidden';
    const object = store.objects.get(key)!;
    store.objects.set(key, { ...object, metadata: { ...object.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } });
    expect((await reconcile()).requeueAfterMs).toBeGreaterThan(0);
    expect(east().current(configMaps, key)).toBeUndefined();
    expect(west().writes.map((write) => write.verb)).toEqual(['create']);
    expect(store.objects.has(key)).toBe(true);
    cache.synced = true;
    await reconcile();
    await reconcile();
    expect(west().current(configMaps, key)).toBeUndefined();
    expect(store.objects.has(key)).toBe(false);
  });

  it('takes an object already gone when its finalizer is taken off for done, not for a failure to retry', async () => {
    await propagated();
    const object = store.objects.get(key)!;
    const deleting = { ...object, metadata: { ...object.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } };
    store.objects.set(key, deleting);
    await reconcile();
    // The cache still shows the object; the API server has let it go meanwhile.
    reconciler = newReconciler(configMapAdapter, { hasSynced: () => true, get: () => deleting });
    store.objects.delete(key);
    await expect(reconcile()).resolves.toEqual({});
    expect(store.requests.at(-1)).toMatchObject({ method: 'PATCH' });
  });

  it('does not wait for a member that is not ready (it is swept when it returns)', async () => {
    await propagated();
    directory.setReady('west', false);
    const object = store.objects.get(key)!;
    store.objects.set(key, { ...object, metadata: { ...object.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } });
    await reconcile();
    await reconcile();
    expect(store.objects.has(key)).toBe(false);
    expect(west().current(configMaps, key)).toBeDefined();
    directory.setReady('west', true);
    await reconcile();
    expect(west().current(configMaps, key)).toBeUndefined();
  });
});

describe('kubefed’s finalizer', () => {
  it('is not written again when the object was created with it (the federation’s admission policy added it)', async () => {
    store.put(configMap({ color: 'blue' }, { finalizers: [propagationFinalizer] }));
    await reconcile();
    expect(west().current(configMaps, key)?.data).toEqual({ color: 'blue' });
    expect(store.requests.filter((request) => request.method === 'PATCH')).toEqual([]);
  });

  it.each([
    ['a ConfigMap in kube-system', { name: 'app', namespace: 'kube-system' }],
    ['each cluster’s kube-root-ca.crt', { name: 'kube-root-ca.crt', namespace: 'shop' }],
  ])('never holds up the deletion of an object kubefed does not federate: %s', async (_case, where) => {
    const unfederatedKey = `${where.namespace}/${where.name}`;
    const object = configMap({ a: '1' }, { ...where, finalizers: ['example.com/keep', propagationFinalizer] });
    store.put(object);
    store.objects.set(unfederatedKey, { ...store.objects.get(unfederatedKey)!, metadata: { ...store.objects.get(unfederatedKey)!.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } });
    await reconciler.reconcile(unfederatedKey, { reconcileID: 'test', logger: quietLogger });
    expect(store.objects.get(unfederatedKey)?.metadata.finalizers).toEqual(['example.com/keep']);
    expect([east().writes, west().writes]).toEqual([[], []]);
  });

  it('is left alone on an object kubefed does not federate that is not being deleted', async () => {
    store.put(configMap({ a: '1' }, { namespace: 'kube-system', finalizers: [propagationFinalizer] }));
    await reconciler.reconcile('kube-system/app', { reconcileID: 'test', logger: quietLogger });
    expect(store.requests).toEqual([]);
  });
});

describe('orphaning while a member is away', () => {
  const pending = (cluster: string) => store.clusterStatus.get(cluster)?.pendingReleases ?? {};

  it.each([
    ['the same controller-manager', false],
    ['a restarted one (the ledger is read back from the Cluster status)', true],
  ])('releases the away member’s copy when it returns, with %s, and clears the Cluster status entry', async (_name, restart) => {
    await propagated({ annotations: { [orphanAnnotation]: 'true' } });
    directory.setReady('west', false);
    const object = store.objects.get(key)!;
    store.objects.set(key, { ...object, metadata: { ...object.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } });
    await reconcile();
    await reconcile();
    expect(store.objects.has(key)).toBe(false);
    expect(Object.keys(pending('west'))).toEqual(['configmaps:shop/app']);
    expect(pending('east')).toEqual({});
    if (restart) {
      reconciler = newReconciler();
    }
    directory.setReady('west', true);
    await reconcile();
    expect(west().writes.at(-1)).toEqual({ verb: 'release', key });
    expect(west().foreign.has(key)).toBe(true);
    await reconcile();
    expect(pending('west')).toEqual({});
  });

  it('forgets a pending release when a new object of that name is created', async () => {
    store.clusterStatus.set('west', { pendingReleases: { 'configmaps:shop/app': '2026-01-01T00:00:00Z' } });
    await propagated();
    expect(pending('west')).toEqual({});
  });
});

describe('sweep', () => {
  it.each([
    ['a synced cache: the copy whose federated object is gone is deleted', true, ['delete']],
    ['a cache not synced yet: nothing is deleted on its word', false, []],
  ])('%s', async (_name, synced, verbs) => {
    east().put(configMaps, configMap({ color: 'old' }, { labels: { 'federation.kubefed.dev/managed-by': 'fed' } }));
    east().informer(configMaps).synced = synced;
    await reconcile();
    expect(east().writes.map((write) => write.verb)).toEqual(verbs);
  });
});

describe('a name clash', () => {
  const clashWarnings = () => events.filter((event) => event.type === 'Warning' && event.reason === 'AlreadyExistsInCluster');

  it('is reported once and not retried while nothing changes; other members are unaffected', async () => {
    east().foreign.add(key);
    store.put(configMap({ color: 'blue' }));
    for (let round = 0; round < 3; round += 1) {
      await reconcile();
      clock.advance(60_000);
      await settle();
    }
    expect(east().writes).toEqual([{ verb: 'create', key, adopt: false }]);
    expect(clashWarnings()).toHaveLength(1);
    expect(west().current(configMaps, key)?.data).toEqual({ color: 'blue' });
  });

  it.each([
    ['the federated object changes', { data: { color: 'green' } }, false],
    ['adoption is asked for', { annotations: { [adoptAnnotation]: 'true' } }, true],
  ])('is tried again when %s', async (_name, change, adopted) => {
    east().foreign.add(key);
    store.put(configMap({ color: 'blue' }));
    await reconcile();
    const object = store.objects.get(key)!;
    const annotations = { ...object.metadata.annotations, ...('annotations' in change ? change.annotations : {}) };
    store.objects.set(key, { ...object, ...('data' in change ? { data: change.data } : {}), metadata: { ...object.metadata, annotations } });
    await reconcile();
    expect(east().writes).toEqual([
      { verb: 'create', key, adopt: false },
      { verb: 'create', key, adopt: adopted },
    ]);
    expect(isManaged(east().current(configMaps, key))).toBe(adopted);
  });
});
