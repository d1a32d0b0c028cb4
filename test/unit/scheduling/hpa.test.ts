import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { distributeHpa, type HpaBounds, type HpaInput, type LocalHpa } from '../../../src/scheduling/hpa.js';

const window = 120_000;
const now = new Date('2024-05-01T12:00:00Z');
const longAgo = new Date(now.getTime() - 2 * window);

type Status = [current: number, desired: number, scaleable: boolean];

// Mirrors hpa_test.go's newHpaWithReplicas/updateHpaStatus; no status = a pristine HPA.
function local(min: number | undefined, max: number, status?: Status): LocalHpa {
  const [currentReplicas, desiredReplicas, scaleable] = status ?? [0, 0, false];
  return {
    ...(min !== undefined && { minReplicas: min }),
    maxReplicas: max,
    currentReplicas,
    desiredReplicas,
    ...(status && { lastScaleTime: scaleable ? longAgo : now }),
  };
}

function input(min: number | undefined, max: number, locals: Record<string, LocalHpa | undefined>): HpaInput {
  return {
    ...(min !== undefined && { minReplicas: min }),
    maxReplicas: max,
    clusters: Object.keys(locals),
    local: locals,
    now,
    scaleForbiddenWindowMs: window,
  };
}

const bounds = (minReplicas: number, maxReplicas: number): HpaBounds => ({ minReplicas, maxReplicas });
const totals = (result: Record<string, HpaBounds | undefined>): { min: number; max: number } =>
  Object.values(result).reduce((t, b) => ({ min: t.min + (b?.minReplicas ?? 0), max: t.max + (b?.maxReplicas ?? 0) }), {
    min: 0,
    max: 0,
  });

