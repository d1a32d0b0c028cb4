// The pacer's interval stretches while many objects hold progress back (a burst), and only then.
import { describe, expect, it } from '@jest/globals';
import { maxProgressStretch, progressWritesPerInterval, StatusPacer } from '../../../src/controllers/status-pacer.js';

const intervalMs = 2_000;
const keys = (count: number) => Array.from({ length: count }, (_, index) => `shop/web-${index}`);

describe('StatusPacer', () => {
  it('holds one rollout’s progress back for one interval', () => {
    const pacer = new StatusPacer(intervalMs);
    expect(pacer.decide('shop/web', true, false, 0)).toEqual({ kind: 'wait', afterMs: intervalMs });
    expect(pacer.decide('shop/web', true, false, intervalMs)).toEqual({ kind: 'write' });
  });

  it('stretches the interval in proportion while more objects than it writes per interval hold progress back', () => {
    const pacer = new StatusPacer(intervalMs);
    const burst = keys(2 * progressWritesPerInterval);
    const first = burst.map((key) => pacer.decide(key, true, false, 0));
    // The first ones seen wait the interval, the last the interval stretched by all that are held.
    expect(first[0]).toEqual({ kind: 'wait', afterMs: intervalMs });
    expect(first.at(-1)).toEqual({ kind: 'wait', afterMs: 2 * intervalMs });
    // Due by the interval it was given, the first one now waits the stretched interval.
    expect(pacer.decide(burst[0]!, true, false, intervalMs)).toEqual({ kind: 'wait', afterMs: intervalMs });
    // An end is written at once, whatever is held, and no longer counts as held.
    expect(pacer.decide(burst[1]!, true, true, intervalMs)).toEqual({ kind: 'write' });
    expect(pacer.decide(burst[0]!, true, false, 2 * intervalMs)).toEqual({ kind: 'write' });
  });

  it('stretches no further than its bound, and back to the interval once the burst has ended', () => {
    const pacer = new StatusPacer(intervalMs);
    const burst = keys(100 * progressWritesPerInterval);
    const decisions = burst.map((key) => pacer.decide(key, true, false, 0));
    expect(decisions.at(-1)).toEqual({ kind: 'wait', afterMs: maxProgressStretch * intervalMs });
    burst.forEach((key) => pacer.decide(key, true, true, 1_000));
    expect(pacer.decide('shop/after', true, false, 1_000)).toEqual({ kind: 'wait', afterMs: intervalMs });
  });

  it('forgets an object, and it no longer counts as held', () => {
    const pacer = new StatusPacer(intervalMs);
    const burst = keys(2 * progressWritesPerInterval);
    burst.forEach((key) => pacer.decide(key, true, false, 0));
    burst.slice(1).forEach((key) => pacer.forget(key));
    expect(pacer.decide(burst[0]!, true, false, intervalMs)).toEqual({ kind: 'write' });
  });

  /**
   * A simulated burst: each object's status first differs at `start`, and its rollout ends at `end`;
   * it is reconciled then, at every requeue the pacer asks for, and at its end. Progress writes are
   * the writes of a status that is not yet the end.
   */
  function progressWrites(rollouts: { key: string; start: number; end: number }[], interval: number): number {
    const pacer = new StatusPacer(interval);
    const due = new Map<string, number>();
    let writes = 0;
    const visits = rollouts.flatMap((rollout) => [
      { at: rollout.start, key: rollout.key },
      { at: rollout.end, key: rollout.key },
    ]);
    const ends = new Map(rollouts.map((rollout) => [rollout.key, rollout.end]));
    const decide = (key: string, at: number) => {
      const settled = at >= ends.get(key)!;
      if (due.get(key) === -1) {
        return; // its end is written; nothing differs any more
      }
      const decision = pacer.decide(key, true, settled, at);
      due.delete(key);
      if (decision.kind === 'write') {
        writes += settled ? 0 : 1;
        if (settled) {
          due.set(key, -1);
        }
      } else if (decision.kind === 'wait') {
        due.set(key, at + decision.afterMs);
      }
    };
    visits.sort((a, b) => a.at - b.at);
    for (const visit of visits) {
      for (const [key, at] of [...due].filter(([, at]) => at !== -1 && at <= visit.at).sort((a, b) => a[1] - b[1])) {
        decide(key, at);
      }
      decide(visit.key, visit.at);
    }
    return writes;
  }

  it('writes no progress for a burst of 100 rollouts of 3–12 s, and progress for one such rollout alone', () => {
    const burst = keys(100).map((key, index) => ({ key, start: index * 10, end: 3_000 + ((index * 97) % 9_000) }));
    // Unstretched, each of these would have made a progress write at 5 s.
    expect(burst.filter((rollout) => rollout.end - rollout.start > 5_000)).toHaveLength(70);
    expect(progressWrites(burst, 5_000)).toBe(0);
    expect(progressWrites([{ key: 'shop/alone', start: 0, end: 12_000 }], 5_000)).toBe(1);
  });
});

