import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { Lifecycle } from '../../../src/runtime/lifecycle.js';
import { createLogger } from '../../../src/runtime/observability/logger.js';
import type { Runnable } from '../../../src/runtime/runnable.js';
import { ManualClock } from '../support/manual-clock.js';

/** part records its start and stop in the shared journal; a stop that hangs never resolves. */
function part(name: string, journal: string[], behaviour: { failStart?: boolean; hangStop?: boolean; failStop?: boolean } = {}): Runnable {
  return {
    name,
    start: () => {
      journal.push(`start ${name}`);
      if (behaviour.failStart) {
        throw new Error(`${name} cannot start`);
      }
    },
    stop: async () => {
      journal.push(`stop ${name}`);
      if (behaviour.hangStop) {
        await new Promise(() => undefined);
      }
      if (behaviour.failStop) {
        throw new Error(`${name} cannot stop`);
      }
    },
  };
}

function setup() {
  const journal: string[] = [];
  const warnings: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      const line = JSON.parse(chunk.toString()) as { level: string; msg: string; parts?: string[]; part?: string };
      if (line.level === 'warn') {
        warnings.push(`${line.msg}: ${(line.parts ?? [line.part]).join(',')}`);
      }
      callback();
    },
  });
  const clock = new ManualClock();
  const lifecycle = new Lifecycle({ clock, stopTimeoutMs: 1_000, logger: createLogger('info', stream) });
  return { journal, warnings, clock, lifecycle };
}

describe('Lifecycle', () => {
  it('starts stages in order and stops them in reverse, the parts of a stage together', async () => {
    const { journal, clock, lifecycle } = setup();
    const signal = new AbortController().signal;
    await lifecycle.start(signal, part('endpoints', journal));
    await lifecycle.start(signal, part('cache-a', journal), part('cache-b', journal));
    await lifecycle.start(signal, part('controller', journal));
    expect(lifecycle.names()).toEqual(['endpoints', 'cache-a', 'cache-b', 'controller']);
    await lifecycle.stop();
    expect(journal).toEqual([
      'start endpoints',
      'start cache-a',
      'start cache-b',
      'start controller',
      'stop controller',
      'stop cache-a',
      'stop cache-b',
      'stop endpoints',
    ]);
    expect(clock.pending).toBe(0);
    expect(lifecycle.names()).toEqual([]);
  });

  it('stops a part whose start failed, and the parts before it', async () => {
    const { journal, lifecycle } = setup();
    const signal = new AbortController().signal;
    await lifecycle.start(signal, part('registry', journal));
    await expect(lifecycle.start(signal, part('elector', journal, { failStart: true }))).rejects.toThrow('elector cannot start');
    await lifecycle.stop();
    expect(journal).toEqual(['start registry', 'start elector', 'stop elector', 'stop registry']);
  });

  it('goes on to the next stage when a part fails to stop or outlasts the timeout, and says which', async () => {
    const { journal, warnings, clock, lifecycle } = setup();
    const signal = new AbortController().signal;
    await lifecycle.start(signal, part('endpoints', journal));
    await lifecycle.start(signal, part('recorder', journal, { failStop: true }));
    await lifecycle.start(signal, part('controller', journal, { hangStop: true }), part('cluster', journal));
    const stopping = lifecycle.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(journal.slice(-2)).toEqual(['stop controller', 'stop cluster']);
    clock.advance(1_000);
    await stopping;
    expect(journal.slice(-2)).toEqual(['stop recorder', 'stop endpoints']);
    expect(warnings).toEqual(['shutdown timeout reached with parts still stopping: controller', 'stop failed: recorder']);
    expect(clock.pending).toBe(0);
  });
});
