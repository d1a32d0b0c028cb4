import { describe, expect, it } from '@jest/globals';
import type { MemberCopy } from '../../../../src/controllers/adapter.js';
import type { Condition } from '../../../../src/core/objects.js';
import { aggregateConditions } from '../../../../src/core/status/conditions.js';

const copy = (cluster: string, conditions: Condition[]): MemberCopy => ({ cluster, hash: 'h', object: { metadata: { name: 'web' }, status: { conditions } } });
const available = (status: string, time: string, message = 'Deployment has minimum availability.'): Condition => ({
  type: 'Available',
  status,
  reason: status === 'True' ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
  message,
  lastUpdateTime: time,
  lastTransitionTime: time,
});

describe('aggregateConditions', () => {
  it('is True with the latest times when every member reports True', () => {
    const conditions = aggregateConditions([copy('b', [available('True', '2024-01-02T00:00:00Z')]), copy('a', [available('True', '2024-01-01T00:00:00Z')])]);
    expect(conditions).toEqual([
      {
        type: 'Available',
        status: 'True',
        reason: 'MinimumReplicasAvailable',
        message: 'Deployment has minimum availability. (all 2 clusters)',
        lastUpdateTime: '2024-01-02T00:00:00Z',
        lastTransitionTime: '2024-01-02T00:00:00Z',
      },
    ]);
  });

  it('reports the first failing member by cluster name, saying where', () => {
    const copies = [
      copy('c', [available('False', '2024-01-03T00:00:00Z', 'c is short')]),
      copy('a', [available('True', '2024-01-01T00:00:00Z')]),
      copy('b', [available('Unknown', '2024-01-02T00:00:00Z', 'b is unsure')]),
    ];
    const [condition] = aggregateConditions(copies);
    expect(condition).toMatchObject({ type: 'Available', status: 'Unknown', message: 'cluster b: b is unsure', lastTransitionTime: '2024-01-02T00:00:00Z' });
    expect(aggregateConditions([...copies].reverse())).toEqual(aggregateConditions(copies));
  });

  it('falls back to the reason when a failing condition has no message', () => {
    const [condition] = aggregateConditions([copy('a', [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }])]);
    expect(condition?.message).toBe('cluster a: ProgressDeadlineExceeded');
  });

  it('aggregates each type on its own and ignores members without status', () => {
    const conditions = aggregateConditions([
      copy('a', [available('True', 't1'), { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }]),
      { cluster: 'b', hash: 'h' },
    ]);
    expect(conditions.map((condition) => [condition.type, condition.status])).toEqual([
      ['Available', 'True'],
      ['Progressing', 'True'],
    ]);
    expect(aggregateConditions([])).toEqual([]);
  });
});
