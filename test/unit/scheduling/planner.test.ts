import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { type PlanInput, planReplicas, scheduleReplicas } from '../../../src/scheduling/planner.js';
import type { ClusterPreferences, ReplicaPreferences } from '../../../src/scheduling/preferences.js';

type Clusters = Record<string, Partial<ClusterPreferences>>;

// Preferences as v1's tests wrote them: omitted fields are Go zero values.
function prefs(clusters: Clusters, rebalance = false): ReplicaPreferences {
  const full = Object.entries(clusters).map(([name, p]): [string, ReplicaPreferences['clusters'][string]] => [name, { minReplicas: 0, weight: 0, ...p }]);
  return { rebalance, clusters: Object.fromEntries(full) };
}
const evenly = prefs({ '*': { weight: 1 } });

interface Row {
  name: string;
  input: PlanInput;
  replicas: Record<string, number>;
  overflow?: Record<string, number>;
}

// §3.3 of the v1 spec. Hash order (FNV-1 of cluster name + key): for key "default/web" eu-west
// (2615378103) sorts before us-east (3009371363); for "default/frontend" us-east (2020402343) before
// eu-west (3628275739); for key "" C < B < A (84696412 < 84696413 < 84696414).
const workedExamples: Row[] = [
  {
    name: '1: 3 over us-east, eu-west, key default/web',
    input: { replicas: 3, clusters: ['us-east', 'eu-west'], key: 'default/web', preferences: evenly },
    replicas: { 'eu-west': 2, 'us-east': 1 },
  },
  {
    name: '2: same with key default/frontend',
    input: { replicas: 3, clusters: ['us-east', 'eu-west'], key: 'default/frontend', preferences: evenly },
    replicas: { 'us-east': 2, 'eu-west': 1 },
  },
  {
    name: '3: 50 over A, B, C, key ""',
    input: { replicas: 50, clusters: ['A', 'B', 'C'], key: '', preferences: evenly },
    replicas: { A: 16, B: 17, C: 17 },
  },
  {
    name: '4: 60 with A w1, B w2, C without preference',
    input: { replicas: 60, clusters: ['A', 'B', 'C'], key: '', preferences: prefs({ A: { weight: 1 }, B: { weight: 2 } }) },
    replicas: { A: 20, B: 40, C: 0 },
  },
  {
    name: '5: 50 with * min 20 w0',
    input: { replicas: 50, clusters: ['A', 'B', 'C'], key: '', preferences: prefs({ '*': { minReplicas: 20 } }) },
    replicas: { A: 10, B: 20, C: 20 },
  },
  {
    name: '6: 9 with * w1 max 2',
    input: { replicas: 9, clusters: ['A', 'B', 'C'], key: '', preferences: prefs({ '*': { weight: 1, maxReplicas: 2 } }) },
    replicas: { A: 2, B: 2, C: 2 },
  },
  {
    name: '7: 10 with c1 running 8, rebalance false',
    input: { replicas: 10, clusters: ['c1', 'c2'], key: '', preferences: evenly, current: { c1: 8 } },
    replicas: { c1: 8, c2: 2 },
  },
  {
    name: '8: same with rebalance true',
    input: { replicas: 10, clusters: ['c1', 'c2'], key: '', preferences: prefs({ '*': { weight: 1 } }, true), current: { c1: 8 } },
    replicas: { c1: 5, c2: 5 },
  },
  {
    name: '9: 15 with A running 1, B running 8',
    input: { replicas: 15, clusters: ['A', 'B'], key: '', preferences: evenly, current: { A: 1, B: 8 } },
    replicas: { A: 7, B: 8 },
  },
  {
    name: '10: 50 with A running 10, B running 70 (v1 issue #31816, kept)',
    input: { replicas: 50, clusters: ['A', 'B'], key: '', preferences: evenly, current: { A: 10, B: 70 } },
    replicas: { A: 0, B: 50 },
  },
  {
    name: '11: 10 with capacity c1 = 3, rebalance true',
    input: { replicas: 10, clusters: ['c1', 'c2'], key: '', preferences: prefs({ '*': { weight: 1 } }, true), capacity: { c1: 3 } },
    replicas: { c1: 3, c2: 7 },
    overflow: { c1: 2 },
  },
  {
    name: '12: 60 with * min 20 w1, capacity B 10, rebalance true',
    input: {
      replicas: 60,
      clusters: ['A', 'B'],
      key: '',
      preferences: prefs({ '*': { minReplicas: 20, weight: 1 } }, true),
      capacity: { B: 10 },
    },
    replicas: { A: 50, B: 10 },
    overflow: { B: 15 },
  },
];

