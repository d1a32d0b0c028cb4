import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { backoffDelay, type BackoffPolicy, reflectorBackoff } from '../../../../src/core/queue/backoff.js';

describe('backoffDelay', () => {
  it.each([
    [0, 0, 800],
    [1, 0, 1600],
    [2, 0, 3200],
    [5, 0, 25_600],
    [6, 0, 30_000],
    [50, 0, 30_000],
    [-3, 0, 800],
    [0, 0.5, 1200],
    [0, 1, 1600],
    [6, 1, 30_000],
  ])('reflector attempt %d with random %d waits %d ms', (attempt, random, expected) => {
    expect(backoffDelay(reflectorBackoff, attempt, () => random)).toBe(expected);
  });

  it('stays between the unjittered delay and its jittered maximum, never above max', () => {
    const policy = fc.record<BackoffPolicy>({
      initialMs: fc.integer({ min: 1, max: 10_000 }),
      maxMs: fc.integer({ min: 1, max: 100_000 }),
      factor: fc.double({ min: 1, max: 4, noNaN: true }),
      jitter: fc.double({ min: 0, max: 2, noNaN: true }),
    });
    fc.assert(
      fc.property(policy, fc.integer({ min: 0, max: 60 }), fc.double({ min: 0, max: 0.999, noNaN: true }), (p, attempt, random) => {
        const base = Math.min(p.maxMs, p.initialMs * p.factor ** attempt);
        const delay = backoffDelay(p, attempt, () => random);
        expect(delay).toBeGreaterThanOrEqual(base);
        expect(delay).toBeLessThanOrEqual(Math.min(p.maxMs, base * (1 + p.jitter)));
      }),
    );
  });
});
