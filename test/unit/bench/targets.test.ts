import { describe, expect, it } from '@jest/globals';
import type { BenchResult } from '../../../src/bench/results.js';
import { checkTargets } from '../../../src/bench/targets.js';
import { summarize } from '../../../src/bench/statistics.js';

type Checked = Parameters<typeof checkTargets>[0];

function result(overrides: { ratio?: number; p99?: number; restartWrites?: number; perCopy?: number; members?: number; necessary?: number; cpuToClient?: number } = {}): Checked {
  const latency = summarize([10, 20, overrides.p99 ?? 100]);
  return {
    members: overrides.members ?? 3,
    propagation: { ratioToRaw: overrides.ratio ?? 0.9 } as BenchResult['propagation'],
    latency: { create: latency, update: latency } as BenchResult['latency'],
    restart: { writes: { members: overrides.restartWrites ?? 0, federation: 0, byHost: {} } } as unknown as BenchResult['restart'],
    memory: { residentBytesPerCopy: overrides.perCopy ?? 1000 } as BenchResult['memory'],
    limits: {
      kubefedObjectsPerSecond: 100,
      rawObjectsPerSecond: 110,
      ratioToNecessary: overrides.necessary ?? 0.9,
      rawClientCpuMsPerWrite: 0.2,
      controllerCpuMsPerCopy: 0.2,
      controllerCpuToClientCpu: overrides.cpuToClient ?? 1,
    },
  };
}

describe('checkTargets', () => {
  it('meets every target with good figures', () => {
    expect(checkTargets(result()).map((check) => check.met)).toEqual([true, true, true, true, true, true, true]);
  });

  it('misses each target just past its bound', () => {
    expect(checkTargets(result({ ratio: 0.79 }))[0]?.met).toBe(false);
    expect(checkTargets(result({ ratio: 0.8 }))[0]?.met).toBe(true);
    expect(checkTargets(result({ p99: 150 }))[1]?.met).toBe(false);
    expect(checkTargets(result({ restartWrites: 1 }))[3]?.met).toBe(false);
    expect(checkTargets(result({ perCopy: 2048 }))[4]?.met).toBe(false);
    expect(checkTargets(result({ necessary: 0.79 }))[5]?.met).toBe(false);
    expect(checkTargets(result({ necessary: 0.8 }))[5]?.met).toBe(true);
    expect(checkTargets(result({ cpuToClient: 1.5 }))[6]?.met).toBe(true);
    expect(checkTargets(result({ cpuToClient: 1.51 }))[6]?.met).toBe(false);
  });

  it('has no verdict on throughput without a raw figure, and notes a member count other than 3', () => {
    const checks = checkTargets({ ...result({ members: 2 }), propagation: { ratioToRaw: undefined } as BenchResult['propagation'] });
    expect(checks[0]?.met).toBeUndefined();
    expect(checks[1]?.note).toMatch(/3 members/);
  });
});
