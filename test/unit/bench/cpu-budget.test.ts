import { describe, expect, it } from '@jest/globals';
import { groupOf, subtract, total } from '../../../src/bench/cpu-budget.js';

describe('groupOf', () => {
  it('tells federation from member API servers and puts the clusters’ own controllers together', () => {
    expect(groupOf('federation', 'kube-apiserver')).toBe('federation apiserver');
    expect(groupOf('member', 'kube-apiserver')).toBe('member apiservers');
    expect(groupOf(undefined, 'etcd')).toBe('etcd');
    expect(groupOf('member', 'kwok')).toBe('lab controllers');
    expect(groupOf('federation', 'kube-controller-manager')).toBe('lab controllers');
  });
});

describe('subtract and total', () => {
  it('subtracts per group and sums a budget', () => {
    const delta = subtract({ etcd: 5.5, 'member apiservers': 10 }, { etcd: 1.25, 'member apiservers': 4 });
    expect(delta).toEqual({ etcd: 4.25, 'member apiservers': 6 });
    expect(total(delta)).toBeCloseTo(10.25);
    expect(total({})).toBe(0);
  });
});
