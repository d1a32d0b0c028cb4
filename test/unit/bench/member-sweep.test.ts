import { describe, expect, it } from '@jest/globals';
import { isMemberSweep } from '../../../src/bench/member-output.js';
import { renderMemberPlot, memberPanels } from '../../../src/bench/member-plot.js';
import { cpuPerCopyTable, describeSpread, markdownTable, renderMemberSweep, spreads, sweepTable } from '../../../src/bench/member-report.js';
import type { MemberSweepResult, MemberSweepRow } from '../../../src/bench/results.js';
import { summarize } from '../../../src/bench/statistics.js';
import { linearTicks } from '../../../src/bench/svg.js';

const objects = 1000;

/** row builds one member count's figures from the few that the report and plot read. */
function row(members: number, figures: { kubefed: number; raw: number; necessary: number; cpuSeconds: number; rss: number; heap: number; p99: number }): MemberSweepRow {
  const copies = objects * members;
  return {
    members,
    raw: {} as MemberSweepRow['raw'],
    necessary: { cpuMsPerObject: 6 } as MemberSweepRow['necessary'],
    propagation: {
      objectsPerSecond: figures.kubefed,
      allCopiesMs: (objects / figures.kubefed) * 1000,
      cpuSeconds: figures.cpuSeconds,
      cpuMsPerObject: 12,
      cpu: { 'member apiservers': copies * 0.001, 'kubefed controller-manager': figures.cpuSeconds / 2 },
      writes: { federation: objects * 1.5, members: copies, byHost: {} },
    } as MemberSweepRow['propagation'],
    limits: {
      kubefedObjectsPerSecond: figures.kubefed,
      rawObjectsPerSecond: figures.raw,
      necessaryObjectsPerSecond: figures.necessary,
      ratioToRaw: figures.kubefed / figures.raw,
      ratioToNecessary: figures.kubefed / figures.necessary,
      rawClientCpuMsPerWrite: 0.2,
      controllerCpuMsPerCopy: (figures.cpuSeconds * 1000) / copies,
      controllerCpuToClientCpu: (figures.cpuSeconds * 1000) / copies / 0.2,
    },
    create: summarize([1, 2, figures.p99]),
    memory: { baseline: { residentBytes: 1, heapUsedBytes: 1 }, steady: { residentBytes: 2, heapUsedBytes: 2 }, residentBytesPerCopy: figures.rss, heapBytesPerCopy: figures.heap },
  };
}

const result: MemberSweepResult = {
  kind: 'configmap',
  objects,
  samples: 20,
  command: 'npm run bench -- --members 1,3,10 --objects 1000',
  controllerManagerFlags: ['--workers=16'],
  environment: {
    date: '2026-12-07T12:00:00.000Z',
    hostname: 'host',
    cpus: 2,
    cpuModel: 'AMD EPYC',
    memoryBytes: 24 * 2 ** 30,
    node: 'v24.21.0',
    kubernetesBinaries: 'k8s-v1.37.2',
    loadAverageBefore: [1, 1, 1],
    loadAverageAfter: [1, 1, 1],
    loadAveragePeak: 3,
    build: 'abcdef12',
  },
  durationSeconds: 600,
  rows: [
    row(1, { kubefed: 500, raw: 1500, necessary: 800, cpuSeconds: 0.6, rss: 4000, heap: 1500, p99: 12 }),
    row(3, { kubefed: 250, raw: 700, necessary: 400, cpuSeconds: 1.8, rss: 3000, heap: 1200, p99: 20 }),
    row(10, { kubefed: 70, raw: 200, necessary: 120, cpuSeconds: 9, rss: 3300, heap: 1250, p99: 60 }),
  ],
};

