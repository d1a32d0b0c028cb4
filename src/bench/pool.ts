// Bounded concurrency: run a task for every item with at most `concurrency` in flight.

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
  let next = 0;
  const outcome: PoolOutcome = { failures: 0, sampleErrors: [] };
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      try {
        await task(items[index] as T, index);
      } catch (error) {
        outcome.failures += 1;
        if (outcome.sampleErrors.length < 5) {
          outcome.sampleErrors.push(error instanceof Error ? error.message : String(error));
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return outcome;
}
