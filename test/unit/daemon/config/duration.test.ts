import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { formatDuration, parseDuration } from '../../../../src/daemon/config/duration.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['10s', 10_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1m30s', 90_000],
    ['1.5s', 1_500],
    ['0s', 0],
    [' 10s ', 10_000],
    // Go accepts a bare zero without a unit.
    ['0', 0],
  ])('reads %j as %d ms', (text, expected) => {
    expect(parseDuration(text)).toBe(expected);
  });

  it.each([
    ['10', /add a unit/],
    ['', /empty/],
    ['   ', /empty/],
    ['ten seconds', /expected forms like/],
    ['10x', /expected forms like/],
    ['5s garbage', /expected forms like/],
    ['-5s', /expected forms like/],
  ])('rejects %j', (text, message) => {
    expect(() => parseDuration(text)).toThrow(message);
  });
});

describe('formatDuration', () => {
  it.each([
    [3_600_000, '1h'],
    [7_200_000, '2h'],
    [120_000, '2m'],
    [90_000, '90s'],
    [1_500, '1500ms'],
    [0, '0s'],
  ])('writes %d ms as %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  it('round-trips through parseDuration', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10 * 24 * 3_600_000 }), (ms) => {
        expect(parseDuration(formatDuration(ms))).toBe(ms);
      }),
    );
  });
});
