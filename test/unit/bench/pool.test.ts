import { describe, expect, it } from '@jest/globals';
import { runPool } from '../../../src/bench/pool.js';

describe('runPool', () => {
  it('never has more than `concurrency` tasks in flight and runs every item once', async () => {
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    const outcome = await runPool(
      Array.from({ length: 50 }, (_, index) => index),
      4,
      async (item) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, item % 3));
        inFlight -= 1;
        done.push(item);
      },
    );
    expect(most).toBe(4);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, index) => index));
    expect(outcome).toEqual({ failures: 0, sampleErrors: [] });
  });

  it('counts failures without stopping the other tasks, keeping a few messages', async () => {
    const seen: number[] = [];
    const outcome = await runPool([1, 2, 3, 4, 5, 6, 7, 8], 3, (item) => {
      seen.push(item);
      return item % 2 === 0 ? Promise.reject(new Error(`bad ${item}`)) : Promise.resolve();
    });
    expect(seen).toHaveLength(8);
    expect(outcome.failures).toBe(4);
    expect(outcome.sampleErrors).toEqual(['bad 2', 'bad 4', 'bad 6', 'bad 8']);
  });

  it('handles fewer items than lanes, and none', async () => {
    expect(await runPool([1], 16, () => Promise.resolve(undefined))).toEqual({ failures: 0, sampleErrors: [] });
    expect(await runPool([], 16, () => Promise.resolve(undefined))).toEqual({ failures: 0, sampleErrors: [] });
    await expect(runPool([1], 0, () => Promise.resolve(undefined))).rejects.toThrow(RangeError);
  });
});
