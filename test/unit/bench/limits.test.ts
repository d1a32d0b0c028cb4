import { describe, expect, it } from '@jest/globals';
import { clientCpuMsPerWrite, compareWithLimits, machineCpuMsPerCopy, spread } from '../../../src/bench/limits.js';
import type { PropagationResult, RawRun } from '../../../src/bench/results.js';

describe('clientCpuMsPerWrite', () => {
  it.each([
    { cpu: { 'benchmark client': 1.2, 'member apiservers': 9 }, writes: 6000, expected: 0.2 },
    { cpu: { 'benchmark client': 0.5 }, writes: 3000, expected: 0.1667 },
    { cpu: { 'member apiservers': 3 }, writes: 100, expected: 0 },
    { cpu: { 'benchmark client': 1 }, writes: 0, expected: 0 },
  ])('is the benchmark process own CPU per write: $cpu over $writes writes', ({ cpu, writes, expected }) => {
    expect(clientCpuMsPerWrite(cpu, writes)).toBe(expected);
  });
});

describe('compareWithLimits', () => {
  const raw = { objectsPerSecond: 700, create: { clientCpuMsPerWrite: 0.2 } as RawRun };
  const propagation = (objectsPerSecond: number, cpuSeconds: number) => ({ objectsPerSecond, cpuSeconds, cpuMsPerObject: 20 }) as Pick<PropagationResult, 'objectsPerSecond' | 'cpuSeconds' | 'cpuMsPerObject'>;

  it.each([
    {
      name: 'both limits and the CPU per copy against the raw client per write',
      necessary: { objectsPerSecond: 350, cpuMsPerObject: 6 },
      run: propagation(280, 1.8),
      objects: 1000,
      members: 3,
      expected: { ratioToRaw: 0.4, ratioToNecessary: 0.8, cpuRatioToNecessary: 0.3, controllerCpuMsPerCopy: 0.6, controllerCpuToClientCpu: 3, necessaryObjectsPerSecond: 350 },
    },
    {
      name: 'kubefed faster than the necessary limit (it can be: the limit is measured, not a bound)',
      necessary: { objectsPerSecond: 200, cpuMsPerObject: 25 },
      run: propagation(300, 0.3),
      objects: 1000,
      members: 1,
      expected: { ratioToRaw: 0.429, ratioToNecessary: 1.5, cpuRatioToNecessary: 1.25, controllerCpuMsPerCopy: 0.3, controllerCpuToClientCpu: 1.5 },
    },
    {
      name: 'no necessary-work run (the flag sweep): no ratio to it',
      necessary: undefined,
      run: propagation(70, 0.7),
      objects: 100,
      members: 10,
      expected: { ratioToRaw: 0.1, ratioToNecessary: undefined, cpuRatioToNecessary: undefined, controllerCpuMsPerCopy: 0.7, controllerCpuToClientCpu: 3.5 },
    },
    {
      name: 'a necessary limit of zero gives no ratio rather than infinity',
      necessary: { objectsPerSecond: 0, cpuMsPerObject: 0 },
      run: propagation(70, 0.7),
      objects: 100,
      members: 10,
      expected: { ratioToNecessary: undefined, cpuRatioToNecessary: 0 },
    },
  ])('$name', ({ necessary, run, objects, members, expected }) => {
    expect(compareWithLimits(raw, necessary, run, objects, members)).toMatchObject({ kubefedObjectsPerSecond: run.objectsPerSecond, rawObjectsPerSecond: 700, rawClientCpuMsPerWrite: 0.2, ...expected });
  });

  it('has no CPU ratio when the raw client used no CPU', () => {
    const limits = compareWithLimits({ objectsPerSecond: 1, create: { clientCpuMsPerWrite: 0 } as RawRun }, undefined, propagation(1, 1), 10, 1);
    expect(limits.controllerCpuMsPerCopy).toBe(100);
    expect(limits.controllerCpuToClientCpu).toBeUndefined();
  });
});

describe('machineCpuMsPerCopy', () => {
  it('spreads every process CPU to all copies over N × M copies', () => {
    const propagation = { cpu: { 'member apiservers': 3, 'kubefed controller-manager': 1.5, 'federation apiserver': 1.5 } } as unknown as PropagationResult;
    expect(machineCpuMsPerCopy({ members: 3, propagation }, 1000)).toBe(2);
    expect(machineCpuMsPerCopy({ members: 3, propagation }, 0)).toBeUndefined();
  });
});

describe('spread', () => {
  const points = (values: Record<number, number | undefined>) => Object.entries(values).map(([members, value]) => ({ members: Number(members), value }));

  it.each([
    { name: 'flat: 1.2× from 3 to 10', values: { 1: 9, 3: 1, 6: 1.1, 10: 1.2 }, expected: { smallest: 1, largest: 1.2, first: 1, last: 1.2, factor: 1.2, flat: true, trend: 'flat' } },
    { name: 'exactly the limit is flat', values: { 3: 2, 10: 2.5 }, expected: { factor: 1.25, flat: true, trend: 'flat' } },
    { name: 'grows past the limit', values: { 3: 2, 6: 2.4, 10: 3 }, expected: { first: 2, last: 3, factor: 1.5, flat: false, trend: 'grows' } },
    { name: 'a falling cost is not flat either, and says it falls', values: { 3: 4, 10: 2 }, expected: { first: 4, last: 2, factor: 2, flat: false, trend: 'falls' } },
    { name: 'a bump in the middle: judged by the ends', values: { 10: 1.1, 6: 3, 3: 1 }, expected: { first: 1, last: 1.1, factor: 3, flat: false, trend: 'grows' } },
    { name: 'counts outside the range do not count', values: { 1: 100, 3: 1, 10: 1.1, 20: 100 }, expected: { factor: 1.1, flat: true } },
    { name: 'a missing figure is left out', values: { 3: 1, 6: undefined, 10: 1.1 }, expected: { factor: 1.1, flat: true } },
    { name: 'one count in range gives no verdict', values: { 1: 1, 3: 1 }, expected: { factor: undefined, flat: undefined, trend: undefined } },
    { name: 'no count in range gives no verdict', values: { 1: 1 }, expected: { smallest: 0, largest: 0, factor: undefined, flat: undefined } },
    { name: 'a zero figure gives no verdict', values: { 3: 0, 10: 1 }, expected: { factor: undefined, flat: undefined } },
  ])('$name', ({ values, expected }) => {
    const found = spread('cost', points(values), 3, 10, 1.25);
    expect(found).toMatchObject({ figure: 'cost', from: 3, to: 10 });
    // Key by key: a missing verdict is an absent key, which toMatchObject would not accept for undefined.
    expect(Object.fromEntries(Object.keys(expected).map((key) => [key, found[key as keyof typeof found]]))).toEqual(expected);
  });
});