const plain = (replicas: number, clusters: string[], c: Clusters, current?: Record<string, number>): PlanInput => ({
  replicas,
  clusters,
  key: '',
  preferences: prefs(c),
  ...(current && { current }),
});
const withCapacity = (
  rebalance: boolean,
  c: Clusters,
  replicas: number,
  clusters: string[],
  capacity: Record<string, number>,
): PlanInput => ({ replicas, clusters, key: '', preferences: prefs(c, rebalance), current: {}, capacity });

// Every case of v1's planner_test.go (all with key ""), with v1's expected answers.
const v1PlannerTests: Row[] = [
  { name: 'equal 50/3', input: plain(50, ['A', 'B', 'C'], { '*': { weight: 1 } }), replicas: { A: 16, B: 17, C: 17 } },
  { name: 'equal 50/2', input: plain(50, ['A', 'B'], { '*': { weight: 1 } }), replicas: { A: 25, B: 25 } },
  { name: 'equal 1/2', input: plain(1, ['A', 'B'], { '*': { weight: 1 } }), replicas: { A: 0, B: 1 } },
  { name: 'equal 1/4', input: plain(1, ['A', 'B', 'C', 'D'], { '*': { weight: 1 } }), replicas: { A: 0, B: 0, C: 0, D: 1 } },
  { name: 'equal 1/1', input: plain(1, ['A'], { '*': { weight: 1 } }), replicas: { A: 1 } },
  { name: 'equal no clusters', input: plain(1, [], { '*': { weight: 1 } }), replicas: {} },
  { name: 'existing C30', input: plain(50, ['A', 'B', 'C'], { '*': { weight: 1 } }, { C: 30 }), replicas: { A: 10, B: 10, C: 30 } },
  { name: 'existing A30', input: plain(50, ['A', 'B'], { '*': { weight: 1 } }, { A: 30 }), replicas: { A: 30, B: 20 } },
  ...[0, 1, 4, 5, 6, 7].map((a) => ({
    name: `existing A${a} B8`,
    input: plain(15, ['A', 'B'], { '*': { weight: 1 } }, { A: a, B: 8 }),
    replicas: { A: 7, B: 8 },
  })),
  {
    name: 'existing A300000',
    input: plain(500000, ['A', 'B'], { '*': { weight: 1 } }, { A: 300000 }),
    replicas: { A: 300000, B: 200000 },
  },
  { name: 'existing A10', input: plain(50, ['A', 'B'], { '*': { weight: 1 } }, { A: 10 }), replicas: { A: 25, B: 25 } },
  { name: 'existing A10 B70', input: plain(50, ['A', 'B'], { '*': { weight: 1 } }, { A: 10, B: 70 }), replicas: { A: 0, B: 50 } },
  { name: 'existing A30, 1 replica', input: plain(1, ['A', 'B'], { '*': { weight: 1 } }, { A: 30 }), replicas: { A: 1, B: 0 } },
  { name: 'existing A10 B20', input: plain(50, ['A', 'B'], { '*': { weight: 1 } }, { A: 10, B: 20 }), replicas: { A: 25, B: 25 } },
  {
    name: 'capacity C10, rebalance',
    input: withCapacity(true, { '*': { weight: 1 } }, 50, ['A', 'B', 'C'], { C: 10 }),
    replicas: { A: 20, B: 20, C: 10 },
    overflow: { C: 7 },
  },
  {
    name: 'capacity B10, A w10000 absent',
    input: withCapacity(true, { A: { weight: 10000 }, B: { weight: 1 } }, 50, ['B', 'C'], { B: 10 }),
    replicas: { B: 10, C: 0 },
    overflow: { B: 40 },
  },
  {
    name: 'capacity B10, A w1 B w2',
    input: withCapacity(true, { A: { weight: 1 }, B: { weight: 2 } }, 60, ['A', 'B', 'C'], { B: 10 }),
    replicas: { A: 50, B: 10, C: 0 },
    overflow: { B: 30 },
  },
  {
    name: 'capacity C10 with maxima',
    input: withCapacity(
      true,
      { A: { weight: 10000, maxReplicas: 10 }, B: { weight: 1 }, C: { weight: 1, maxReplicas: 21 }, D: { weight: 1, maxReplicas: 10 } },
      71,
      ['A', 'B', 'C', 'D'],
      { C: 10 },
    ),
    replicas: { A: 10, B: 41, C: 10, D: 10 },
    overflow: { C: 11 },
  },
  {
    name: 'capacity A10 B10, no rebalance',
    input: withCapacity(false, { A: { weight: 1 }, B: { weight: 1 } }, 60, ['A', 'B', 'C'], { A: 10, B: 10 }),
    replicas: { A: 10, B: 10, C: 0 },
    overflow: { A: 20, B: 20 },
  },
  {
    name: 'capacity B10, A w1 B w5, no rebalance',
    input: withCapacity(false, { A: { weight: 1 }, B: { weight: 5 } }, 60, ['A', 'B', 'C'], { B: 10 }),
    replicas: { A: 50, B: 10, C: 0 },
  },
  {
    name: 'capacity B10, * min 20 w0, no rebalance',
    input: withCapacity(false, { '*': { minReplicas: 20 } }, 50, ['A', 'B', 'C'], { B: 10 }),
    replicas: { A: 20, B: 10, C: 20 },
  },
  {
    name: 'capacity B10, * min 20 w1, rebalance',
    input: withCapacity(true, { '*': { minReplicas: 20, weight: 1 } }, 60, ['A', 'B'], { B: 10 }),
    replicas: { A: 50, B: 10 },
    overflow: { B: 15 },
  },
  { name: 'min 2 w0', input: plain(50, ['A', 'B', 'C'], { '*': { minReplicas: 2 } }), replicas: { A: 2, B: 2, C: 2 } },
  { name: 'min 20 w0', input: plain(50, ['A', 'B', 'C'], { '*': { minReplicas: 20 } }), replicas: { A: 10, B: 20, C: 20 } },
  {
    name: 'min 20 w0, A min 100 w1',
    input: plain(50, ['A', 'B', 'C'], { '*': { minReplicas: 20 }, A: { minReplicas: 100, weight: 1 } }),
    replicas: { A: 50, B: 0, C: 0 },
  },
  {
    name: 'min 10 w1 max 12',
    input: plain(50, ['A', 'B', 'C'], { '*': { minReplicas: 10, weight: 1, maxReplicas: 12 } }),
    replicas: { A: 12, B: 12, C: 12 },
  },
  { name: 'max 2', input: plain(50, ['A', 'B', 'C'], { '*': { weight: 1, maxReplicas: 2 } }), replicas: { A: 2, B: 2, C: 2 } },
  { name: 'max 2 w0', input: plain(50, ['A', 'B', 'C'], { '*': { maxReplicas: 2 } }), replicas: { A: 0, B: 0, C: 0 } },
  {
    name: 'weight A1 B2',
    input: plain(60, ['A', 'B', 'C'], { A: { weight: 1 }, B: { weight: 2 } }),
    replicas: { A: 20, B: 40, C: 0 },
  },
  {
    name: 'weight A10000 B1',
    input: plain(50, ['A', 'B', 'C'], { A: { weight: 10000 }, B: { weight: 1 } }),
    replicas: { A: 50, B: 0, C: 0 },
  },
  { name: 'weight B1 only', input: plain(50, ['B', 'C'], { A: { weight: 10000 }, B: { weight: 1 } }), replicas: { B: 50, C: 0 } },
  {
    name: 'weight A max 10',
    input: plain(50, ['A', 'B', 'C'], { A: { weight: 10000, maxReplicas: 10 }, B: { weight: 1 }, C: { weight: 1 } }),
    replicas: { A: 10, B: 20, C: 20 },
  },
  {
    name: 'weight A, C max 10',
    input: plain(50, ['A', 'B', 'C'], {
      A: { weight: 10000, maxReplicas: 10 },
      B: { weight: 1 },
      C: { weight: 1, maxReplicas: 10 },
    }),
    replicas: { A: 10, B: 30, C: 10 },
  },
  {
    name: 'weight 4 clusters with maxima',
    input: plain(71, ['A', 'B', 'C', 'D'], {
      A: { weight: 10000, maxReplicas: 10 },
      B: { weight: 1 },
      C: { weight: 1, maxReplicas: 21 },
      D: { weight: 1, maxReplicas: 10 },
    }),
    replicas: { A: 10, B: 30, C: 21, D: 10 },
  },
  {
    name: 'weight 5 clusters with maxima',
    input: plain(91, ['A', 'B', 'C', 'D', 'E'], {
      A: { weight: 10000, maxReplicas: 10 },
      B: { weight: 1 },
      C: { weight: 1, maxReplicas: 21 },
      D: { weight: 1, maxReplicas: 10 },
      E: { weight: 1 },
    }),
    replicas: { A: 10, B: 25, C: 21, D: 10, E: 25 },
  },
];

