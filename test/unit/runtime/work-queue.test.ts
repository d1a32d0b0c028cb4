import { describe, expect, it, jest } from '@jest/globals';
import { ItemExponentialRateLimiter } from '../../../src/core/queue/rate-limiter.js';
import { type QueueObserver, WorkQueue } from '../../../src/runtime/work-queue.js';
import { ManualClock } from '../support/manual-clock.js';

function setup(options: { observer?: QueueObserver } = {}) {
  const clock = new ManualClock();
  const queue = new WorkQueue({ clock, rateLimiter: new ItemExponentialRateLimiter(5, 1000), ...options });
  return { clock, queue };
}

/** settle lets resolved promises run their callbacks; the queue uses no timers of its own. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) {
    await Promise.resolve();
  }
}

function recordingObserver() {
  return {
    added: jest.fn<QueueObserver['added']>(),
    depth: jest.fn<QueueObserver['depth']>(),
    queued: jest.fn<QueueObserver['queued']>(),
    worked: jest.fn<QueueObserver['worked']>(),
    retried: jest.fn<QueueObserver['retried']>(),
  };
}

describe('WorkQueue add and get', () => {
  it('deduplicates a key that is already waiting', async () => {
    const { queue } = setup();
    queue.add('a');
    queue.add('a');
    expect(queue.len()).toBe(1);
    expect(await queue.get()).toBe('a');
    expect(queue.len()).toBe(0);
  });

  it('hands keys out in the order they were first added', async () => {
    const { queue } = setup();
    ['c', 'a', 'b', 'a', 'c'].forEach((key) => queue.add(key));
    expect([await queue.get(), await queue.get(), await queue.get()]).toEqual(['c', 'a', 'b']);
  });

  it('resolves a waiting get when a key arrives', async () => {
    const { queue } = setup();
    const next = queue.get();
    queue.add('a');
    await expect(next).resolves.toBe('a');
  });

  it('never hands a key to a second worker while the first still holds it', async () => {
    const { queue } = setup();
    queue.add('a');
    expect(await queue.get()).toBe('a');
    queue.add('a');
    expect(queue.len()).toBe(0);
    let second: string | undefined;
    void queue.get().then((key) => (second = key));
    await settle();
    expect(second).toBeUndefined();

    queue.done('a');
    await settle();
    expect(second).toBe('a');
  });

  it('replays an add made during processing exactly once after done', async () => {
    const { queue } = setup();
    queue.add('a');
    await queue.get();
    queue.add('a');
    queue.add('a');
    queue.done('a');
    expect(queue.len()).toBe(1);
    expect(await queue.get()).toBe('a');
    queue.done('a');
    expect(queue.len()).toBe(0);
  });

  it('ignores done for a key that is not being processed', () => {
    const { queue } = setup();
    queue.add('a');
    queue.done('a');
    queue.done('b');
    expect(queue.len()).toBe(1);
  });

  it('reports when each key in flight started', async () => {
    const { queue, clock } = setup();
    queue.add('a');
    queue.add('b');
    const started = clock.now();
    await queue.get();
    clock.advance(250);
    await queue.get();
    expect(queue.processingSince()).toEqual([started, started + 250]);
    queue.done('a');
    expect(queue.processingSince()).toEqual([started + 250]);
  });
});

describe('WorkQueue addAfter', () => {
  it('adds the key only once its delay has passed', () => {
    const { queue, clock } = setup();
    queue.addAfter('a', 100);
    clock.advance(99);
    expect(queue.len()).toBe(0);
    clock.advance(1);
    expect(queue.len()).toBe(1);
  });

  it.each([0, -5])('adds at once when the delay is %d', (delay) => {
    const { queue } = setup();
    queue.addAfter('a', delay);
    expect(queue.len()).toBe(1);
  });

  it.each([
    ['an earlier time replaces a later one', [100, 40], 40],
    ['a later time does not postpone an earlier one', [40, 100], 40],
  ])('keeps the earliest ready time: %s', (_name, delays, readyAt) => {
    const { queue, clock } = setup();
    delays.forEach((delay) => queue.addAfter('a', delay));
    clock.advance(readyAt - 1);
    expect(queue.len()).toBe(0);
    clock.advance(1);
    expect(queue.len()).toBe(1);
  });

  it('holds a delayed key once, so it is not delivered again at the later time', async () => {
    const { queue, clock } = setup();
    queue.addAfter('a', 40);
    queue.addAfter('a', 100);
    clock.advance(40);
    expect(await queue.get()).toBe('a');
    queue.done('a');
    clock.advance(100);
    expect(queue.len()).toBe(0);
  });

  it('releases delayed keys of different times each at its own time', () => {
    const { queue, clock } = setup();
    queue.addAfter('late', 300);
    queue.addAfter('early', 100);
    clock.advance(100);
    expect(queue.len()).toBe(1);
    clock.advance(200);
    expect(queue.len()).toBe(2);
  });

  it('does not duplicate a key that is already queued when its delay ends', () => {
    const { queue, clock } = setup();
    queue.add('a');
    queue.addAfter('a', 10);
    clock.advance(10);
    expect(queue.len()).toBe(1);
  });
});

describe('WorkQueue addRateLimited', () => {
  it('backs a failing key off exponentially and forget starts it over', async () => {
    const { queue, clock } = setup();
    const readyAfter = async (): Promise<number> => {
      const start = clock.now();
      queue.addRateLimited('a');
      while (queue.len() === 0 && clock.now() - start < 10_000) {
        clock.advance(1);
      }
      queue.done((await queue.get()) as string);
      return clock.now() - start;
    };
    expect([await readyAfter(), await readyAfter(), await readyAfter()]).toEqual([5, 10, 20]);
    expect(queue.numRequeues('a')).toBe(3);
    queue.forget('a');
    expect(queue.numRequeues('a')).toBe(0);
    expect(await readyAfter()).toBe(5);
  });

  it('keeps the backoff of each key separate', () => {
    const { queue } = setup();
    queue.addRateLimited('a');
    queue.addRateLimited('a');
    queue.addRateLimited('b');
    expect([queue.numRequeues('a'), queue.numRequeues('b')]).toEqual([2, 1]);
  });

  it('uses the default controller limiter when none is given', () => {
    const clock = new ManualClock();
    const queue = new WorkQueue({ clock });
    queue.addRateLimited('a');
    clock.advance(4);
    expect(queue.len()).toBe(0);
    clock.advance(1);
    expect(queue.len()).toBe(1);
  });
});

describe('WorkQueue shutdown', () => {
  it('releases idle workers with undefined and accepts no new keys', async () => {
    const { queue } = setup();
    const waiting = [queue.get(), queue.get()];
    queue.shutDown();
    await expect(Promise.all(waiting)).resolves.toEqual([undefined, undefined]);
    queue.add('a');
    queue.addAfter('b', 0);
    expect(queue.len()).toBe(0);
    expect(queue.shuttingDown).toBe(true);
  });

  it('still hands out keys queued before shutDown, then undefined', async () => {
    const { queue } = setup();
    queue.add('a');
    queue.shutDown();
    expect(await queue.get()).toBe('a');
    expect(await queue.get()).toBeUndefined();
  });

  it('drops delayed keys and cancels the timer', () => {
    const { queue, clock } = setup();
    queue.addAfter('a', 100);
    queue.shutDown();
    expect(clock.pending).toBe(0);
    clock.advance(1000);
    expect(queue.len()).toBe(0);
  });

  it('shutDownWithDrain waits for keys in flight to be done', async () => {
    const { queue } = setup();
    queue.add('a');
    queue.add('b');
    await queue.get();
    let drained = false;
    const drain = queue.shutDownWithDrain().then(() => (drained = true));
    await settle();
    expect(drained).toBe(false);
    expect(await queue.get()).toBeUndefined();
    queue.done('a');
    await drain;
    expect(drained).toBe(true);
  });

  it('shutDownWithDrain resolves at once when nothing is in flight', async () => {
    const { queue } = setup();
    queue.add('a');
    await expect(queue.shutDownWithDrain()).resolves.toBeUndefined();
  });

  it('shutDownWithDrain resolves once the last key is done, even if it was re-added while in flight', async () => {
    const { queue } = setup();
    queue.add('a');
    await queue.get();
    queue.add('a');
    let drained = false;
    void queue.shutDownWithDrain().then(() => (drained = true));
    queue.done('a');
    await settle();
    expect(drained).toBe(true);
  });
});

describe('WorkQueue observer', () => {
  it('counts adds, but not adds deduplicated while waiting', () => {
    const observer = recordingObserver();
    const { queue } = setup({ observer });
    queue.add('a');
    queue.add('a');
    queue.add('b');
    expect(observer.added).toHaveBeenCalledTimes(2);
  });

  it('reports the depth of the ready queue as it grows and shrinks', async () => {
    const observer = recordingObserver();
    const { queue } = setup({ observer });
    queue.add('a');
    queue.add('b');
    queue.addAfter('c', 100);
    expect(observer.depth).toHaveBeenLastCalledWith(2);
    await queue.get();
    expect(observer.depth).toHaveBeenLastCalledWith(1);
  });

  it('reports how long a key waited and how long it was worked on, in seconds', async () => {
    const observer = recordingObserver();
    const { queue, clock } = setup({ observer });
    queue.add('a');
    clock.advance(2000);
    await queue.get();
    expect(observer.queued).toHaveBeenCalledWith(2);
    clock.advance(500);
    queue.done('a');
    expect(observer.worked).toHaveBeenCalledWith(0.5);
  });

  it('counts a retry for every rate-limited add', () => {
    const observer = recordingObserver();
    const { queue } = setup({ observer });
    queue.addRateLimited('a');
    queue.addRateLimited('a');
    queue.addRateLimited('b');
    expect(observer.retried).toHaveBeenCalledTimes(3);
  });

  it('counts a retry for every addAfter, including one without delay (client-go)', () => {
    const observer = recordingObserver();
    const { queue } = setup({ observer });
    queue.addAfter('a', 10);
    queue.addAfter('b', 0);
    expect(observer.retried).toHaveBeenCalledTimes(2);
  });
});
