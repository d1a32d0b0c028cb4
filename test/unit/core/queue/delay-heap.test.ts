import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DelayHeap } from '../../../../src/core/queue/delay-heap.js';

describe('DelayHeap', () => {
  it('pops only keys whose time has come, earliest first', () => {
    const heap = new DelayHeap();
    heap.schedule('c', 30);
    heap.schedule('a', 10);
    heap.schedule('b', 20);
    expect(heap.earliest()).toBe(10);
    expect(heap.popReady(20)).toEqual(['a', 'b']);
    expect(heap.size).toBe(1);
    expect(heap.earliest()).toBe(30);
  });

  it('moves a key earlier without holding it twice', () => {
    const heap = new DelayHeap();
    heap.schedule('a', 50);
    heap.schedule('b', 40);
    heap.schedule('a', 10);
    expect(heap.size).toBe(2);
    expect(heap.popReady(10)).toEqual(['a']);
  });

  it('ignores a later time for a key already waiting', () => {
    const heap = new DelayHeap();
    heap.schedule('a', 10);
    heap.schedule('a', 99);
    expect(heap.popReady(10)).toEqual(['a']);
    expect(heap.size).toBe(0);
    expect(heap.earliest()).toBeUndefined();
  });

  it('forgets everything on clear, and accepts the same keys again', () => {
    const heap = new DelayHeap();
    heap.schedule('a', 10);
    heap.clear();
    expect(heap.popReady(100)).toEqual([]);
    heap.schedule('a', 20);
    expect(heap.popReady(100)).toEqual(['a']);
  });

  it('behaves like a map of earliest times for any schedule', () => {
    const entry = fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), fc.integer({ min: 0, max: 100 }));
    fc.assert(
      fc.property(fc.array(entry), fc.integer({ min: 0, max: 100 }), (entries, now) => {
        const heap = new DelayHeap();
        const model = new Map<string, number>();
        for (const [key, at] of entries) {
          heap.schedule(key, at);
          model.set(key, Math.min(at, model.get(key) ?? Infinity));
        }
        const popped = heap.popReady(now);
        const poppedTimes = popped.map((key) => model.get(key) as number);
        expect(new Set(popped).size).toBe(popped.length);
        expect(poppedTimes).toEqual([...poppedTimes].sort((a, b) => a - b));
        expect([...popped].sort()).toEqual([...model].filter(([, at]) => at <= now).map(([key]) => key).sort());
        expect(heap.size).toBe(model.size - popped.length);
        const rest = [...model.values()].filter((at) => at > now);
        expect(heap.earliest()).toBe(rest.length > 0 ? Math.min(...rest) : undefined);
      }),
    );
  });
});
