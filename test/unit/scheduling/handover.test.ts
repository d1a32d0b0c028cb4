import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { handOver, type MemberReplicas } from '../../../src/scheduling/handover.js';

type Members = Record<string, MemberReplicas | undefined>;

describe('handOver', () => {
  it.each<[string, Record<string, number>, Members, Record<string, number>]>([
    ['a move starts with the new cluster only', { a: 0, b: 3 }, { a: { requested: 3, ready: 3 }, b: { requested: 0, ready: 0 } }, { a: 3, b: 3 }],
    ['ready replicas in the new cluster release as many old ones', { a: 0, b: 3 }, { a: { requested: 3, ready: 3 }, b: { requested: 3, ready: 2 } }, { a: 1, b: 3 }],
    ['the move finishes once the new cluster is ready', { a: 0, b: 3 }, { a: { requested: 1, ready: 1 }, b: { requested: 3, ready: 3 } }, { a: 0, b: 3 }],
    ['a pure scale-down is not held back', { a: 1, b: 1 }, { a: { requested: 3, ready: 3 }, b: { requested: 3, ready: 3 } }, { a: 1, b: 1 }],
    ['a scale-down during a move keeps only the planned total ready', { a: 0, b: 2 }, { a: { requested: 4, ready: 4 }, b: { requested: 0, ready: 0 } }, { a: 2, b: 2 }],
    ['shrinking clusters are released in name order', { a: 0, b: 0, c: 4 }, { c: { requested: 4, ready: 1 }, b: { requested: 2, ready: 2 }, a: { requested: 2, ready: 2 } }, { a: 1, b: 2, c: 4 }],
    ['a first rollout has nothing to hold', { a: 2, b: 1 }, {}, { a: 2, b: 1 }],
  ])('%s', (_name, plan, members, expected) => {
    expect(handOver(plan, members)).toEqual(expected);
  });

  const clusters = ['a', 'b', 'c', 'd'];
  const state = fc
    .tuple(
      fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 4, maxLength: 4 }),
      fc.array(fc.option(fc.tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 }))), { minLength: 4, maxLength: 4 }),
      fc.integer({ min: 1, max: 4 }),
    )
    .map(([planned, observed, count]) => {
      const plan = Object.fromEntries(clusters.slice(0, count).map((cluster, i) => [cluster, planned[i] as number]));
      const members: Members = {};
      clusters.slice(0, count).forEach((cluster, i) => {
        const pair = observed[i];
        // A member never has more ready replicas than it asks for.
        members[cluster] = pair ? { requested: Math.max(...pair), ready: Math.min(...pair) } : undefined;
      });
      return { plan, members };
    });

  it('never lets the ready replicas drop below min(total planned, currently ready)', () => {
    fc.assert(
      fc.property(state, ({ plan, members }) => {
        const result = handOver(plan, members);
        const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
        const planned = sum(Object.values(plan));
        const ready = sum(Object.keys(plan).map((cluster) => members[cluster]?.ready ?? 0));
        // Scaling a member down removes not-ready pods first, so it keeps min(ready, requested) ready.
        const kept = sum(Object.keys(plan).map((cluster) => Math.min(members[cluster]?.ready ?? 0, result[cluster] ?? 0)));
        expect(kept).toBeGreaterThanOrEqual(Math.min(planned, ready));
      }),
    );
  });

  it('asks each cluster for between its plan and what it already has', () => {
    fc.assert(
      fc.property(state, ({ plan, members }) => {
        const result = handOver(plan, members);
        expect(Object.keys(result).sort()).toEqual(Object.keys(plan).sort());
        for (const [cluster, planned] of Object.entries(plan)) {
          expect(result[cluster]).toBeGreaterThanOrEqual(planned);
          expect(result[cluster]).toBeLessThanOrEqual(Math.max(planned, members[cluster]?.requested ?? 0));
        }
      }),
    );
  });

  it('returns the plan itself when every cluster already has its planned replicas ready', () => {
    fc.assert(
      fc.property(state, ({ plan, members }) => {
        const settled = Object.entries(plan).every(([cluster, planned]) => (members[cluster]?.ready ?? 0) >= planned);
        fc.pre(settled);
        expect(handOver(plan, members)).toEqual(plan);
      }),
    );
  });
});
