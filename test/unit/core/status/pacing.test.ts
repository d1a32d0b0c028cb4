import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { paceStatus, progressIntervalMs, type StatusPace, type StatusPaceResult } from '../../../../src/core/status/pacing.js';

const intervalMs = 2_000;

describe('paceStatus', () => {
  it.each<[string, { changed: boolean; settled: boolean; pace: StatusPace; now: number }, StatusPaceResult]>([
    ['nothing changed, nothing remembered', { changed: false, settled: false, pace: {}, now: 10_000 }, { decision: { kind: 'none' }, pace: undefined }],
    [
      'nothing changed a moment after a write: the write is remembered',
      { changed: false, settled: true, pace: { writtenAt: 9_500 }, now: 10_000 },
      { decision: { kind: 'none' }, pace: { writtenAt: 9_500 } },
    ],
    [
      'nothing changed an interval after a write: forgotten',
      { changed: false, settled: false, pace: { writtenAt: 8_000 }, now: 10_000 },
      { decision: { kind: 'none' }, pace: undefined },
    ],
    [
      'a change that was held back went away again (a pod that restarted)',
      { changed: false, settled: false, pace: { differsSince: 9_000 }, now: 10_000 },
      { decision: { kind: 'none' }, pace: undefined },
    ],
    ['a settled status is written at once', { changed: true, settled: true, pace: {}, now: 10_000 }, { decision: { kind: 'write' }, pace: { writtenAt: 10_000 } }],
    [
      'a settled status is written at once, even just after another write',
      { changed: true, settled: true, pace: { writtenAt: 9_999, differsSince: 9_999 }, now: 10_000 },
      { decision: { kind: 'write' }, pace: { writtenAt: 10_000 } },
    ],
    [
      'progress first seen waits one interval',
      { changed: true, settled: false, pace: {}, now: 10_000 },
      { decision: { kind: 'wait', afterMs: 2_000 }, pace: { differsSince: 10_000 } },
    ],
    [
      'progress that has waited an interval is written',
      { changed: true, settled: false, pace: { differsSince: 8_000 }, now: 10_000 },
      { decision: { kind: 'write' }, pace: { writtenAt: 10_000 } },
    ],
    [
      'progress waits for the interval after the last write too',
      { changed: true, settled: false, pace: { differsSince: 7_000, writtenAt: 9_000 }, now: 10_000 },
      { decision: { kind: 'wait', afterMs: 1_000 }, pace: { differsSince: 7_000, writtenAt: 9_000 } },
    ],
    [
      'progress after a quiet time waits one interval from when it was first seen',
      { changed: true, settled: false, pace: { differsSince: 9_500, writtenAt: 1_000 }, now: 10_000 },
      { decision: { kind: 'wait', afterMs: 1_500 }, pace: { differsSince: 9_500 } },
    ],
  ])('%s', (_name, input, expected) => {
    expect(paceStatus({ ...input, intervalMs })).toEqual(expected);
  });

  /**
   * The property: wanted statuses arrive at arbitrary times, and the object is reconciled on every
   * arrival and whenever a held-back write asked for it (as the work queue does). Then the last wanted
   * status is always written, a settled one the moment it is seen, progress never within an interval
   * of the previous write, and never a status that is already written.
   */
  it('always writes the last wanted status, settled ones at once and progress at most once per interval', () => {
    const arrival = fc.record({ afterMs: fc.integer({ min: 0, max: 5_000 }), value: fc.integer({ min: 0, max: 3 }), settled: fc.boolean() });
    fc.assert(
      fc.property(fc.array(arrival, { maxLength: 30 }), (arrivals) => {
        let written = { value: 0, settled: true };
        let wanted = written;
        let pace: StatusPace = {};
        let due: number | undefined;
        const writes: { at: number; settled: boolean }[] = [];
        const reconcile = (now: number) => {
          const result = paceStatus({ changed: wanted.value !== written.value, settled: wanted.settled, pace, now, intervalMs });
          pace = result.pace ?? {};
          due = result.decision.kind === 'wait' ? now + result.decision.afterMs : undefined;
          if (result.decision.kind === 'write') {
            expect(wanted.value).not.toBe(written.value);
            writes.push({ at: now, settled: wanted.settled });
            written = wanted;
          }
        };
        let now = 0;
        for (const { afterMs, value, settled } of arrivals) {
          const next = now + afterMs;
          while (due !== undefined && due <= next) {
            reconcile(due);
          }
          now = next;
          // Whether this status is settled is a property of the status itself.
          wanted = value === written.value ? written : { value, settled };
          reconcile(now);
          if (wanted.settled) {
            expect(written).toBe(wanted);
          }
        }
        while (due !== undefined) {
          reconcile(due);
        }
        expect(written.value).toBe(wanted.value);
        writes.forEach((write, index) => {
          const previous = writes[index - 1];
          if (!write.settled && previous) {
            expect(write.at - previous.at).toBeGreaterThanOrEqual(intervalMs);
          }
        });
      }),
    );
  });
});

describe('progressIntervalMs', () => {
  it.each([
    { name: 'one rollout keeps the interval', held: 1, expected: 5_000 },
    { name: 'as many as the controller writes per interval keep it', held: 20, expected: 5_000 },
    { name: 'twice as many wait twice as long', held: 40, expected: 10_000 },
    { name: 'a burst of 100 waits five intervals', held: 100, expected: 25_000 },
    { name: 'never more than the bound', held: 10_000, expected: 30_000 },
    { name: 'nothing held (a settled status asks) is the interval', held: 0, expected: 5_000 },
  ])('$name', ({ held, expected }) => {
    expect(progressIntervalMs({ intervalMs: 5_000, held, perInterval: 20, maxStretch: 6 })).toBe(expected);
  });
});
