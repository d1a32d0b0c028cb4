import { describe, expect, it } from '@jest/globals';
import {
  isMaxNeeded,
  isMaxReducible,
  isMinIncreasable,
  isMinReducible,
  isPristine,
  isScaleable,
  type LocalHpa,
  type ScaleClock,
} from '../../../src/scheduling/hpa-predicates.js';

const clock: ScaleClock = { now: new Date('2024-05-01T12:00:00Z'), scaleForbiddenWindowMs: 120_000 };
const ago = (ms: number): Date => new Date(clock.now.getTime() - ms);
const old = ago(240_000);

const hpa = (over: Partial<LocalHpa>): LocalHpa => ({ maxReplicas: 10, currentReplicas: 0, desiredReplicas: 0, ...over });

describe('isPristine and isScaleable', () => {
  it.each<[string, LocalHpa, boolean, boolean]>([
    ['never scaled, nothing desired', hpa({}), true, false],
    ['never scaled, something desired', hpa({ desiredReplicas: 2 }), false, false],
    ['scaled just now', hpa({ lastScaleTime: clock.now }), false, false],
    ['scaled within the window', hpa({ lastScaleTime: ago(119_999) }), false, false],
    ['scaled exactly one window ago', hpa({ lastScaleTime: ago(120_000) }), false, true],
    ['scaled long ago', hpa({ lastScaleTime: old }), false, true],
    ['unreadable scale time', hpa({ lastScaleTime: new Date(Number.NaN) }), false, false],
  ])('%s', (_name, local, pristine, scaleable) => {
    expect(isPristine(local)).toBe(pristine);
    expect(isScaleable(local, clock)).toBe(scaleable);
  });
});

describe('donor and recipient predicates', () => {
  // [name, hpa, maxReducible, minReducible, maxNeeded, minIncreasable]
  it.each<[string, LocalHpa, boolean, boolean, boolean, boolean]>([
    ['pristine 1..10', hpa({ minReplicas: 1 }), true, false, false, false],
    ['pristine 3..10', hpa({ minReplicas: 3 }), true, true, false, false],
    ['pristine without min', hpa({}), true, false, false, false],
    ['pristine at max == min', hpa({ minReplicas: 10 }), false, true, false, false],
    ['pristine with max 0 and no min', hpa({ maxReplicas: 0 }), false, false, false, false],
    ['idle after a scale', hpa({ minReplicas: 1, currentReplicas: 2, desiredReplicas: 2, lastScaleTime: old }), true, false, false, true],
    ['shrinking', hpa({ minReplicas: 1, currentReplicas: 5, desiredReplicas: 3, lastScaleTime: old }), true, false, false, true],
    ['growing', hpa({ minReplicas: 1, currentReplicas: 3, desiredReplicas: 5, lastScaleTime: old }), false, false, false, true],
    ['at max and wanting it', hpa({ minReplicas: 1, currentReplicas: 10, desiredReplicas: 10, lastScaleTime: old }), false, false, true, true],
    ['at max but scaled recently', hpa({ minReplicas: 1, currentReplicas: 10, desiredReplicas: 10, lastScaleTime: clock.now }), false, false, false, false],
    ['sitting at min 3', hpa({ minReplicas: 3, currentReplicas: 3, desiredReplicas: 3, lastScaleTime: old }), true, true, false, false],
    ['sitting at min 1', hpa({ minReplicas: 1, currentReplicas: 1, desiredReplicas: 1, lastScaleTime: old }), true, false, false, false],
    ['min == max, wanting more', hpa({ minReplicas: 10, currentReplicas: 10, desiredReplicas: 12, lastScaleTime: old }), false, false, false, false],
    ['no min, wanting more', hpa({ currentReplicas: 3, desiredReplicas: 5, lastScaleTime: old }), false, false, false, false],
  ])('%s', (_name, local, maxReducible, minReducible, maxNeeded, minIncreasable) => {
    expect(isMaxReducible(local, clock)).toBe(maxReducible);
    expect(isMinReducible(local, clock)).toBe(minReducible);
    expect(isMaxNeeded(local, clock)).toBe(maxNeeded);
    expect(isMinIncreasable(local, clock)).toBe(minIncreasable);
  });
});
