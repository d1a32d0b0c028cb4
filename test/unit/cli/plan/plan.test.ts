import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../../../src/core/objects.js';
import { parseCounts, unknownClusters } from '../../../../src/cli/plan/arguments.js';
import { isPlannable, type PlanCluster, planJson, planObject, shareText } from '../../../../src/cli/plan/plan.js';
import { planTable } from '../../../../src/cli/plan/table.js';

const now = new Date('2026-01-01T00:00:00Z');
const named = (...names: string[]): PlanCluster[] => names.map((name) => ({ name }));
const labelled = (clusters: Record<string, Record<string, string>>): PlanCluster[] => Object.entries(clusters).map(([name, labels]) => ({ name, labels }));

const object = (kind: string, spec: Record<string, unknown>, annotations: Record<string, string> = {}, namespace?: string): KubeObject => ({
  apiVersion: 'x',
  kind,
  metadata: { name: 'web', ...(namespace ? { namespace } : {}), annotations },
  spec,
});

describe('planObject', () => {
  it.each([
    // The seed: 3 replicas over two clusters give 2 and 1 (which one gets 2 is v1's FNV tie-break).
    ['default weights', object('Deployment', { replicas: 3 }), named('awsk8s', 'gcek8s'), {}, {}, [2, 1]],
    ['weights', object('Deployment', { replicas: 6 }, { 'federation.kubernetes.io/deployment-preferences': '{"clusters": {"a": {"weight": 2}, "b": {"weight": 1}}}' }), named('a', 'b'), {}, {}, [4, 2]],
    ['min and max', object('ReplicaSet', { replicas: 9 }, { 'federation.kubernetes.io/replica-set-preferences': '{"clusters": {"a": {"minReplicas": 2, "maxReplicas": 3}, "*": {"weight": 1}}}' }), named('a', 'b'), {}, {}, [2, 7]],
    ['current replicas kept without rebalance', object('Deployment', { replicas: 4 }), named('a', 'b'), { a: 4 }, {}, [4, 0]],
    ['capacity limits', object('Deployment', { replicas: 6 }), named('a', 'b'), {}, { a: 1 }, [1, 5]],
  ])('%s', (_case, input, clusters, current, capacity, expected) => {
    const entry = planObject(input, { clusters, current, capacity, now });
    expect(entry.split).toBe('replicas');
    const values = Object.values(entry.placement).map(Number);
    expect(values.reduce((sum, value) => sum + value, 0)).toBe(expected.reduce((sum, value) => sum + value, 0));
    expect([...values].sort((a, b) => b - a)).toEqual([...expected].sort((a, b) => b - a));
    if (_case !== 'default weights') {
      expect(Object.values(entry.placement)).toEqual(expected);
    }
  });

  it('is deterministic: the same input always gives the same split', () => {
    const input = object('Deployment', { replicas: 3 });
    const first = planObject(input, { clusters: named('gcek8s', 'awsk8s'), now });
    expect(planObject(input, { clusters: named('awsk8s', 'gcek8s'), now }).placement).toEqual(first.placement);
  });

  it('keys objects as <kind>/<namespace>/<name>, cluster-scoped ones as <kind>/<name>', () => {
    expect(planObject(object('Deployment', {}), { clusters: named('a'), now }).key).toBe('Deployment/default/web');
    expect(planObject(object('Deployment', {}, {}, 'team'), { clusters: named('a'), now }).key).toBe('Deployment/team/web');
    expect(planObject(object('Namespace', {}), { clusters: named('a'), now }).key).toBe('Namespace/web');
  });

  it('splits a Job: parallelism 9 and completions 18 over three clusters give 3/6 each', () => {
    const entry = planObject(object('Job', { parallelism: 9, completions: 18 }), { clusters: named('a', 'b', 'c'), now });
    expect(entry.placement).toEqual({ a: { parallelism: 3, completions: 6 }, b: { parallelism: 3, completions: 6 }, c: { parallelism: 3, completions: 6 } });
  });

  it("splits the seed's HPA (min 5, max 20) over two fresh clusters", () => {
    const entry = planObject(object('HorizontalPodAutoscaler', { minReplicas: 5, maxReplicas: 20, scaleTargetRef: { kind: 'Deployment', name: 'nodejs' } }), { clusters: named('a', 'b'), now });
    const bounds = Object.values(entry.placement) as { minReplicas: number; maxReplicas: number }[];
    expect(bounds.reduce((sum, bound) => sum + bound.maxReplicas, 0)).toBe(20);
    expect(bounds.reduce((sum, bound) => sum + bound.minReplicas, 0)).toBe(5);
    expect(entry.notes).toEqual([]);
  });

  it('notes an HPA without a Deployment or ReplicaSet target, and one without maxReplicas', () => {
    expect(planObject(object('HorizontalPodAutoscaler', { maxReplicas: 4, scaleTargetRef: { kind: 'StatefulSet', name: 's' } }), { clusters: named('a'), now }).notes.join()).toMatch(/not a Deployment or ReplicaSet/);
    expect(planObject(object('HorizontalPodAutoscaler', {}), { clusters: named('a'), now }).notes).toEqual(['spec.maxReplicas is missing']);
  });

  it('sends whole objects to every selected cluster, and applies the cluster selector when labels are known', () => {
    const selector = { 'federation.alpha.kubernetes.io/cluster-selector': '[{"key": "hipaa", "operator": "In", "values": ["true"]}]' };
    const clusters = labelled({ a: { hipaa: 'true' }, b: {}, c: { hipaa: 'true' } });
    expect(planObject(object('ConfigMap', {}, selector), { clusters, now }).placement).toEqual({ a: true, c: true });
    expect(planObject(object('Deployment', { replicas: 4 }, selector), { clusters, now }).placement).toEqual({ a: 2, c: 2 });
    const unlabelled = planObject(object('ConfigMap', {}, selector), { clusters: named('a', 'b'), now });
    expect(unlabelled.placement).toEqual({ a: true, b: true });
    expect(unlabelled.notes.join()).toMatch(/cluster labels are unknown/);
  });

  it('falls back to the default placement on unusable preferences, as the controller does without a previous one', () => {
    const entry = planObject(object('Deployment', { replicas: 2 }, { 'federation.kubernetes.io/deployment-preferences': '{bad' }), { clusters: named('a', 'b'), now });
    expect(entry.placement).toEqual({ a: 1, b: 1 });
    expect(entry.notes.join()).toMatch(/invalid JSON.*default placement/);
  });

  it('says when maxReplicas leave replicas unplaced', () => {
    const entry = planObject(object('Deployment', { replicas: 5 }, { 'federation.kubernetes.io/deployment-preferences': '{"clusters": {"a": {"maxReplicas": 1, "weight": 1}}}' }), { clusters: named('a', 'b'), now });
    expect(entry.placement).toEqual({ a: 1, b: 0 });
    expect(entry.notes).toContain('only 1 of 5 replicas can be placed within maxReplicas');
  });
});

