import { describe, expect, test } from '@jest/globals';
import { StringPool } from '../../../src/informers/string-pool.js';

/** fresh builds a string at run time, so it is a distinct instance from an equal literal. */
const fresh = (value: string) => JSON.parse(JSON.stringify(value)) as string;

describe('StringPool', () => {
  test('gives back equal strings, and counts each distinct short one once', () => {
    const pool = new StringPool();
    expect(pool.intern(fresh('team-a'))).toBe('team-a');
    expect(pool.intern(fresh('team-a'))).toBe('team-a');
    expect(pool.size).toBe(1);
  });

  test('leaves strings longer than its limit out', () => {
    const pool = new StringPool(10, 4);
    expect(pool.intern('longer')).toBe('longer');
    expect(pool.size).toBe(0);
  });

  test('starts over past its capacity instead of growing', () => {
    const pool = new StringPool(3);
    for (const value of ['a', 'b', 'c', 'd', 'e']) {
      expect(pool.intern(value)).toBe(value);
    }
    expect(pool.size).toBeLessThanOrEqual(3);
  });

  test('interns keys and values of a label map without changing it', () => {
    const pool = new StringPool();
    expect(pool.internValues({ app: 'web', tier: fresh('front') })).toEqual({ app: 'web', tier: 'front' });
  });

  test('shares one frozen map between equal label maps, and none between different ones', () => {
    const pool = new StringPool();
    const shared = pool.sharedMap({ app: 'web', tier: fresh('front') });
    expect(pool.sharedMap({ app: fresh('web'), tier: 'front' })).toBe(shared);
    expect(Object.isFrozen(shared)).toBe(true);
    expect(shared).toEqual({ app: 'web', tier: 'front' });
    expect(pool.sharedMap({ app: 'web', tier: 'back' })).not.toBe(shared);
    expect(pool.sharedMap({ tier: 'front' })).not.toBe(shared);
  });

  test('does not take one map for another whose entries join to the same text', () => {
    const pool = new StringPool();
    expect(pool.sharedMap({ a: 'b\u0000c', d: 'e' })).not.toBe(pool.sharedMap({ a: 'b', c: 'd\u0000e' }));
  });

  test('interns maps too long to be worth sharing without sharing them', () => {
    const pool = new StringPool(10, 4);
    const long = { key: 'a value longer than sixteen' };
    expect(pool.sharedMap(long)).toEqual(long);
    expect(pool.sharedMap({ ...long })).not.toBe(pool.sharedMap({ ...long }));
  });
});
