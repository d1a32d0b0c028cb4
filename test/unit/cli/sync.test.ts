import { describe, expect, it } from '@jest/globals';
import type { KindAdapter } from '../../../src/controllers/adapter.js';
import type { KubeObject } from '../../../src/core/objects.js';
import type { ClusterObject } from '../../../src/members/cluster.js';
import { intentFor, memberObject } from '../../../src/core/propagation/render.js';
import { federatedAdapters } from '../../../src/cli/status/collect.js';
import { type EventObject, type KindSnapshot, replicaIntents, syncProblems } from '../../../src/cli/status/sync.js';

const now = new Date('2026-06-01T12:00:00Z');
const federation = { name: 'master-control', id: '6f1c2a9e-0d4b-4c55-9a53-2b7e8f0c1d2e' };
const adapters = federatedAdapters();
const adapter = (kind: string): KindAdapter<unknown> => {
  const found = adapters.find((candidate) => candidate.type.kind === kind);
  if (!found) {
    throw new Error(kind);
  }
  return found;
};

const cluster = (name: string, ready = true, labels: Record<string, string> = {}): ClusterObject => ({
  apiVersion: 'federation.kubefed.dev/v1beta1',
  kind: 'Cluster',
  metadata: { name, labels },
  spec: { serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `https://${name}` }] },
  status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});

const configMap = (data: Record<string, string>, annotations: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cfg', namespace: 'team', uid: 'u1', annotations },
  data,
});

/** copyOf is what the controller applies to a member: the same rendering the status check uses. */
const copyOf = (object: KubeObject, body: Record<string, unknown>): KubeObject => intentFor(memberObject(object, federation, body)).object;

const snapshot = (kind: string, objects: KubeObject[], copies: Record<string, KubeObject[]>): KindSnapshot => ({ adapter: adapter(kind), objects, copies });

const check = (kinds: KindSnapshot[], clusters = [cluster('a'), cluster('b')], events: EventObject[] = []) =>
  syncProblems({ federation, clusters, kinds, events, now, eventWindowMs: 600_000 }).map((problem) => `${problem.kind} ${problem.name} ${problem.cluster ?? '*'} ${problem.reason}`);

