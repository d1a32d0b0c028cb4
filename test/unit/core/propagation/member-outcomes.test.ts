import { describe, expect, it } from '@jest/globals';
import { describeObject, type MemberOutcome, summarizeOutcomes } from '../../../../src/core/propagation/member-outcomes.js';

const outcome = (cluster: string, action: MemberOutcome['action'], durationMs = 10): MemberOutcome => ({ cluster, action, durationMs });

describe('summarizeOutcomes', () => {
  it.each<[string, MemberOutcome[], { reason: string; message: string; clusters: string[]; durationMs: number }[]]>([
    ['nothing done: no summary', [], []],
    [
      'one member keeps v1’s wording',
      [outcome('gcek8s', 'create')],
      [{ reason: 'CreateInCluster', message: 'Created configmap "ns/x" in cluster gcek8s', clusters: ['gcek8s'], durationMs: 10 }],
    ],
    [
      'members that did the same are listed by name, with the longest duration',
      [outcome('gcek8s', 'create', 5), outcome('awsk8s', 'create', 30), outcome('azurek8s', 'create', 12)],
      [{ reason: 'CreateInCluster', message: 'Created configmap "ns/x" in clusters awsk8s, azurek8s, gcek8s', clusters: ['awsk8s', 'azurek8s', 'gcek8s'], durationMs: 30 }],
    ],
    [
      'a repair is an update of its own wording',
      [outcome('a', 'update'), outcome('b', 'repair'), outcome('c', 'update')],
      [
        { reason: 'UpdateInCluster', message: 'Updated configmap "ns/x" in clusters a, c', clusters: ['a', 'c'], durationMs: 10 },
        { reason: 'UpdateInCluster', message: 'Updated configmap "ns/x" in cluster b (repaired a change made in the member)', clusters: ['b'], durationMs: 10 },
      ],
    ],
    [
      'different actions, one summary each, in a fixed order',
      [outcome('b', 'release'), outcome('a', 'delete'), outcome('c', 'create')],
      [
        { reason: 'CreateInCluster', message: 'Created configmap "ns/x" in cluster c', clusters: ['c'], durationMs: 10 },
        { reason: 'DeleteInCluster', message: 'Deleted configmap "ns/x" in cluster a', clusters: ['a'], durationMs: 10 },
        { reason: 'OrphanInCluster', message: 'Released configmap "ns/x" in cluster b', clusters: ['b'], durationMs: 10 },
      ],
    ],
    [
      'a member that did the same twice is listed once',
      [outcome('a', 'update', 3), outcome('a', 'update', 4)],
      [{ reason: 'UpdateInCluster', message: 'Updated configmap "ns/x" in cluster a', clusters: ['a'], durationMs: 4 }],
    ],
  ])('%s', (_case, outcomes, expected) => {
    expect(summarizeOutcomes('configmap', '"ns/x"', outcomes).map(({ reason, message, clusters, durationMs }) => ({ reason, message, clusters, durationMs }))).toEqual(
      expected,
    );
  });
});

describe('describeObject', () => {
  it.each([
    [{ metadata: { namespace: 'ns', name: 'x' } }, '"ns/x"'],
    [{ metadata: { name: 'cluster-scoped' } }, '"cluster-scoped"'],
    [undefined, '""'],
  ])('%j is %s', (object, expected) => {
    expect(describeObject(object)).toBe(expected);
  });
});
