import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { WorkQueue } from '../../../src/runtime/work-queue.js';
import { ManualClock } from '../support/manual-clock.js';

type Operation = { op: 'add'; key: string } | { op: 'get' } | { op: 'done'; pick: number };

const keys = fc.constantFrom('a', 'b', 'c');
const operation: fc.Arbitrary<Operation> = fc.oneof(
  keys.map((key) => ({ op: 'add' as const, key })),
  fc.constant({ op: 'get' as const }),
  fc.nat(5).map((pick) => ({ op: 'done' as const, pick })),
);

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) {
    await Promise.resolve();
  }
}

/**
 * Workers call get (which may wait) and done in any order; the harness records every delivery and
 * checks client-go's guarantees: a key is never in flight twice, and every add is followed by a delivery.
 */
async function run(operations: Operation[]): Promise<void> {
  const queue = new WorkQueue({ clock: new ManualClock() });
  const inFlight: string[] = [];
  const lastAdd = new Map<string, number>();
  const lastDelivery = new Map<string, number>();
  let step = 0;
  const get = () => {
    void queue.get().then((key) => {
      if (key === undefined) {
        return;
      }
      expect(inFlight).not.toContain(key);
      inFlight.push(key);
      lastDelivery.set(key, (step += 1));
    });
  };
  for (const operation of operations) {
    if (operation.op === 'add') {
      queue.add(operation.key);
      lastAdd.set(operation.key, (step += 1));
    } else if (operation.op === 'get') {
      get();
    } else if (inFlight.length > 0) {
      const [key] = inFlight.splice(operation.pick % inFlight.length, 1);
      queue.done(key as string);
    }
    await settle();
  }
  // Keep working until nothing is left: finish what is in flight, and ask for more while keys wait.
  for (let round = 0; round < 50 && (inFlight.length > 0 || queue.len() > 0); round += 1) {
    for (const key of inFlight.splice(0)) {
      queue.done(key);
    }
    await settle();
    if (queue.len() > 0) {
      get();
      await settle();
    }
  }
  queue.shutDown();
  expect(inFlight).toEqual([]);
  expect(queue.len()).toBe(0);
  for (const [key, added] of lastAdd) {
    expect(lastDelivery.get(key) ?? 0).toBeGreaterThan(added);
  }
}

describe('WorkQueue under any interleaving of add, get and done', () => {
  it('never has a key in flight twice and delivers every added key afterwards', async () => {
    await fc.assert(fc.asyncProperty(fc.array(operation, { maxLength: 40 }), run), { numRuns: 300 });
  });
});