describe('the member sweep report', () => {
  it('renders a Markdown table with a header rule', () => {
    expect(markdownTable(['a', 'b'], [['1', '2']])).toEqual(['| a | b |', '| --- | --- |', '| 1 | 2 |']);
  });

  it('has one row per member count with throughput beside both limits, p99, CPU and memory per copy', () => {
    const [, , first, second, third] = sweepTable(result);
    expect(first?.split(' | ').map((cell) => cell.replace(/^\| | \|$/g, ''))).toEqual([
      '1', '500.0', '1500.0', '800.0', '0.33', '0.63', '0.50', '12.0', '0.600', '0.200', '3.00', '1.300', '4000', '1500', '1.50 / 1.00',
    ]);
    expect(second).toContain('| 3 | 250.0 | 700.0 | 400.0 | 0.36 | 0.63 |');
    expect(third).toContain('| 0.900 | 0.200 | 4.50 |');
  });

  it('splits the machine CPU per copy by process group, only the groups that ran', () => {
    expect(cpuPerCopyTable(result)).toEqual([
      '| members | member apiservers ms per copy | kubefed controller-manager ms per copy |',
      '| --- | --- | --- |',
      '| 1 | 1.000 | 0.300 |',
      '| 3 | 1.000 | 0.300 |',
      '| 10 | 1.000 | 0.450 |',
    ]);
  });

  it('judges each per-copy cost flat or not from 3 to 10 members, and says so', () => {
    const found = spreads(result);
    expect(found.map((item) => [item.figure, item.factor, item.flat])).toEqual([
      ['controller CPU per copy', 1.5, false],
      ['machine CPU per copy', 1.12, true],
      ['RSS per copy', 1.1, true],
      ['heap per copy', 1.04, true],
    ]);
    expect(describeSpread(found[0] as (typeof found)[number])).toBe('controller CPU per copy from 3 to 10 members: 0.6 → 0.9 (range 0.6–0.9, 1.5×; NOT flat within 1.25×: it GROWS with members)');
    expect(describeSpread(found[2] as (typeof found)[number])).toBe('RSS per copy from 3 to 10 members: 3000 → 3300 (range 3000–3300, 1.1×; flat within 1.25×)');
    expect(describeSpread({ figure: 'heap per copy', from: 3, to: 10, smallest: 1, largest: 2, first: 2, last: 1, factor: 2, flat: false, trend: 'falls' })).toMatch(/it falls with members/);
    expect(describeSpread({ figure: 'RSS per copy', from: 3, to: 10, smallest: 0, largest: 0 })).toMatch(/no verdict/);
  });

  it('names the command, the machine and the plot', () => {
    const lines = renderMemberSweep(result, 'members.svg');
    expect(lines[0]).toContain('npm run bench -- --members 1,3,10');
    expect(lines.join('\n')).toContain('2 × AMD EPYC, 24 GiB');
    expect(lines).toContain('![kubefed by number of members](members.svg)');
    expect(renderMemberSweep(result).join('\n')).not.toContain('![');
  });
});

describe('the member sweep plot', () => {
  it.each([
    { high: 0, expected: [0, 1] },
    { high: 1, expected: [0, 0.2, 0.4, 0.6, 0.8, 1] },
    { high: 0.63, expected: [0, 0.2, 0.4, 0.6, 0.8] },
    { high: 730, expected: [0, 200, 400, 600, 800] },
    { high: 4000, expected: [0, 1000, 2000, 3000, 4000] },
    { high: Number.NaN, expected: [0, 1] },
  ])('puts round ticks from 0 to at least $high', ({ high, expected }) => {
    expect(linearTicks(high)).toEqual(expected);
  });

  it('plots throughput beside both limits, the ratios, p99, CPU and memory per copy, one value per member count', () => {
    const panels = memberPanels(result.rows, objects);
    expect(panels.map((panel) => panel.title)).toEqual(['propagation throughput', 'kubefed ÷ limit', 'create → in every member, p99', 'CPU per (object × member)', 'memory per (object × member)']);
    expect(panels[0]?.series.map((series) => [series.name, series.values])).toEqual([
      ['kubefed', [500, 250, 70]],
      ['raw member writes', [1500, 700, 200]],
      ['necessary work', [800, 400, 120]],
    ]);
    expect(panels[3]?.series[2]?.values).toEqual([1.3, 1.3, 1.45]);
  });

  it('draws a line with a point per count for every series, labels the counts, and escapes text', () => {
    const svg = renderMemberPlot({ ...result, kind: 'config<map>' });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(11);
    expect(svg.match(/<circle /g)).toHaveLength(33);
    expect(svg).toContain('config&lt;map&gt;');
    expect(svg).toContain('>10</text>');
    expect(svg).not.toContain('NaN');
  });

  it('draws points without lines for a single member count', () => {
    const svg = renderMemberPlot({ ...result, rows: result.rows.slice(0, 1) });
    expect(svg).not.toContain('<polyline');
    expect(svg.match(/<circle /g)).toHaveLength(11);
  });
});

describe('--render', () => {
  it.each([
    { name: 'a member sweep', value: { rows: [] }, expected: true },
    { name: 'a peer comparison', value: { kinds: [], rows: [] }, expected: false },
    { name: 'something else', value: { rows: 'x' }, expected: false },
    { name: 'null', value: null, expected: false },
  ])('tells $name by its JSON', ({ value, expected }) => {
    expect(isMemberSweep(value)).toBe(expected);
  });
});
