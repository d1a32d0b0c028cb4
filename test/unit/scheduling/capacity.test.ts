import { describe, expect, it } from '@jest/globals';
import { type CapacityEstimate, capacityLimits, estimateCapacity } from '../../../src/scheduling/capacity.js';

const retryMs = 600_000;
const now = 10_000_000;
const estimate = (replicas: number, at: number, nodes?: string): CapacityEstimate => ({ replicas, at, ...(nodes === undefined ? {} : { nodes }) });

describe('estimateCapacity', () => {
  it('records requested minus long-unschedulable pods, with the node signature and time', () => {
    const estimates = estimateCapacity({ previous: {}, observed: { a: { requested: 5, unschedulable: 2 } }, nodes: { a: 'sig-a' }, now, retryMs });
    expect(estimates).toEqual({ a: { replicas: 3, nodes: 'sig-a', at: now } });
  });

  it('makes no estimate while every pod schedules', () => {
    expect(estimateCapacity({ previous: {}, observed: { a: { requested: 5, unschedulable: 0 } }, nodes: {}, now, retryMs })).toEqual({});
  });

  it('never estimates below zero', () => {
    const estimates = estimateCapacity({ previous: {}, observed: { a: { requested: 1, unschedulable: 3 } }, nodes: {}, now, retryMs });
    expect(estimates.a?.replicas).toBe(0);
  });

  it.each<[string, CapacityEstimate, Record<string, string | undefined>, number, boolean]>([
    ['holds while nodes are unchanged and retryMs has not passed', estimate(3, now - retryMs + 1, 'sig'), { a: 'sig' }, now, true],
    ['expires once retryMs has passed', estimate(3, now - retryMs, 'sig'), { a: 'sig' }, now, false],
    ['is voided when the nodes change', estimate(3, now - 1, 'sig'), { a: 'other' }, now, false],
    ['holds when the current nodes are unknown', estimate(3, now - 1, 'sig'), {}, now, true],
    ['holds when it was made without a node signature', estimate(3, now - 1), { a: 'sig' }, now, true],
  ])('a remembered estimate %s', (_name, previous, nodes, at, kept) => {
    const estimates = estimateCapacity({ previous: { a: previous }, observed: {}, nodes, now: at, retryMs });
    expect(estimates).toEqual(kept ? { a: previous } : {});
  });

  it('keeps the lower of a remembered estimate and a new one', () => {
    const previous = { a: estimate(2, now - 10, 'sig'), b: estimate(4, now - 10, 'sig') };
    const estimates = estimateCapacity({
      previous,
      observed: { a: { requested: 5, unschedulable: 1 }, b: { requested: 5, unschedulable: 2 } },
      nodes: { a: 'sig', b: 'sig' },
      now,
      retryMs,
    });
    expect(estimates).toEqual({ a: previous.a, b: { replicas: 3, nodes: 'sig', at: now } });
  });
});

describe('capacityLimits', () => {
  it('gives the planner each estimate as a replica limit', () => {
    expect(capacityLimits({ a: estimate(3, 0), b: estimate(0, 0, 'x') })).toEqual({ a: 3, b: 0 });
  });
});
