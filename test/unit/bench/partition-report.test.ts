import { describe, expect, test } from '@jest/globals';
import { compareLegs, meetsTarget, renderPartition, type PartitionLeg, type PartitionResult } from '../../../src/bench/partition-report.js';
import type { Summary } from '../../../src/bench/statistics.js';

const latency = (p99: number): Summary => ({ count: 100, min: 10, mean: 20, p50: 18, p95: p99 - 1, p99, max: p99 + 5 });
const leg = (name: PartitionLeg['name'], objectsPerSecond: number, p99: number, members = ['member1', 'member2', 'member3']): PartitionLeg => ({
  name,
  members,
  allCopiesMs: (2000 / objectsPerSecond) * 1000,
  objectsPerSecond,
  perMemberMs: {},
  create: latency(p99),
});

describe('compareLegs and the 1.25x target', () => {
  test.each<[string, PartitionLeg, boolean]>([
    ['as fast', leg('partitioned', 400, 50), true],
    ['a fifth slower, p99 a quarter higher', leg('partitioned', 320, 62.5), true],
    ['throughput down by more than a fifth', leg('partitioned', 300, 50), false],
    ['p99 up by more than a quarter', leg('partitioned', 400, 70), false],
    ['faster and quicker', leg('partitioned', 500, 40), true],
  ])('%s', (_case, partitioned, meets) => {
    const comparison = compareLegs(partitioned, leg('proxy', 400, 50));
    expect(comparison).toMatchObject({ leg: 'partitioned', baseline: 'proxy' });
    expect(meetsTarget(comparison)).toBe(meets);
  });
});

test('the report puts the legs and their ratios side by side', () => {
  const result: PartitionResult = {
    kind: 'configmap',
    objects: 2000,
    samples: 100,
    members: 3,
    partitionedMember: 'member3',
    controllerManagerFlags: [],
    legs: [leg('direct', 500, 40), leg('proxy', 400, 50), leg('partitioned', 40, 15_000, ['member1', 'member2'])],
    declaredNotReadyMs: 31_000,
    healConvergedMs: 4200,
    environment: { date: '2026-12-07', loadAveragePeak: 1.5 } as PartitionResult['environment'],
    durationSeconds: 300,
  };
  const lines = renderPartition(result);
  expect(lines[0]).toBe('kubefed benchmark --partition: 2000 configmaps x 3 members, 100 create samples per leg; member3 partitioned in the last leg; 2026-12-07, load peak 1.50');
  expect(lines).toContain('partitioned  member1,member2          50.00 s     40.0   18.0           15000.0        15005.0');
  expect(lines).toContain('proxy / direct       0.80              1.25              yes');
  expect(lines).toContain('partitioned / proxy  0.10              300.00            no');
  expect(lines.at(-1)).toBe('member3 declared not Ready 31.00 s after the partition; converged 4.20 s after lab heal');
});