describe('distributeHpa', () => {
  // §4 examples: fresh clusters, taken in name order, so the first name gets the larger share.
  it.each<[number, number, string[], Record<string, HpaBounds | undefined>]>([
    [1, 10, ['a', 'b'], { a: bounds(1, 5), b: bounds(1, 5) }],
    [1, 10, ['c', 'b', 'a'], { a: bounds(1, 4), b: bounds(1, 3), c: bounds(1, 3) }],
    [2, 9, ['a', 'b', 'c'], { a: bounds(1, 3), b: bounds(1, 3), c: bounds(1, 3) }],
    [5, 10, ['a', 'b'], { a: bounds(3, 5), b: bounds(2, 5) }],
    [1, 3, ['a', 'b', 'c', 'd', 'e'], { a: bounds(1, 2), b: bounds(1, 1), c: undefined, d: undefined, e: undefined }],
  ])('fed %i/%i over fresh %j', (min, max, clusters, expected) => {
    const locals = Object.fromEntries(clusters.map((c) => [c, undefined]));
    expect(distributeHpa(input(min, max, locals))).toEqual(expected);
  });

  it('defaults the fed min to 1', () => {
    expect(distributeHpa(input(undefined, 10, { a: undefined, b: undefined }))).toEqual({ a: bounds(1, 5), b: bounds(1, 5) });
  });

  // Every case of v1's hpa_test.go (fed 1/10 unless stated), with v1's expected answers.
  it.each<[string, number, number, Record<string, LocalHpa | undefined>, Record<string, HpaBounds | undefined>]>([
    ['no local HPA anywhere', 1, 10, { c1: undefined, c2: undefined }, { c1: bounds(1, 5), c2: bounds(1, 5) }],
    ['a cluster with no HPA gets max from a pristine one', 1, 10, { c1: local(1, 10), c2: undefined }, { c1: bounds(1, 9), c2: bounds(1, 1) }],
    [
      'a cluster at its max gets one from a cluster offering max',
      1,
      10,
      { c1: local(1, 7, [5, 5, true]), c2: local(1, 1, [1, 1, true]), c3: local(1, 2, [1, 1, false]) },
      { c1: bounds(1, 6), c2: bounds(1, 2), c3: bounds(1, 2) },
    ],
    [
      'a cluster at its max gets nothing when nobody offers',
      1,
      10,
      { c1: local(1, 9, [9, 9, false]), c2: local(1, 1, [1, 1, true]) },
      { c1: bounds(1, 9), c2: bounds(1, 1) },
    ],
    [
      'a cluster above its min takes min from a cluster offering min',
      4,
      10,
      { c1: local(3, 6, [3, 3, true]), c2: local(1, 4, [3, 3, true]) },
      { c1: bounds(2, 6), c2: bounds(2, 4) },
    ],
    [
      'min stays put when nobody offers min',
      4,
      10,
      { c1: local(3, 6, [4, 4, true]), c2: local(1, 4, [3, 3, true]) },
      { c1: bounds(3, 6), c2: bounds(1, 4) },
    ],
    // v1 checked only the totals here; these are the name-order answers.
    ['raising the fed bounds', 4, 14, { c1: local(1, 5), c2: local(1, 5) }, { c1: bounds(3, 9), c2: bounds(1, 5) }],
    // v1 then moved c2's spare unit of min to c1, which needed nothing; kubefed leaves it where it is.
    ['lowering the fed bounds', 3, 8, { c1: local(2, 8), c2: local(2, 8) }, { c1: bounds(1, 4), c2: bounds(2, 4) }],
  ])('v1 hpa_test: %s', (_name, min, max, locals, expected) => {
    const result = distributeHpa(input(min, max, locals));
    expect(result).toEqual(expected);
    expect(totals(result).max).toBe(max);
    expect(totals(result).min).toBeGreaterThanOrEqual(min);
  });

  it.each([
    ['both pristine', { awsk8s: local(3, 10), gcek8s: local(2, 10) }],
    ['one reporting at its min, the other pristine', { awsk8s: local(3, 10, [3, 3, true]), gcek8s: local(2, 10) }],
    ['both reporting', { awsk8s: local(3, 10, [3, 3, true]), gcek8s: local(2, 10, [2, 2, true]) }],
  ])('leaves the seed split where it is while no member needs more (%s)', (_name, locals) => {
    // v1 handed donors' spare units round in name order, moving bounds between members that needed nothing.
    expect(distributeHpa(input(5, 20, locals))).toEqual({ awsk8s: bounds(3, 10), gcek8s: bounds(2, 10) });
  });

  it('moves max, one unit per call, to a member that keeps hitting its max', () => {
    // busy always runs at its max; idle wants only 1 replica, so it may give max away until max == min.
    let locals: Record<string, LocalHpa> = { busy: local(1, 5, [5, 5, true]), idle: local(1, 5, [1, 1, true]) };
    const seen: string[] = [];
    for (let call = 0; call < 6; call++) {
      const result = distributeHpa(input(1, 10, locals));
      const busy = result.busy ?? bounds(0, 0);
      const idle = result.idle ?? bounds(0, 0);
      seen.push(`${busy.maxReplicas}/${idle.maxReplicas}`);
      // The member autoscalers react: busy scales up to its new max, idle stays at 1.
      locals = {
        busy: local(busy.minReplicas, busy.maxReplicas, [busy.maxReplicas, busy.maxReplicas, true]),
        idle: local(idle.minReplicas, idle.maxReplicas, [1, 1, true]),
      };
    }
    expect(seen).toEqual(['6/4', '7/3', '8/2', '9/1', '9/1', '9/1']);
  });

  it('does not move max out of a cluster that scaled within the forbidden window', () => {
    const locals = { busy: local(1, 5, [5, 5, true]), idle: local(1, 5, [1, 1, false]) };
    expect(distributeHpa(input(1, 10, locals))).toEqual({ busy: bounds(1, 5), idle: bounds(1, 5) });
  });

  it('terminates where v1 spun: no target has room for a whole chunk of min', () => {
    const locals = { a: local(1, 5, [3, 3, true]), b: local(1, 5, [3, 3, true]) };
    expect(distributeHpa(input(10, 10, locals))).toEqual({ a: bounds(5, 5), b: bounds(5, 5) });
  });

  it('terminates where v1 spun: the only new cluster got no max, so min goes to existing ones', () => {
    const locals = { a: local(1, 10, [10, 10, true]), b: undefined };
    expect(distributeHpa(input(3, 10, locals))).toEqual({ a: bounds(3, 10), b: undefined });
  });

  it('terminates where v1 spun: reducing max when every max is already below min', () => {
    // Only an invalid fed HPA (min > max) gets here; the result is still valid.
    const result = distributeHpa(input(6, 3, { a: local(5, 5), b: local(5, 5) }));
    expect(result).toEqual({ a: bounds(1, 1), b: bounds(2, 2) });
  });

  it('never gives max < min, which v1 did when a max donor also took min', () => {
    // c donates a max unit (it is shrinking) and then takes a min unit from d (it wants more than its min).
    const locals = { c: local(1, 2, [3, 2, true]), d: local(3, 6, [3, 3, true]), e: undefined };
    const result = distributeHpa(input(4, 8, locals));
    expect(result).toEqual({ c: bounds(1, 1), d: bounds(2, 5), e: bounds(1, 2) });
  });

  it('gives no HPA rather than max 0 when the fed max shrinks below the number of clusters', () => {
    const result = distributeHpa(input(1, 1, { a: local(1, 1), b: local(1, 1), c: local(1, 1) }));
    expect(result).toEqual({ a: undefined, b: undefined, c: bounds(1, 1) });
  });

  it('ignores local HPAs of clusters that are not selected, and handles no clusters', () => {
    expect(distributeHpa({ ...input(1, 4, { a: undefined }), local: { z: local(1, 50) } })).toEqual({ a: bounds(1, 4) });
    expect(distributeHpa(input(1, 4, {}))).toEqual({});
  });

  it.each([
    [-1, 4],
    [1, 2.5],
    [1, Number.NaN],
  ])('rejects fed bounds %p/%p', (min, max) => {
    expect(() => distributeHpa(input(min, max, { a: undefined }))).toThrow(RangeError);
  });
});

