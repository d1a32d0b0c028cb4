import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { ExpiringMap } from '../../../src/runtime/expiring-map.js';

describe('ExpiringMap', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  test('an entry leaves once its time is up, on reading it and when the expiry runs', () => {
    let now = 0;
    const map = new ExpiringMap<string, number>({ ttlMs: 1000, max: 10, now: () => now });
    map.set('a', 1);
    map.set('b', 2);
    now = 500;
    map.set('c', 3);
    now = 1000;
    expect(map.get('a')).toBeUndefined();
    expect(map.size).toBe(2);
    map.expire();
    expect(map.size).toBe(1);
    expect(map.get('c')).toBe(3);
    now = 1500;
    map.expire();
    expect(map.size).toBe(0);
  });

  test('holds at most max entries, dropping the oldest write first (setting again counts as new)', () => {
    const map = new ExpiringMap<string, number>({ ttlMs: 1000, max: 2 });
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 3);
    map.set('c', 4);
    expect(map.size).toBe(2);
    expect(map.get('b')).toBeUndefined();
    expect(map.get('a')).toBe(3);
    expect(map.get('c')).toBe(4);
  });

  test('its one timer empties it after the time is up, with nothing read, and is gone once it is empty', () => {
    jest.useFakeTimers();
    const map = new ExpiringMap<string, number>({ ttlMs: 1000, max: 10, now: () => Date.now() });
    map.set('a', 1);
    jest.advanceTimersByTime(600);
    map.set('b', 2);
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(400);
    expect(map.size).toBe(1);
    jest.advanceTimersByTime(600);
    expect(map.size).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
    map.set('c', 3);
    map.delete('c');
    expect(jest.getTimerCount()).toBe(0);
  });
});
