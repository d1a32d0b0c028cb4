import { describe, expect, it } from '@jest/globals';
import { parseBenchOptions } from '../../../../src/bench/options.js';
import { mergeComparisons } from '../../../../src/bench/peers/output.js';
import { cdfPoints, logTicks, renderPlot } from '../../../../src/bench/peers/plot.js';
import { kindTable, label, partialRate, ratio, renderComparison } from '../../../../src/bench/peers/report.js';
import type { ComparisonResult, SystemResult } from '../../../../src/bench/peers/results.js';
import type { Summary } from '../../../../src/bench/statistics.js';

const summary = (p50: number, p99: number): Summary => ({ count: 3, min: p50, mean: p50, p50, p95: p99, p99, max: p99 });

function system(name: SystemResult['system'], profile: SystemResult['profile'], objectsPerSecond: number | undefined, createP99: number): SystemResult {
  return {
    system: name,
    profile,
    description: { system: name, profile, version: 'v1', components: {}, notes: ['note'] },
    setupMs: 1000,
    ...(objectsPerSecond === undefined
      ? {}
      : {
          propagation: {
            federationAcceptMs: 1,
            allCopiesMs: 2,
            perMemberMs: {},
            objectsPerSecond,
            settledMs: 3,
            cpu: {},
            cpuSecondsPer1000Objects: 2,
            labCpu: {},
            writes: {},
            federationWritesPerObject: 1.5,
            memberWritesPerObject: 3,
          },
          restart: { readyMs: 1, settledMs: 2, observedMs: 3, writes: 0, leaderElectionWrites: profile === 'tuned' ? 4 : 0, tally: {} },
          latency: {
            samples: 3,
            failures: 0,
            create: summary(createP99 / 2, createP99),
            update: summary(10, 20),
            delete: summary(5, 10),
            raw: { create: [createP99 / 2, createP99 / 2, createP99], update: [10, 10, 20], delete: [5, 5, 10] },
          },
        }),
    peakResidentBytes: 100 * 2 ** 20,
    peakResidentByProcess: {},
    failures:
      objectsPerSecond === undefined
        ? [{ phase: 'propagation', message: 'timed out | waiting', logLines: ['E1207 08:00:00 execution.go:1] failed to sync work'] }]
        : [],
  };
}

const comparison: ComparisonResult = {
  command: 'npm run bench -- --peers kubefed-v2,karmada',
  environment: {
    date: '2026-12-07T09:00:00.000Z',
    hostname: 'lab',
    cpus: 2,
    cpuModel: 'AMD EPYC',
    memoryBytes: 24 * 2 ** 30,
    node: 'v24.21.0',
    kubernetesBinaries: 'k8s-v1.37.2',
    loadAverageBefore: [1, 1, 1],
    loadAverageAfter: [1, 1, 1],
    loadAveragePeak: 3,
    build: 'x',
  },
  versions: { 'kubefed-v2': 'v0.10.0', karmada: 'v1.18.2' },
  durationSeconds: 3600,
  kinds: [
    {
      kind: 'configmap',
      objects: 2000,
      members: 3,
      samples: 3,
      createConcurrency: 32,
      lab: { workloads: false, nodesPerMember: 0 },
      durationSeconds: 1800,
      systems: [system('kubefed', 'defaults', 250, 20), system('kubefed-v2', 'tuned', 25, 40), system('karmada', 'defaults', undefined, 0)],
    },
  ],
};

