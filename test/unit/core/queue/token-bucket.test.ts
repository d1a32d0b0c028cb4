import { describe, expect, it } from '@jest/globals';
import { TokenBucket } from '../../../../src/core/queue/token-bucket.js';

describe('TokenBucket', () => {
  it('lets a burst through at once, then spaces reservations 1/qps apart', () => {
    const bucket = new TokenBucket(10, 2, 0);
    expect([0, 0, 0, 0].map((now) => bucket.reserve(now))).toEqual([0, 0, 100, 200]);
  });

  it('refills at qps, up to burst', () => {
    const bucket = new TokenBucket(10, 2, 0);
    bucket.reserve(0);
    bucket.reserve(0);
    // 100 ms later one token is back.
    expect(bucket.reserve(100)).toBe(0);
    expect(bucket.reserve(100)).toBe(100);
    // A long pause refills only to burst.
    expect([bucket.reserve(60_000), bucket.reserve(60_000), bucket.reserve(60_000)]).toEqual([0, 0, 100]);
  });

  it('counts a reservation already waited for as debt', () => {
    const bucket = new TokenBucket(1, 1, 0);
    expect(bucket.reserve(0)).toBe(0);
    expect(bucket.reserve(0)).toBe(1000);
    expect(bucket.reserve(0)).toBe(2000);
    expect(bucket.reserve(1500)).toBe(1500);
  });

  it('does not refill when time appears to go backwards', () => {
    const bucket = new TokenBucket(10, 1, 1000);
    bucket.reserve(1000);
    expect(bucket.reserve(500)).toBe(100);
  });

  it('never limits with a qps of zero', () => {
    const bucket = new TokenBucket(0, 0, 0);
    expect([bucket.reserve(0), bucket.reserve(0)]).toEqual([0, 0]);
  });
});
