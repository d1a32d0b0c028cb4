import { describe, expect, test } from '@jest/globals';
import { hasRoom } from '../../../src/events/recorder.js';

describe('hasRoom', () => {
  test.each([
    ['Normal', 0, 1000, true],
    ['Normal', 999, 1000, true],
    ['Normal', 1000, 1000, false],
    ['Warning', 1000, 1000, true],
    ['Warning', 1999, 1000, true],
    ['Warning', 2000, 1000, false],
  ] as const)('%s event behind %d pending (limit %d): %s', (type, pending, maxPending, expected) => {
    expect(hasRoom(type, pending, maxPending)).toBe(expected);
  });
});