describe('the comparison report', () => {
  it('labels rows by system and profile', () => {
    expect(label({ system: 'kubefed', profile: 'defaults' })).toBe('kubefed');
    expect(label({ system: 'karmada', profile: 'tuned' })).toBe('Karmada (tuned)');
  });

  it.each([
    [25, 250, ' (0.10×)'],
    [40, 20, ' (2.0×)'],
    [2500, 20, ' (125×)'],
    [undefined, 20, ''],
    [5, 0, ''],
  ])('gives %s against %s as a ratio "%s"', (value, reference, text) => {
    expect(ratio(value, reference)).toBe(text);
  });

  it('has one row per system and profile with ratios to kubefed, and says why a peer failed', () => {
    const [header, , kubefed, kubefedV2, karmada] = kindTable(comparison.kinds[0] as ComparisonResult['kinds'][number]);
    expect(header).toContain('objects/s');
    expect(kubefed).toContain('| 250.0 (1.0×) |');
    expect(kubefedV2).toContain('| KubeFed v2 (tuned) | 25.0 (0.10×) | 20.0 / 40.0 / 40.0 (2.0×) |');
    expect(kubefedV2).toContain('0 (+4 leader election)');
    expect(karmada).toContain('failed in propagation: timed out \\| waiting');
    const text = renderComparison(comparison, 'peers.svg').join('\n');
    expect(text).toContain('failed to sync work');
    expect(text).toContain('2 × AMD EPYC');
    expect(text).toContain('Karmada v1.18.2');
    expect(text).toContain('![create → in every member, CDF, and propagation throughput](peers.svg)');
  });
});

describe('the plot', () => {
  it('turns samples into CDF steps', () => {
    expect(cdfPoints([30, 10, 20, 20])).toEqual([
      [10, 0.25],
      [20, 0.5],
      [20, 0.75],
      [30, 1],
    ]);
  });

  it('puts ticks at 1, 2 and 5 of each decade in range', () => {
    expect(logTicks(1, 100)).toEqual([1, 2, 5, 10, 20, 50, 100]);
  });

  it('draws a CDF line per system that measured latency, a bar per throughput, and marks failures', () => {
    const svg = renderPlot(comparison);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg).toContain('>250.0</text>');
    expect(svg).toContain('failed: propagation');
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });
});

describe('--peers options', () => {
  it('runs both kinds with their own default counts and 100 samples unless told otherwise', () => {
    const options = parseBenchOptions(['--peers', 'kubefed-v2,karmada']);
    expect(options).toMatchObject({ peers: ['kubefed-v2', 'karmada'], kinds: ['configmap', 'deployment'], samples: 100, objectsGiven: undefined });
  });

  it('keeps one kind, the count and the samples when given', () => {
    const options = parseBenchOptions(['--peers', 'karmada', '--kind', 'deployment', '--objects', '20', '--samples', '5', '--out', 'x/peers']);
    expect(options).toMatchObject({ peers: ['karmada'], kinds: ['deployment'], samples: 5, objectsGiven: 20, out: 'x/peers' });
  });

  it('refuses an unknown peer', () => {
    expect(() => parseBenchOptions(['--peers', 'kubefed-v3'])).toThrow(/unknown peer/);
  });
});

describe('mergeComparisons', () => {
  it('joins kinds run one at a time, adding durations and keeping the highest load', () => {
    const other = { ...comparison, command: 'second', durationSeconds: 60, environment: { ...comparison.environment, loadAveragePeak: 9 } };
    const merged = mergeComparisons([comparison, other]);
    expect(merged.kinds).toHaveLength(2);
    expect(merged.command).toBe(`${comparison.command}; second`);
    expect(merged.durationSeconds).toBe(3660);
    expect(merged.environment.loadAveragePeak).toBe(9);
    expect(() => mergeComparisons([])).toThrow();
  });
});

describe('a propagation that ran out of time', () => {
  it('is shown at the rate it kept until then', () => {
    const slow = system('karmada', 'defaults', undefined, 0);
    slow.failures = [{ phase: 'propagation', message: 'timed out after 900 s waiting for 2000 propagated copies in member1 (3600 of 6000 copies arrived)', logLines: [] }];
    expect(partialRate(slow, 3)).toEqual({ objectsPerSecond: 3600 / 3 / 900, copies: 3600, expected: 6000, seconds: 900 });
    const kind = { ...(comparison.kinds[0] as ComparisonResult['kinds'][number]), systems: [system('kubefed', 'defaults', 250, 20), slow] };
    expect(kindTable(kind)[3]).toContain('| 1.3 (0.01×): 3600 of 6000 copies in 900 s |');
    expect(renderPlot({ ...comparison, kinds: [kind] })).toContain('1.3 (ran out of time)');
    expect(partialRate(system('karmada', 'defaults', undefined, 0), 3)).toBeUndefined();
  });
});
