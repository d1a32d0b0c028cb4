import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { percentile, perUnit, rate, ratio, span, summarize } from '../../../src/bench/statistics.js';

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, index) => index + 1);

  it.each([
    [0, 1],
    [1, 1],
    [50, 50],
    [95, 95],
    [99, 99],
    [99.5, 100],
    [100, 100],
  ])('p%d of 1..100 is %d', (p, expected) => {
    expect(percentile(hundred, p)).toBe(expected);
  });

  it('never interpolates: every percentile is an observed sample', () => {
    expect(percentile([10, 20], 50)).toBe(10);
    expect(percentile([10, 20], 51)).toBe(20);
    expect(percentile([7], 99)).toBe(7);
  });

  it('of 200 samples, p99 is the 198th and p95 the 190th', () => {
    const samples = Array.from({ length: 200 }, (_, index) => index);
    expect(percentile(samples, 99)).toBe(197);
    expect(percentile(samples, 95)).toBe(189);
  });

  it('rejects no samples and percentiles outside 0..100', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], -1)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });

  it('at least p percent of the samples are at or below it, and fewer than p percent strictly below it', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 300 }), fc.double({ min: 0, max: 100, noNaN: true }), (values, p) => {
        const sorted = [...values].sort((a, b) => a - b);
        const value = percentile(sorted, p);
        const atOrBelow = sorted.filter((sample) => sample <= value).length;
        const below = sorted.filter((sample) => sample < value).length;
        expect(sorted).toContain(value);
        expect(atOrBelow / sorted.length).toBeGreaterThanOrEqual(p / 100 - 1e-12);
        expect(below / sorted.length).toBeLessThan(Math.max(p / 100, 1 / sorted.length) + 1e-12);
      }),
    );
  });

  it('is monotonic in p', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1, maxLength: 100 }), fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (values, a, b) => {
        const sorted = [...values].sort((x, y) => x - y);
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(percentile(sorted, low)).toBeLessThanOrEqual(percentile(sorted, high));
      }),
    );
  });
});

describe('summarize', () => {
  it('sorts, counts and averages without touching its input', () => {
    const samples = [30, 10, 20, 40];
    expect(summarize(samples)).toEqual({ count: 4, min: 10, mean: 25, p50: 20, p95: 40, p99: 40, max: 40 });
    expect(samples).toEqual([30, 10, 20, 40]);
  });

  it('orders min <= p50 <= p95 <= p99 <= max with the mean between min and max', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e5, noNaN: true }), { minLength: 1, maxLength: 500 }), (values) => {
        const summary = summarize(values);
        expect(summary.count).toBe(values.length);
        expect(summary.min).toBeLessThanOrEqual(summary.p50);
        expect(summary.p50).toBeLessThanOrEqual(summary.p95);
        expect(summary.p95).toBeLessThanOrEqual(summary.p99);
        expect(summary.p99).toBeLessThanOrEqual(summary.max);
        expect(summary.mean).toBeGreaterThanOrEqual(summary.min - 1e-9);
        expect(summary.mean).toBeLessThanOrEqual(summary.max + 1e-9);
      }),
    );
  });

  it('rejects empty and non-finite samples', () => {
    expect(() => summarize([])).toThrow(RangeError);
    expect(() => summarize([1, Infinity])).toThrow(RangeError);
    expect(() => summarize([Number.NaN])).toThrow(RangeError);
  });
});

describe('rates and ratios', () => {
  it('rate is per second', () => {
    expect(rate(2000, 4000)).toBe(500);
    expect(rate(5, 0)).toBe(0);
  });

  it('ratio is undefined against nothing', () => {
    expect(ratio(80, 100)).toBe(0.8);
    expect(ratio(1, 0)).toBeUndefined();
    expect(ratio(Infinity, 1)).toBeUndefined();
  });

  it('perUnit spreads an amount over units', () => {
    expect(perUnit(14, 2)).toBe(7);
    expect(perUnit(1, 0)).toBeUndefined();
  });

  it('span finds the first and last instant', () => {
    expect(span([5, 1, 9])).toEqual({ first: 1, last: 9 });
    expect(span([])).toBeUndefined();
  });
});