describe('syncProblems', () => {
  const source = configMap({ a: '1' });
  const good = copyOf(source, { data: { a: '1' } });

  it('finds nothing when every Ready member holds the current rendering', () => {
    expect(check([snapshot('ConfigMap', [source], { a: [good], b: [good] })])).toEqual([]);
  });

  it.each([
    ['a missing copy', { a: [good], b: [] }, ['ConfigMap cfg b Missing']],
    ['an older rendering', { a: [good], b: [copyOf(configMap({ a: '0' }), { data: { a: '0' } })] }, ['ConfigMap cfg b Outdated']],
    ['an edit in the member', { a: [good], b: [{ ...good, data: { a: 'edited' } }] }, ['ConfigMap cfg b Drifted']],
    ['a copy being deleted', { a: [good], b: [{ ...good, metadata: { ...good.metadata, deletionTimestamp: '2026-06-01T11:00:00Z' } }] }, ['ConfigMap cfg b Terminating']],
  ])('reports %s', (_case, copies, expected) => {
    expect(check([snapshot('ConfigMap', [source], copies)])).toEqual(expected);
  });

  it('does not judge members that are not Ready or could not be read', () => {
    expect(check([snapshot('ConfigMap', [source], { a: [good] })], [cluster('a'), cluster('b', false), cluster('c')])).toEqual([]);
  });

  it('follows the cluster selector: an unselected member must not hold a copy', () => {
    const selected = configMap({ a: '1' }, { 'federation.alpha.kubernetes.io/cluster-selector': '[{"key": "env", "operator": "In", "values": ["prod"]}]' });
    const copy = copyOf(selected, { data: { a: '1' } });
    expect(check([snapshot('ConfigMap', [selected], { a: [copy], b: [copy] })], [cluster('a', true, { env: 'prod' }), cluster('b')])).toEqual(['ConfigMap cfg b Unwanted']);
    const broken = configMap({ a: '1' }, { 'federation.alpha.kubernetes.io/cluster-selector': 'not json' });
    expect(check([snapshot('ConfigMap', [broken], {})])).toContain('ConfigMap cfg * InvalidClusterSelector');
  });

  it('reports copies whose federated object is gone, and objects being deleted', () => {
    expect(check([snapshot('ConfigMap', [], { a: [good], b: [] })])).toEqual(['ConfigMap cfg a Leftover']);
    const deleting = { ...source, metadata: { ...source.metadata, deletionTimestamp: '2026-06-01T11:00:00Z', finalizers: ['federation.kubefed.dev/delete-from-members'] } };
    expect(check([snapshot('ConfigMap', [deleting], { a: [good], b: [good] })])).toEqual(['ConfigMap cfg * Deleting']);
  });

  it('leaves system namespaces alone, as the controller does', () => {
    const system = { ...source, metadata: { ...source.metadata, namespace: 'kube-system' } };
    expect(check([snapshot('ConfigMap', [system], { a: [], b: [] })])).toEqual([]);
  });

  it('reports recent Warning events recorded on the object, latest per reason', () => {
    const event = (reason: string, at: string, message = reason, uid = 'u1'): EventObject => ({
      type: 'Warning',
      reason,
      message,
      count: 2,
      lastTimestamp: at,
      involvedObject: { kind: 'ConfigMap', namespace: 'team', name: 'cfg', uid },
    });
    const events = [
      event('CreateInClusterFailed', '2026-06-01T11:58:00Z', 'old'),
      event('CreateInClusterFailed', '2026-06-01T11:59:00Z', 'new'),
      event('UpdateInClusterFailed', '2026-06-01T10:00:00Z'),
      event('AlreadyExistsInCluster', '2026-06-01T11:59:00Z', 'x', 'another-uid'),
      { ...event('Normal', '2026-06-01T11:59:00Z'), type: 'Normal' },
    ];
    const problems = syncProblems({ federation, clusters: [cluster('a')], kinds: [snapshot('ConfigMap', [source], { a: [good] })], events, now, eventWindowMs: 600_000 });
    expect(problems).toEqual([{ kind: 'ConfigMap', namespace: 'team', name: 'cfg', reason: 'CreateInClusterFailed', message: 'new (×2)' }]);
  });
});

describe('replica-split workloads', () => {
  const deployment = (replicas: number, placement?: Record<string, number>, generation = 1, observed = 1): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'team', generation, ...(placement ? { annotations: { 'federation.kubefed.dev/placement': JSON.stringify(placement) } } : {}) },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } } } },
    status: { observedGeneration: observed },
  });
  const copy = (object: KubeObject, replicas: number) => copyOf(object, { spec: { ...(object.spec as object), replicas } });

  it('compares member copies with the recorded placement', () => {
    const web = deployment(3, { a: 2, b: 1 });
    expect(check([snapshot('Deployment', [web], { a: [copy(web, 2)], b: [copy(web, 1)] })])).toEqual([]);
    expect(check([snapshot('Deployment', [web], { a: [copy(web, 1)], b: [copy(web, 1)] })])).toEqual(['Deployment web a Rebalancing']);
  });

  it('reports a rollout members have not all observed', () => {
    const web = deployment(3, { a: 2, b: 1 }, 2, 1);
    expect(check([snapshot('Deployment', [web], { a: [copy(web, 2)], b: [copy(web, 1)] })])).toEqual(['Deployment web * RolloutInProgress']);
  });

  it("leaves a member HPA's replicas out of the comparison", () => {
    const web = deployment(3, { a: 2, b: 1 });
    const intents = replicaIntents(web, ['a', 'b'], federation, () => copy(web, 7), ['a']);
    expect(intents.get('a')?.retainedPaths).toEqual([['spec', 'replicas']]);
    expect((intents.get('b')?.object.spec as { replicas: number }).replicas).toBe(0);
  });
});