describe('planReplicas', () => {
  it.each(workedExamples)('worked example $name', ({ input, replicas, overflow }) => {
    expect(planReplicas(input)).toEqual({ replicas, overflow: overflow ?? {} });
  });

  it.each(v1PlannerTests)('v1 planner_test: $name', ({ input, replicas, overflow }) => {
    expect(planReplicas(input)).toEqual({ replicas, overflow: overflow ?? {} });
  });

  it('looks preferences up as own entries only', () => {
    const input: PlanInput = { replicas: 4, clusters: ['constructor', 'b'], key: '', preferences: prefs({ b: { weight: 1 } }) };
    expect(planReplicas(input).replicas).toEqual({ b: 4, constructor: 0 });
  });

  it('treats a negative capacity estimate as no room', () => {
    const input: PlanInput = { replicas: 4, clusters: ['a', 'b'], key: '', preferences: evenly, capacity: { a: -2 } };
    expect(planReplicas(input).replicas).toEqual({ a: 0, b: 4 });
  });

  it('plans each cluster once when it is listed twice', () => {
    const input: PlanInput = { replicas: 3, clusters: ['us-east', 'eu-west', 'us-east'], key: 'default/web', preferences: evenly };
    expect(planReplicas(input).replicas).toEqual({ 'eu-west': 2, 'us-east': 1 });
  });

  it('computes shares exactly when replicas × weight exceeds 2^53', () => {
    // Here float arithmetic gives A one replica too many.
    const replicas = Number.MAX_SAFE_INTEGER - 2;
    const input: PlanInput = { replicas, clusters: ['A', 'B'], key: '', preferences: prefs({ A: { weight: 1000003 }, B: { weight: 1 } }) };
    const a = Number((BigInt(replicas) * 1000003n + 1000003n) / 1000004n);
    expect(planReplicas(input).replicas).toEqual({ A: a, B: replicas - a });
  });

  it.each([-1, 1.5, Number.NaN])('rejects replicas %p', (replicas) => {
    expect(() => planReplicas({ replicas, clusters: ['a'], key: '', preferences: evenly })).toThrow(RangeError);
  });
});

