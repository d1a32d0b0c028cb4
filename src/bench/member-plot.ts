// The member sweep as an SVG: one small line chart per figure against the number of members (throughput beside both
// limits, the ratios, create p99, CPU and memory per copy). Pure string building, rendered from the JSON alone.
import { machineCpuMsPerCopy } from './limits.js';
import type { MemberSweepResult, MemberSweepRow } from './results.js';
import { escape, linearTicks, number, palette } from './svg.js';

export interface Series {
  name: string;
  values: readonly (number | undefined)[];
}

export interface Panel {
  title: string;
  unit: string;
  series: readonly Series[];
}

const panelWidth = 330;
const panelHeight = 300;
const columns = 3;
const inner = { left: 58, right: 14, top: 46, bottom: 86 };

/** panels are the figures the plot shows, one value per row (member count) in each series. Pure. */
export function memberPanels(rows: readonly MemberSweepRow[], objects: number): Panel[] {
  const of = (read: (row: MemberSweepRow) => number | undefined): (number | undefined)[] => rows.map(read);
  return [
    {
      title: 'propagation throughput',
      unit: 'objects/s',
      series: [
        { name: 'kubefed', values: of((row) => row.propagation.objectsPerSecond) },
        { name: 'raw member writes', values: of((row) => row.limits.rawObjectsPerSecond) },
        { name: 'necessary work', values: of((row) => row.limits.necessaryObjectsPerSecond) },
      ],
    },
    {
      title: 'kubefed ÷ limit',
      unit: 'ratio',
      series: [
        { name: 'kubefed ÷ raw member writes', values: of((row) => row.limits.ratioToRaw) },
        { name: 'kubefed ÷ necessary work', values: of((row) => row.limits.ratioToNecessary) },
      ],
    },
    { title: 'create → in every member, p99', unit: 'ms', series: [{ name: 'kubefed create p99', values: of((row) => row.create.p99) }] },
    {
      title: 'CPU per (object × member)',
      unit: 'ms',
      series: [
        { name: 'kubefed controller-manager', values: of((row) => row.limits.controllerCpuMsPerCopy) },
        { name: 'raw client, per write', values: of((row) => row.limits.rawClientCpuMsPerWrite) },
        { name: 'whole machine, to all copies', values: of((row) => machineCpuMsPerCopy(row, objects)) },
      ],
    },
    {
      title: 'memory per (object × member)',
      unit: 'bytes',
      series: [
        { name: 'kubefed RSS', values: of((row) => row.memory.residentBytesPerCopy) },
        { name: 'kubefed heap', values: of((row) => row.memory.heapBytesPerCopy) },
      ],
    },
  ];
}

function drawPanel(panel: Panel, counts: readonly number[], left: number, top: number): string[] {
  const x0 = left + inner.left;
  const x1 = left + panelWidth - inner.right;
  const y0 = top + panelHeight - inner.bottom;
  const y1 = top + inner.top;
  const values = panel.series.flatMap((series) => series.values).filter((value): value is number => value !== undefined && Number.isFinite(value));
  const ticks = linearTicks(Math.max(0, ...values));
  // The ticks ascend, so the highest is the last.
  const high = Math.max(...ticks);
  const low = Math.min(...counts);
  const spanX = Math.max(...counts) - low || 1;
  const x = (count: number): number => (counts.length === 1 ? (x0 + x1) / 2 : x0 + ((count - low) / spanX) * (x1 - x0));
  const y = (value: number): number => y0 - (value / high) * (y0 - y1);
  const parts = [
    `<text x="${left + 10}" y="${top + 18}" font-size="14" font-weight="bold">${escape(panel.title)}</text>`,
    `<rect x="${x0}" y="${y1}" width="${x1 - x0}" height="${y0 - y1}" fill="none" stroke="#ccc"/>`,
    `<text x="${left + 10}" y="${top + 34}" font-size="11">${escape(panel.unit)}</text>`,
  ];
  for (const tick of ticks) {
    parts.push(
      `<line x1="${x0}" y1="${number(y(tick))}" x2="${x1}" y2="${number(y(tick))}" stroke="#eee"/>`,
      `<text x="${x0 - 5}" y="${number(y(tick) + 4)}" font-size="10" text-anchor="end">${tick}</text>`,
    );
  }
  for (const count of counts) {
    parts.push(`<text x="${number(x(count))}" y="${y0 + 14}" font-size="10" text-anchor="middle">${count}</text>`);
  }
  parts.push(`<text x="${(x0 + x1) / 2}" y="${y0 + 27}" font-size="10" text-anchor="middle">members</text>`);
  panel.series.forEach((series, index) => {
    // Colours by place in the panel: kubefed's own figure comes first in every panel and is always green.
    const color = palette[index % palette.length] as string;
    const points = counts.flatMap((count, at) => {
      const value = series.values[at];
      return value === undefined || !Number.isFinite(value) ? [] : [[x(count), y(value)] as const];
    });
    if (points.length > 1) {
      parts.push(`<polyline points="${points.map(([px, py]) => `${number(px)},${number(py)}`).join(' ')}" fill="none" stroke="${color}" stroke-width="2"/>`);
    }
    parts.push(...points.map(([px, py]) => `<circle cx="${number(px)}" cy="${number(py)}" r="3" fill="${color}"/>`));
    const legendY = y0 + 45 + index * 13;
    const legendX = x0;
    parts.push(`<rect x="${legendX}" y="${legendY - 8}" width="10" height="3" fill="${color}"/>`, `<text x="${legendX + 14}" y="${legendY - 4}" font-size="10">${escape(series.name)}</text>`);
  });
  return parts;
}

/** renderMemberPlot draws every panel of the sweep in a grid of three columns. */
export function renderMemberPlot(result: MemberSweepResult): string {
  const counts = result.rows.map((row) => row.members);
  const panels = memberPanels(result.rows, result.objects);
  const header = 30;
  const width = columns * panelWidth;
  const height = header + Math.ceil(panels.length / columns) * panelHeight;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="10" y="20" font-size="15" font-weight="bold">${escape(`kubefed, ${result.objects} ${result.kind}s, by number of members (${result.environment.date.slice(0, 10)}, build ${result.environment.build})`)}</text>`,
  ];
  panels.forEach((panel, index) => parts.push(...drawPanel(panel, counts, (index % columns) * panelWidth, header + Math.floor(index / columns) * panelHeight)));
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
