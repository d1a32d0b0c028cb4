import { describe, expect, it } from '@jest/globals';
import { configMapWorkload, deploymentWorkload, isRolledOut, nodesForDeployments, objectName, rawCopy } from '../../../src/bench/workload.js';
import type { KubeObject } from '../../../src/core/objects.js';
import { appliedHashAnnotation, federationIdLabel, managedByLabel } from '../../../src/core/well-known.js';

const fed = { name: 'fed', id: '6f1c2a9e-0d4b-4c55-9a53-2b7e8f0c1d2e' };

const merge = (target: unknown, patch: unknown): unknown => {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    return patch;
  }
  const result: Record<string, unknown> = { ...((typeof target === 'object' && target !== null ? target : {}) as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch)) {
    result[key] = merge(result[key], value);
  }
  return result;
};

describe('objectName', () => {
  it('pads so names sort in creation order', () => {
    expect(objectName(7)).toBe('bench-00007');
    expect([objectName(10), objectName(9)].sort()).toEqual([objectName(9), objectName(10)]);
  });
});

describe.each([
  ['configmap', configMapWorkload],
  ['deployment', deploymentWorkload(3, 1)],
])('%s workload', (_kind, workload) => {
  it('makes named objects at revision 0 in the given namespace', () => {
    const object = workload.object('ns', 3);
    expect(object.metadata).toMatchObject({ name: 'bench-00003', namespace: 'ns' });
    expect(workload.revisionOf(object)).toBe(0);
  });

  it('reads back the revision its merge patch writes', () => {
    const object = workload.object('ns', 1);
    expect(workload.revisionOf(merge(object, workload.revisionPatch(7)) as KubeObject)).toBe(7);
  });

  it('finds no revision on a foreign object', () => {
    expect(workload.revisionOf({ metadata: { name: 'x' } })).toBeUndefined();
  });
});

describe('deploymentWorkload', () => {
  it('asks for replicas per member times members, split back by rawCopy', () => {
    const workload = deploymentWorkload(3, 2);
    const object = workload.object('ns', 0);
    expect((object.spec as { replicas: number }).replicas).toBe(6);
    expect((rawCopy(workload, object, 3, fed).spec as { replicas: number }).replicas).toBe(2);
  });
});

describe('rawCopy', () => {
  it('is the copy kubefed would apply: its label and hash, the source untouched', () => {
    const source = configMapWorkload.object('ns', 0);
    const copy = rawCopy(configMapWorkload, source, 3, fed);
    expect(copy.metadata.labels?.[managedByLabel]).toBe('fed');
    expect(copy.metadata.labels?.[federationIdLabel]).toBe(fed.id);
    expect(copy.metadata.annotations?.[appliedHashAnnotation]).toMatch(/\S/);
    expect(copy.data).toEqual(source.data);
    expect(source.metadata.labels?.[managedByLabel]).toBeUndefined();
  });
});

describe('isRolledOut', () => {
  const deployment = (status: Record<string, number>, generation = 2): KubeObject => ({ metadata: { name: 'd', generation }, spec: { replicas: 3 }, status });

  it('wants the current generation observed with every replica updated and ready', () => {
    expect(isRolledOut(deployment({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 3 }))).toBe(true);
    expect(isRolledOut(deployment({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3 }))).toBe(false);
    expect(isRolledOut(deployment({ observedGeneration: 2, replicas: 4, updatedReplicas: 3, readyReplicas: 3 }))).toBe(false);
    expect(isRolledOut(deployment({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 2 }))).toBe(false);
    expect(isRolledOut(deployment({}))).toBe(false);
  });
});

describe('nodesForDeployments', () => {
  it('gives room for every pod, a sample object and its surge, with spare', () => {
    expect(nodesForDeployments(200, 1)).toBe(12);
    expect(nodesForDeployments(1, 1)).toBe(2);
    expect(nodesForDeployments(200, 1) * 20).toBeGreaterThanOrEqual(202);
  });
});
