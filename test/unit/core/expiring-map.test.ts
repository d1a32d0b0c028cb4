import { describe, expect, it } from '@jest/globals';
import { ExpiringMap } from '../../../src/core/expiring-map.js';

describe('ExpiringMap', () => {
  it.each<[string, number, string | undefined]>([
    ['just set', 0, 'a'],
    ['shortly before the ttl ends', 999, 'a'],
    ['once the ttl has passed', 1_000, undefined],
  ])('gives a value %s', (_name, after, expected) => {
    const map = new ExpiringMap<string, string>({ max: 10, ttlMs: 1_000 });
    map.set('k', 'a', 5_000);
    expect(map.get('k', 5_000 + after)).toBe(expected);
  });

  it('drops an expired entry when it is read', () => {
    const map = new ExpiringMap<string, string>({ max: 10, ttlMs: 1_000 });
    map.set('k', 'a', 0);
    map.get('k', 2_000);
    expect(map.size).toBe(0);
  });

  it('when full, drops the entry set longest ago (setting again counts as new)', () => {
    const map = new ExpiringMap<string, number>({ max: 2, ttlMs: 1_000 });
    map.set('a', 1, 0);
    map.set('b', 2, 1);
    map.set('a', 3, 2);
    map.set('c', 4, 3);
    expect([map.get('a', 4), map.get('b', 4), map.get('c', 4), map.size]).toEqual([3, undefined, 4, 2]);
  });

  it('setting again restarts the ttl', () => {
    const map = new ExpiringMap<string, number>({ max: 2, ttlMs: 1_000 });
    map.set('a', 1, 0);
    map.set('a', 2, 900);
    expect(map.get('a', 1_500)).toBe(2);
  });

  it('deletes and clears', () => {
    const map = new ExpiringMap<string, number>({ max: 5, ttlMs: 1_000 });
    map.set('a', 1, 0);
    map.set('b', 2, 0);
    map.delete('a');
    expect([map.get('a', 0), map.size]).toEqual([undefined, 1]);
    map.clear();
    expect(map.size).toBe(0);
  });
});