describe('distributeHpa properties', () => {
  const names = ['a', 'b', 'c', 'd', 'e', 'f'];
  const time = fc.constantFrom(undefined, now, longAgo);
  const localArb: fc.Arbitrary<LocalHpa> = fc
    .record({
      max: fc.integer({ min: 1, max: 20 }),
      min: fc.option(fc.nat(20), { nil: undefined }),
      current: fc.nat(25),
      desired: fc.nat(25),
      lastScaleTime: time,
    })
    .map(({ max, min, current, desired, lastScaleTime }) => ({
      maxReplicas: max,
      ...(min !== undefined && { minReplicas: Math.min(min, max) }),
      currentReplicas: current,
      desiredReplicas: desired,
      ...(lastScaleTime && { lastScaleTime }),
    }));
  const localsArb = fc
    .uniqueArray(fc.constantFrom(...names), { minLength: 1, maxLength: names.length })
    .chain((clusters) => fc.tuple(...clusters.map((c) => fc.tuple(fc.constant(c), fc.option(localArb, { nil: undefined })))))
    .map((entries) => Object.fromEntries(entries));
  // A fed HPA the API server accepts: 1 <= max, min <= max.
  const validArb = fc
    .record({ max: fc.integer({ min: 1, max: 60 }), min: fc.option(fc.nat(60), { nil: undefined }), locals: localsArb })
    .map(({ max, min, locals }) => input(min === undefined ? undefined : Math.min(min, max), max, locals));

  it('splits the fed max exactly and gives each HPA 1 <= min <= max', () => {
    fc.assert(
      fc.property(validArb, (hpa) => {
        const result = distributeHpa(hpa);
        expect(totals(result).max).toBe(hpa.maxReplicas);
        for (const b of Object.values(result)) {
          if (b !== undefined) {
            expect(1 <= b.minReplicas && b.minReplicas <= b.maxReplicas).toBe(true);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('gives at least the fed min in total', () => {
    fc.assert(
      fc.property(validArb, (hpa) => {
        expect(totals(distributeHpa(hpa)).min).toBeGreaterThanOrEqual(hpa.minReplicas ?? 1);
      }),
      { numRuns: 2000 },
    );
  });

  it('is deterministic and ignores the order of the input clusters', () => {
    fc.assert(
      fc.property(
        validArb.chain((hpa) => fc.tuple(fc.constant(hpa), fc.shuffledSubarray(hpa.clusters, { minLength: hpa.clusters.length }))),
        ([hpa, shuffled]) => {
          const result = distributeHpa(hpa);
          expect(distributeHpa(hpa)).toEqual(result);
          expect(distributeHpa({ ...hpa, clusters: shuffled })).toEqual(result);
        },
      ),
    );
  });

  it('terminates with valid bounds even for fed and local bounds the API server would reject', () => {
    const looseLocal: fc.Arbitrary<LocalHpa> = fc.record({
      maxReplicas: fc.nat(20),
      minReplicas: fc.option(fc.nat(25), { nil: undefined }),
      currentReplicas: fc.nat(25),
      desiredReplicas: fc.nat(25),
      lastScaleTime: time,
    });
    const anyArb = fc
      .record({
        max: fc.nat(60),
        min: fc.nat(80),
        locals: fc.dictionary(fc.constantFrom(...names), fc.option(looseLocal, { nil: undefined }), { minKeys: 1 }),
      })
      .map(({ max, min, locals }) => input(min, max, locals));
    fc.assert(
      fc.property(anyArb, (hpa) => {
        const result = distributeHpa(hpa);
        expect(totals(result).max).toBe(hpa.maxReplicas);
        for (const b of Object.values(result)) {
          if (b !== undefined) {
            expect(1 <= b.minReplicas && b.minReplicas <= b.maxReplicas).toBe(true);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});
