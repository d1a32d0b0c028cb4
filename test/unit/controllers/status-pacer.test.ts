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
});
