import { describe, expect, it } from '@jest/globals';
import { LeaderFence } from '../../../../src/runtime/leader/leader-fence.js';
import type { Clock } from '../../../../src/runtime/clock.js';

const clockAt = (now: number): Clock => ({ now: () => now, setTimeout: () => undefined, clearTimeout: () => undefined });

describe('LeaderFence', () => {
  it.each([
    { case: 'before leader election begins', confirmedUntil: undefined, now: 5_000, refusal: undefined },
    { case: 'while leadership is confirmed', confirmedUntil: 10_000, now: 9_999, refusal: undefined },
    { case: 'at the renew deadline', confirmedUntil: 10_000, now: 10_000, refusal: 'leadership not confirmed within the renew deadline' },
    { case: 'after a freeze past the deadline', confirmedUntil: 10_000, now: 60_000, refusal: 'leadership not confirmed within the renew deadline' },
    { case: 'before leadership is acquired', confirmedUntil: 0, now: 5_000, refusal: 'leadership not confirmed within the renew deadline' },
  ])('$case: refusal is $refusal', ({ confirmedUntil, now, refusal }) => {
    const fence = new LeaderFence(clockAt(now));
    if (confirmedUntil !== undefined) {
      fence.follow({ confirmedUntil: () => confirmedUntil });
    }
    expect(fence.refusal()).toBe(refusal);
    expect(fence.signal.aborted).toBe(false);
  });

  it('once closed, refuses for good and aborts what is in flight, even while leadership looks confirmed', () => {
    const fence = new LeaderFence(clockAt(1_000));
    fence.follow({ confirmedUntil: () => 10_000 });
    fence.close('leadership lost');
    expect(fence.refusal()).toBe('leadership lost');
    expect(fence.signal.aborted).toBe(true);
  });
});
