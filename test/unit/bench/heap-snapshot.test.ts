import { describe, expect, it } from '@jest/globals';
import { diffHeap, groupHeap, groupName, type HeapSnapshot } from '../../../src/bench/heap-snapshot.js';

const snapshot = (nodes: [type: number, name: number, size: number][]): HeapSnapshot => ({
  snapshot: { meta: { node_fields: ['type', 'name', 'id', 'self_size'], node_types: [['hidden', 'object', 'string', 'code', 'closure']] } },
  nodes: nodes.flatMap(([type, name, size], index) => [type, name, index + 1, size]),
  strings: ['', 'Object', 'abc', 'Map', 'system / Context'],
});

describe('groupName', () => {
  it('puts strings, code and closures together and objects under their constructor', () => {
    expect(groupName('string', 'hello')).toBe('(strings)');
    expect(groupName('sliced string', 'x')).toBe('(strings)');
    expect(groupName('code', 'f')).toBe('(compiled code)');
    expect(groupName('closure', 'f')).toBe('(closures)');
    expect(groupName('object', 'Informer')).toBe('Informer');
    expect(groupName('hidden', 'system / Context')).toBe('(V8 internal) Context');
  });
});

describe('groupHeap and diffHeap', () => {
  it('adds self sizes per group, largest first, and diffs two snapshots', () => {
    const before = groupHeap(snapshot([[1, 1, 100], [2, 2, 40]]));
    expect(before.totalBytes).toBe(140);
    expect(before.groups).toEqual([
      { name: 'Object', count: 1, bytes: 100 },
      { name: '(strings)', count: 1, bytes: 40 },
    ]);
    const after = groupHeap(snapshot([[1, 1, 100], [1, 1, 60], [2, 2, 40], [2, 2, 48], [1, 3, 10]]));
    expect(diffHeap(before.groups, after.groups)).toEqual([
      { name: 'Object', count: 1, bytes: 60 },
      { name: '(strings)', count: 1, bytes: 48 },
      { name: 'Map', count: 1, bytes: 10 },
    ]);
  });

  it('reports groups that shrank or vanished too', () => {
    const before = groupHeap(snapshot([[4, 0, 30]]));
    const after = groupHeap(snapshot([]));
    expect(diffHeap(before.groups, after.groups)).toEqual([{ name: '(closures)', count: -1, bytes: -30 }]);
  });
});
