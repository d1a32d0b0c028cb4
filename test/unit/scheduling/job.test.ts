import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { splitJob, type JobSplitInput } from '../../../src/scheduling/job.js';
import { planReplicas } from '../../../src/scheduling/planner.js';
import { type ClusterPreferences, defaultPreferences } from '../../../src/scheduling/preferences.js';

const job = (parallelism: number, completions: number | undefined, clusters: string[], key = 'default/pi'): JobSplitInput => ({
  parallelism,
  ...(completions !== undefined && { completions }),
  clusters,
  key,
  preferences: defaultPreferences,
});

describe('splitJob', () => {
  it('splits the documented example evenly', () => {
    expect(splitJob(job(9, 18, ['c1', 'c2', 'c3']))).toEqual({
      c1: { parallelism: 3, completions: 6 },
      c2: { parallelism: 3, completions: 6 },
      c3: { parallelism: 3, completions: 6 },
    });
  });

  it('gives the whole of v1 bug example to the one cluster that runs pods', () => {
    // v1: c2 {p1, c2} and c1 {p0, c1}; c1 was never created, so the Job could never reach 3 completions.
    const v1 = { replicas: 3, clusters: ['c1', 'c2'], key: 'default/pi', preferences: defaultPreferences };
    expect(planReplicas(v1).replicas).toEqual({ c1: 1, c2: 2 });
    expect(splitJob(job(1, 3, ['c1', 'c2']))).toEqual({
      c1: { parallelism: 0, completions: 0 },
      c2: { parallelism: 1, completions: 3 },
    });
  });

  it('leaves completions out when the Job does not set them', () => {
    // For key default/pi, b hashes (703116526) before a (3460109393).
    expect(splitJob(job(3, undefined, ['a', 'b']))).toEqual({ a: { parallelism: 1 }, b: { parallelism: 2 } });
    expect(splitJob(job(1, undefined, ['c1', 'c2']))).toEqual({ c1: { parallelism: 0 }, c2: { parallelism: 1 } });
  });

  it('moves completions that a max left unplaced to where pods run, in proportion to parallelism', () => {
    const capped: JobSplitInput = {
      ...job(9, 18, ['c1', 'c2', 'c3']),
      preferences: { rebalance: false, clusters: { '*': { minReplicas: 0, maxReplicas: 2, weight: 1 } } },
    };
    expect(splitJob(capped)).toEqual({
      c1: { parallelism: 2, completions: 6 },
      c2: { parallelism: 2, completions: 6 },
      c3: { parallelism: 2, completions: 6 },
    });
  });

  it('gives nothing anywhere when no cluster can run pods', () => {
    expect(splitJob(job(0, 5, ['a', 'b']))).toEqual({ a: { parallelism: 0, completions: 0 }, b: { parallelism: 0, completions: 0 } });
    expect(splitJob(job(2, 5, []))).toEqual({});
  });

  it('keeps totals and never leaves completions without parallelism', () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    const preference = fc
      .record({ minReplicas: fc.nat(5), extra: fc.option(fc.nat(10), { nil: undefined }), weight: fc.nat(4) })
      .map(({ minReplicas, extra, weight }): ClusterPreferences =>
        extra === undefined ? { minReplicas, weight } : { minReplicas, maxReplicas: minReplicas + extra, weight },
      );
    const inputArb = fc.record({
      parallelism: fc.nat(40),
      completions: fc.option(fc.nat(100), { nil: undefined }),
      clusters: fc.uniqueArray(fc.constantFrom(...names)),
      key: fc.string({ maxLength: 10 }),
      preferences: fc.record({ rebalance: fc.boolean(), clusters: fc.dictionary(fc.constantFrom('*', ...names), preference) }),
    });
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = splitJob(input);
        const shares = Object.values(result);
        const parallelism = shares.reduce((sum, share) => sum + share.parallelism, 0);
        expect(Object.keys(result).sort()).toEqual([...input.clusters].sort());
        // Parallelism is exactly v1's plan, limits included.
        const plan = planReplicas({ replicas: input.parallelism, ...input }).replicas;
        expect(Object.fromEntries(Object.entries(result).map(([c, s]) => [c, s.parallelism]))).toEqual(plan);
        if (input.completions === undefined) {
          expect(shares.every((share) => share.completions === undefined)).toBe(true);
          return;
        }
        const completions = shares.reduce((sum, share) => sum + (share.completions ?? 0), 0);
        expect(completions).toBe(parallelism > 0 ? input.completions : 0);
        expect(shares.every((share) => share.parallelism > 0 || share.completions === 0)).toBe(true);
        expect(splitJob({ ...input, clusters: [...input.clusters].reverse() })).toEqual(result);
      }),
    );
  });
});
