import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { canAcquire, type LeaseSpec, microTime, nextSpec, releasedSpec } from '../../../../src/runtime/leader/lease-record.js';

const t = Date.parse('2024-03-01T12:00:00.123Z');

describe('microTime', () => {
  it('writes six fractional digits', () => {
    expect(microTime(t)).toBe('2024-03-01T12:00:00.123000Z');
    expect(microTime(0)).toBe('1970-01-01T00:00:00.000000Z');
  });

  it('always has the MicroTime shape and reads back to the same millisecond', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.parse('9999-12-31T23:59:59.999Z') }), (ms) => {
        const text = microTime(ms);
        expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
        expect(Date.parse(text)).toBe(ms);
      }),
    );
  });
});

describe('canAcquire', () => {
  const held: LeaseSpec = { holderIdentity: 'other', leaseDurationSeconds: 15, renewTime: microTime(0) };

  it.each<[string, LeaseSpec | undefined, number, boolean]>([
    ['no lease yet', undefined, 0, true],
    ['a released lease', { ...held, holderIdentity: '' }, 0, true],
    ['a lease without holder', { leaseDurationSeconds: 15 }, 0, true],
    ['our own lease', { ...held, holderIdentity: 'me' }, 0, true],
    ["another holder's lease, just seen", held, 14_999, false],
    ["another holder's lease, unchanged for its whole duration", held, 15_000, true],
  ])('%s', (_name, spec, elapsed, expected) => {
    expect(canAcquire(spec, 'me', t, t + elapsed)).toBe(expected);
  });

  it("uses when this process saw the record change, not the holder's timestamps", () => {
    // The holder's renewTime is ancient (its clock may be off), but we saw it change just now.
    expect(canAcquire(held, 'me', t, t + 1_000)).toBe(false);
  });
});

describe('nextSpec', () => {
  it('creates a lease with no transitions', () => {
    expect(nextSpec(undefined, 'me', 15_000, t)).toEqual({
      holderIdentity: 'me',
      leaseDurationSeconds: 15,
      acquireTime: microTime(t),
      renewTime: microTime(t),
      leaseTransitions: 0,
    });
  });

  it('renews without moving acquireTime or counting a transition', () => {
    const first = nextSpec(undefined, 'me', 15_000, t);
    expect(nextSpec({ ...first, leaseTransitions: 2 }, 'me', 15_000, t + 2_000)).toEqual({
      holderIdentity: 'me',
      leaseDurationSeconds: 15,
      acquireTime: microTime(t),
      renewTime: microTime(t + 2_000),
      leaseTransitions: 2,
    });
  });

  it("counts a transition when taking over another holder's lease", () => {
    const theirs = { holderIdentity: 'other', acquireTime: microTime(0), renewTime: microTime(0), leaseDurationSeconds: 15, leaseTransitions: 4 };
    expect(nextSpec(theirs, 'me', 15_000, t)).toMatchObject({ holderIdentity: 'me', acquireTime: microTime(t), leaseTransitions: 5 });
  });

  it('counts a transition when taking over a lease its holder released', () => {
    const theirs = { holderIdentity: 'other', acquireTime: microTime(0), renewTime: microTime(0), leaseDurationSeconds: 15, leaseTransitions: 4 };
    expect(nextSpec(releasedSpec(theirs, 1_000), 'me', 15_000, t)).toMatchObject({ holderIdentity: 'me', leaseTransitions: 5 });
  });

  it('rounds the lease duration up to whole seconds', () => {
    expect(nextSpec(undefined, 'me', 15_500, t).leaseDurationSeconds).toBe(16);
  });
});

describe('releasedSpec', () => {
  it('empties the holder and shortens the lease so a standby takes over at once', () => {
    const mine = nextSpec(undefined, 'me', 15_000, t);
    expect(releasedSpec(mine, t + 5)).toEqual({ ...mine, holderIdentity: '', leaseDurationSeconds: 1, renewTime: microTime(t + 5) });
  });
});