describe('output', () => {
  const entries = [
    planObject(object('Deployment', { replicas: 4 }), { clusters: named('a', 'b'), now }),
    planObject(object('Job', { parallelism: 2, completions: 4 }), { clusters: named('a', 'b'), now }),
    planObject(object('ConfigMap', {}), { clusters: named('a', 'b'), now }),
  ];

  it('json maps each object key to its per-cluster split', () => {
    expect(planJson(entries)).toEqual({
      'Deployment/default/web': { a: 2, b: 2 },
      'Job/default/web': { a: { parallelism: 1, completions: 2 }, b: { parallelism: 1, completions: 2 } },
      'ConfigMap/default/web': { a: true, b: true },
    });
  });

  it('table has a column per cluster', () => {
    expect(planTable(entries, ['a', 'b'])).toBe(
      ['OBJECT                   A       B', 'Deployment/default/web   2       2', 'Job/default/web          p1/c2   p1/c2', 'ConfigMap/default/web    yes     yes', ''].join('\n'),
    );
  });

  it.each([
    [undefined, '-'],
    [true, 'yes'],
    [3, '3'],
    [{ minReplicas: 1, maxReplicas: 4 }, '1-4'],
    [{ parallelism: 2 }, 'p2'],
  ] as const)('shareText(%j) is %s', (share, text) => {
    expect(shareText(share)).toBe(text);
  });

  it('knows which kinds are federated', () => {
    expect(['Deployment', 'ReplicaSet', 'Job', 'HorizontalPodAutoscaler', 'ConfigMap', 'Ingress'].every(isPlannable)).toBe(true);
    expect(isPlannable('Pod')).toBe(false);
  });
});

describe('parseCounts', () => {
  it.each([
    ['a=2,b=0', { a: 2, b: 0 }],
    [' a = 2 ', undefined],
    ['', {}],
    ['gcek8s=10,', { gcek8s: 10 }],
  ])('%j', (text, expected) => {
    if (expected === undefined) {
      expect(() => parseCounts(text)).toThrow();
    } else {
      expect(parseCounts(text)).toEqual(expected);
    }
  });

  it.each(['a=-1', 'a=1.5', 'a', 'a=x', 'a=1,a=2'])('rejects %j', (text) => {
    expect(() => parseCounts(text)).toThrow();
  });

  it('finds clusters that are not planned over', () => {
    expect(unknownClusters({ a: 1, z: 2 }, ['a', 'b'])).toEqual(['z']);
  });
});
