import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from '@jest/globals';
import { type Delivery, MemberDispatcher, TerminalError } from '../../../src/members/dispatcher.js';
import { createLogger } from '../../../src/runtime/observability/logger.js';
import { Metrics } from '../../../src/runtime/observability/metrics.js';
import { ManualClock } from '../support/manual-clock.js';

const logger = createLogger('error', new PassThrough());
/** settle lets the dispatcher's workers run until they wait for something again. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

let dispatcher: MemberDispatcher | undefined;
afterEach(async () => {
  await dispatcher?.stop();
  dispatcher = undefined;
});

function start(options: { workers?: number; metrics?: Metrics } = {}): { dispatcher: MemberDispatcher; clock: ManualClock } {
  const clock = new ManualClock();
  const metrics = options.metrics;
  dispatcher = new MemberDispatcher({
    cluster: 'east',
    workers: options.workers ?? 2,
    clock,
    logger,
    terminalRetryMs: 300_000,
    observer: metrics ? (inFlight) => metrics.queueObserver('member-east', inFlight) : undefined,
  });
  dispatcher.start();
  return { dispatcher, clock };
}

/** recording is a delivery that records each run and then does what outcome says. */
function recording(runs: string[], name: string, outcome: () => Promise<void> = () => Promise.resolve(), fingerprint = name): Delivery {
  return {
    fingerprint,
    run: async () => {
      runs.push(name);
      await outcome();
    },
  };
}

describe('MemberDispatcher', () => {
  it('runs the latest work handed over for a key, once', async () => {
    const { dispatcher } = start();
    const runs: string[] = [];
    dispatcher.dispatch('a', recording(runs, 'a-old'));
    const latest = recording(runs, 'a-new');
    dispatcher.dispatch('a', latest);
    await settle();
    expect(runs).toEqual(['a-new']);
  });

  it('holds work while paused (visible as depth) and runs it on resume', async () => {
    const metrics = new Metrics();
    const { dispatcher } = start({ workers: 1, metrics });
    dispatcher.pause();
    const runs: string[] = [];
    for (const key of ['a', 'b', 'c']) {
      dispatcher.dispatch(key, recording(runs, key));
    }
    await settle();
    expect(runs).toEqual([]);
    // One key is held by the paused worker, the rest wait in the queue.
    expect(dispatcher.depth).toBe(2);
    const depth = (await metrics.registry.getSingleMetric('workqueue_depth')?.get())?.values.find((value) => value.labels.name === 'member-east');
    expect(depth?.value).toBe(2);
    dispatcher.resume();
    await settle();
    expect(runs.sort()).toEqual(['a', 'b', 'c']);
  });

  it('retries a failure with per-key backoff and keeps that backoff for the same work handed over again', async () => {
    const { dispatcher, clock } = start();
    const runs: string[] = [];
    let failing = true;
    const work = () => recording(runs, 'a', () => (failing ? Promise.reject(new Error('member said no')) : Promise.resolve()));
    dispatcher.dispatch('a', work());
    await settle();
    expect(runs).toEqual(['a']);
    dispatcher.dispatch('a', work());
    await settle();
    expect(runs).toEqual(['a']);
    failing = false;
    clock.advance(5);
    await settle();
    expect(runs).toEqual(['a', 'a']);
  });

  it('runs changed work at once even while the key backs off', async () => {
    const { dispatcher } = start();
    const runs: string[] = [];
    dispatcher.dispatch('a', recording(runs, 'v1', async () => Promise.reject(new Error('no'))));
    await settle();
    dispatcher.dispatch('a', recording(runs, 'v2'));
    await settle();
    expect(runs).toEqual(['v1', 'v2']);
  });

  it.each([
    ['the same work again', 'same', 0, ['clash']],
    ['changed work', 'changed', 0, ['clash', 'clash']],
    ['the same work after the terminal retry period', 'same', 300_000, ['clash', 'clash']],
  ])('after a terminal failure, %s (fingerprint %s, %i ms later) runs as %j', async (_name, fingerprint, wait, expected) => {
    const { dispatcher, clock } = start();
    const runs: string[] = [];
    const clash = (print: string) => recording(runs, 'clash', async () => Promise.reject(new TerminalError('exists')), print);
    dispatcher.dispatch('a', clash('same'));
    await settle();
    expect(dispatcher.isTerminal('a')).toBe(true);
    clock.advance(wait);
    dispatcher.dispatch('a', clash(fingerprint));
    await settle();
    clock.advance(120_000);
    await settle();
    expect(runs).toEqual(expected);
  });

  it('does not run the same work handed over again while it was failing terminally', async () => {
    const { dispatcher } = start();
    const runs: string[] = [];
    let answer = () => undefined as void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const clash = () => recording(runs, 'clash', async () => {
      await answered;
      throw new TerminalError('exists');
    });
    dispatcher.dispatch('a', clash());
    await settle();
    dispatcher.dispatch('a', clash());
    answer();
    await settle();
    expect(runs).toEqual(['clash']);
  });

  it('asks work to run again later when it says so, without counting a failure', async () => {
    const { dispatcher, clock } = start();
    const runs: string[] = [];
    let calls = 0;
    dispatcher.dispatch('a', {
      fingerprint: 'a',
      run: async () => {
        runs.push('a');
        calls += 1;
        return Promise.resolve(calls === 1 ? { retryAfterMs: 1_000 } : undefined);
      },
    });
    await settle();
    clock.advance(999);
    await settle();
    expect(runs).toEqual(['a']);
    clock.advance(1);
    await settle();
    expect(runs).toEqual(['a', 'a']);
  });

  it('hands the work an abort signal that abort() fires, and stop waits for work in flight', async () => {
    const { dispatcher } = start();
    let seen: AbortSignal | undefined;
    let finished = false;
    dispatcher.dispatch('a', {
      fingerprint: 'a',
      run: async (signal) => {
        seen = signal;
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        finished = true;
      },
    });
    await settle();
    expect(seen?.aborted).toBe(false);
    dispatcher.abort();
    await dispatcher.stop();
    expect(finished).toBe(true);
  });

  it('takes no work once stopped', async () => {
    const { dispatcher } = start();
    await dispatcher.stop();
    const runs: string[] = [];
    dispatcher.dispatch('a', recording(runs, 'a'));
    await settle();
    expect(runs).toEqual([]);
  });
});
