import { describe, expect, it } from '@jest/globals';
import {
  BucketRateLimiter,
  defaultControllerRateLimiter,
  ItemExponentialRateLimiter,
  MaxOfRateLimiter,
  type RateLimiter,
} from '../../../../src/core/queue/rate-limiter.js';

const whens = (limiter: RateLimiter, key: string, times: number, now = 0) =>
  Array.from({ length: times }, () => limiter.when(key, now));

describe('ItemExponentialRateLimiter', () => {
  it('doubles the wait per failure of a key, up to the cap', () => {
    expect(whens(new ItemExponentialRateLimiter(5, 100), 'a', 7)).toEqual([5, 10, 20, 40, 80, 100, 100]);
  });

  it('tracks keys separately and forget resets one key only', () => {
    const limiter = new ItemExponentialRateLimiter(1, 1000);
    whens(limiter, 'a', 3);
    whens(limiter, 'b', 1);
    expect([limiter.retries('a'), limiter.retries('b')]).toEqual([3, 1]);
    limiter.forget('a');
    expect([limiter.retries('a'), limiter.retries('b')]).toEqual([0, 1]);
    expect(limiter.when('a')).toBe(1);
  });

  it('stays at the cap after very many failures', () => {
    expect(whens(new ItemExponentialRateLimiter(5, 1000), 'a', 2000).at(-1)).toBe(1000);
  });
});

describe('BucketRateLimiter', () => {
  it('limits all keys together and keeps no per-key retries', () => {
    const limiter = new BucketRateLimiter(10, 1, 0);
    expect([limiter.when('a', 0), limiter.when('b', 0)]).toEqual([0, 100]);
    expect(limiter.retries()).toBe(0);
  });
});

describe('MaxOfRateLimiter', () => {
  it('waits as long as the strictest limiter and forgets in all of them', () => {
    const exponential = new ItemExponentialRateLimiter(5, 1000);
    const limiter = new MaxOfRateLimiter(exponential, new BucketRateLimiter(10, 1, 0));
    expect([limiter.when('a', 0), limiter.when('a', 0), limiter.when('a', 0)]).toEqual([5, 100, 200]);
    expect(limiter.retries('a')).toBe(3);
    limiter.forget('a');
    expect(exponential.retries('a')).toBe(0);
  });
});

describe('defaultControllerRateLimiter', () => {
  it('starts every key at 5 ms while the 100-token burst lasts', () => {
    const limiter = defaultControllerRateLimiter(0);
    const first = Array.from({ length: 100 }, (_, i) => limiter.when(`key-${i}`, 0));
    expect(new Set(first)).toEqual(new Set([5]));
    // The 101st failure within the same instant waits for a token at 10 qps.
    expect(limiter.when('key-100', 0)).toBe(100);
  });

  it('caps a single key at two minutes', () => {
    const limiter = defaultControllerRateLimiter(0);
    const delays = Array.from({ length: 40 }, (_, i) => limiter.when('a', i * 3_600_000));
    expect(delays.slice(0, 3)).toEqual([5, 10, 20]);
    expect(Math.max(...delays)).toBe(120_000);
  });
});
