// BufferedCounter: what a read sees is exactly what was counted before it, whatever the label order,
// and removing or resetting a series leaves nothing pending to bring it back.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Registry } from 'prom-client';
import { BufferedCounter } from '../../../../src/runtime/observability/buffered-counter.js';

function counter(): { registry: Registry; writes: BufferedCounter<'cluster' | 'action'> } {
  const registry = new Registry();
  return { registry, writes: new BufferedCounter({ name: 'writes_total', help: 'writes', labelNames: ['cluster', 'action'], registers: [registry] }) };
}

async function values(writes: BufferedCounter<'cluster' | 'action'>): Promise<Record<string, number>> {
  const metric = await writes.get();
  return Object.fromEntries(metric.values.map((value) => [`${value.labels.cluster}/${value.labels.action}`, value.value]));
}

describe('BufferedCounter', () => {
  it('shows every increment made before a read, in the scrape text too', async () => {
    const { registry, writes } = counter();
    writes.inc({ cluster: 'east', action: 'create' });
    writes.inc({ action: 'create', cluster: 'east' }, 2);
    writes.inc({ cluster: 'west', action: 'delete' });
    expect(await values(writes)).toEqual({ 'east/create': 3, 'west/delete': 1 });
    expect(await registry.metrics()).toContain('writes_total{cluster="east",action="create"} 3');
    writes.inc({ cluster: 'east', action: 'create' });
    expect(await values(writes)).toEqual({ 'east/create': 4, 'west/delete': 1 });
  });

  it('counts like an unbuffered Counter for any sequence of increments and reads', async () => {
    const step = fc.oneof(
      fc.record({ cluster: fc.constantFrom('a', 'b'), action: fc.constantFrom('create', 'update'), by: fc.integer({ min: 0, max: 5 }) }),
      fc.constant('read' as const),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        const { writes } = counter();
        const expected: Record<string, number> = {};
        for (const entry of steps) {
          if (entry === 'read') {
            expect(await values(writes)).toEqual(expected);
            continue;
          }
          writes.inc({ cluster: entry.cluster, action: entry.action }, entry.by);
          const key = `${entry.cluster}/${entry.action}`;
          expected[key] = (expected[key] ?? 0) + entry.by;
        }
        expect(await values(writes)).toEqual(expected);
      }),
    );
  });

  it('removes a series with what was pending for it, and starts it afresh on the next increment', async () => {
    const { writes } = counter();
    writes.inc({ cluster: 'east', action: 'create' }, 5);
    writes.inc({ cluster: 'west', action: 'create' });
    writes.remove({ cluster: 'east', action: 'create' });
    expect(await values(writes)).toEqual({ 'west/create': 1 });
    writes.inc({ cluster: 'east', action: 'create' });
    expect(await values(writes)).toEqual({ 'east/create': 1, 'west/create': 1 });
    writes.reset();
    writes.inc({ cluster: 'west', action: 'create' });
    expect(await values(writes)).toEqual({ 'west/create': 1 });
  });

  it.each([
    ['an unknown label', () => counter().writes.inc({ cluster: 'east', verb: 'x' } as never)],
    ['a negative amount', () => counter().writes.inc({ cluster: 'east', action: 'create' }, -1)],
    ['an amount that is not a number', () => counter().writes.inc({ cluster: 'east', action: 'create' }, Number.NaN)],
  ])('refuses %s where it is counted, not at the next scrape', (_case, increment) => {
    expect(increment).toThrow();
  });
});