describe('scheduleReplicas', () => {
  it('adds overflow on top of the plan, as v1 §3.2 (example 11)', () => {
    const [, , , , , , , , , , example11] = workedExamples;
    expect(example11 && scheduleReplicas(example11.input)).toEqual({ c1: 5, c2: 7 });
  });

  it('equals the plan when there is no overflow', () => {
    expect(scheduleReplicas({ replicas: 3, clusters: ['us-east', 'eu-west'], key: 'default/web', preferences: evenly })).toEqual({
      'eu-west': 2,
      'us-east': 1,
    });
  });
});

describe('planReplicas properties', () => {
  const names = ['a', 'b', 'c', 'd', 'e', 'us-east', 'eu-west'];
  const clusterPreference = fc
    .record({ minReplicas: fc.nat(20), extra: fc.option(fc.nat(40), { nil: undefined }), weight: fc.nat(10) })
    .map(({ minReplicas, extra, weight }): ClusterPreferences =>
      extra === undefined ? { minReplicas, weight } : { minReplicas, maxReplicas: minReplicas + extra, weight },
    );
  const inputArb = fc
    .record({
      clusters: fc.uniqueArray(fc.constantFrom(...names), { maxLength: names.length }),
      replicas: fc.nat(300),
      key: fc.string({ maxLength: 12 }),
      rebalance: fc.boolean(),
      entries: fc.dictionary(fc.constantFrom('*', ...names), clusterPreference),
      current: fc.option(fc.dictionary(fc.constantFrom(...names), fc.nat(200)), { nil: undefined }),
      capacity: fc.option(fc.dictionary(fc.constantFrom(...names), fc.nat(100)), { nil: undefined }),
    })
    .map(
      ({ rebalance, entries, current, capacity, ...rest }): PlanInput => ({
        ...rest,
        preferences: { rebalance, clusters: entries },
        ...(current && { current }),
        ...(capacity && { capacity }),
      }),
    );
  const preferenceOf = (input: PlanInput, cluster: string): ClusterPreferences | undefined =>
    input.preferences.clusters[cluster] ?? input.preferences.clusters['*'];
  const sum = (record: Record<string, number>): number => Object.values(record).reduce((a, b) => a + b, 0);

  it('places at most the requested replicas, every input cluster included', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { replicas } = planReplicas(input);
        expect(sum(replicas)).toBeLessThanOrEqual(input.replicas);
        expect(Object.keys(replicas).sort()).toEqual([...input.clusters].sort());
        expect(Object.values(replicas).every((n) => Number.isInteger(n) && n >= 0)).toBe(true);
      }),
    );
  });

  it('places all replicas when no max or capacity applies and some cluster has weight > 0', () => {
    const unlimited = inputArb
      .map(({ capacity: _capacity, ...input }): PlanInput => ({
        ...input,
        preferences: {
          ...input.preferences,
          clusters: Object.fromEntries(
            Object.entries(input.preferences.clusters).map(([n, { minReplicas, weight }]) => [n, { minReplicas, weight }]),
          ),
        },
      }))
      .filter((input) => input.clusters.some((c) => (preferenceOf(input, c)?.weight ?? 0) > 0));
    fc.assert(
      fc.property(unlimited, (input) => {
        expect(sum(planReplicas(input).replicas)).toBe(input.replicas);
      }),
    );
  });

  it('gives every cluster its minimum when the minimums fit and capacity allows', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const planned = input.clusters.filter((c) => preferenceOf(input, c) !== undefined);
        const minimums = planned.reduce((total, c) => total + (preferenceOf(input, c)?.minReplicas ?? 0), 0);
        fc.pre(minimums <= input.replicas);
        const { replicas } = planReplicas(input);
        for (const cluster of planned) {
          const floor = Math.min(preferenceOf(input, cluster)?.minReplicas ?? 0, input.capacity?.[cluster] ?? Infinity);
          expect(replicas[cluster]).toBeGreaterThanOrEqual(floor);
        }
      }),
    );
  });

  it('never exceeds a max or a capacity, and reports overflow only where capacity binds', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { replicas, overflow } = planReplicas(input);
        for (const cluster of input.clusters) {
          const planned = replicas[cluster] ?? 0;
          expect(planned).toBeLessThanOrEqual(preferenceOf(input, cluster)?.maxReplicas ?? Infinity);
          expect(planned).toBeLessThanOrEqual(input.capacity?.[cluster] ?? Infinity);
        }
        for (const [cluster, extra] of Object.entries(overflow)) {
          expect(extra).toBeGreaterThan(0);
          expect(input.capacity?.[cluster]).toBe(replicas[cluster]);
        }
      }),
    );
  });

  it('is deterministic and ignores the order of the input clusters', () => {
    fc.assert(
      fc.property(
        inputArb.chain((input) => fc.tuple(fc.constant(input), fc.shuffledSubarray(input.clusters, { minLength: input.clusters.length }))),
        ([input, shuffled]) => {
          const plan = planReplicas(input);
          expect(planReplicas(input)).toEqual(plan);
          expect(planReplicas({ ...input, clusters: shuffled })).toEqual(plan);
          expect(scheduleReplicas({ ...input, clusters: shuffled })).toEqual(scheduleReplicas(input));
        },
      ),
    );
  });
});
