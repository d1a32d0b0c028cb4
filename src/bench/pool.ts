// Bounded concurrency: run a task for every item with at most `concurrency` in flight.
import PQueue from 'p-queue';

export interface PoolOutcome {
  /** Items whose task threw, with the first few messages. */
  failures: number;
  sampleErrors: string[];
}

/**
 * runPool starts tasks in item order, keeping `concurrency` in flight, and resolves when all have settled.
 * A failing task does not stop the others; failures are counted (a benchmark reports them, it does not hide them).
 */
export async function runPool<T>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<unknown>): Promise<PoolOutcome> {
  if (!(concurrency >= 1)) {
    throw new RangeError('concurrency must be at least 1');
  }
  const outcome: PoolOutcome = { failures: 0, sampleErrors: [] };
  const queue = new PQueue({ concurrency });
  for (const [index, item] of items.entries()) {
    void queue.add(async () => {
      try {
        await task(item, index);
      } catch (error) {
        outcome.failures += 1;
        if (outcome.sampleErrors.length < 5) {
          outcome.sampleErrors.push(error instanceof Error ? error.message : String(error));
        }
      }
    });
  }
  await queue.onIdle();
  return outcome;
}
