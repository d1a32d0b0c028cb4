// The comparison as an SVG: per kind, the CDF of create → in every member (log-scale time axis, one line per system
// and profile) and the propagation throughput as bars. Pure string building, no dependencies; rendered from the JSON.
import type { ComparisonResult, KindComparison, SystemResult } from './results.js';
import { label, partialRate } from './report.js';
import { escape, number, palette } from '../svg.js';

const width = 1000;
const panelHeight = 330;
const margin = { left: 70, right: 20, top: 40, bottom: 50 };
const cdfWidth = 540;
const barsTitle = cdfWidth + 50;
const barsLeft = cdfWidth + 190;

/** cdfPoints turns samples into the steps of an empirical CDF: (value, fraction of samples ≤ value). Pure. */
export function cdfPoints(samples: readonly number[]): [number, number][] {
  const sorted = [...samples].filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  return sorted.map((value, index) => [value, (index + 1) / sorted.length]);
}

/** logTicks are the powers of ten (and their halves' neighbours 2 and 5) spanning [low, high]. Pure. */
export function logTicks(low: number, high: number): number[] {
  const ticks: number[] = [];
  for (let exponent = Math.floor(Math.log10(low)); exponent <= Math.ceil(Math.log10(high)); exponent++) {
    for (const step of [1, 2, 5]) {
      const value = step * 10 ** exponent;
      if (value >= low && value <= high) {
        ticks.push(value);
      }
    }
  }
  return ticks;
}

function cdfPanel(comparison: KindComparison, top: number, colors: Map<string, string>): string[] {
  const plotted = comparison.systems.filter((result): result is SystemResult & { latency: NonNullable<SystemResult['latency']> } => result.latency !== undefined);
  const all = plotted.flatMap((result) => result.latency.raw.create).filter((value) => value > 0);
  const parts: string[] = [];
  const left = margin.left;
  const right = cdfWidth;
  const plotTop = top + margin.top;
  const bottom = top + panelHeight - margin.bottom;
  parts.push(
    `<text x="${left}" y="${top + 20}" font-size="15" font-weight="bold">${comparison.objects} ${comparison.kind}s × ${comparison.members} members: create → in every member</text>`,
    `<text x="${left}" y="${top + 36}" font-size="12">share of ${comparison.samples} samples done by then (empirical CDF)</text>`,
  );
  if (all.length === 0) {
    parts.push(`<text x="${left}" y="${plotTop + 40}" font-size="13">no system finished the latency phase</text>`);
    return parts;
  }
  const low = 10 ** Math.floor(Math.log10(Math.min(...all)));
  const high = 10 ** Math.ceil(Math.log10(Math.max(...all)));
  const x = (value: number): number => left + ((Math.log10(Math.max(value, low)) - Math.log10(low)) / (Math.log10(high) - Math.log10(low))) * (right - left);
  const y = (fraction: number): number => bottom - fraction * (bottom - plotTop);
  parts.push(`<rect x="${left}" y="${plotTop}" width="${right - left}" height="${bottom - plotTop}" fill="none" stroke="#ccc"/>`);
  for (const tick of logTicks(low, high)) {
    parts.push(
      `<line x1="${number(x(tick))}" y1="${plotTop}" x2="${number(x(tick))}" y2="${bottom}" stroke="#eee"/>`,
      `<text x="${number(x(tick))}" y="${bottom + 16}" font-size="11" text-anchor="middle">${tick >= 1000 ? `${tick / 1000} s` : `${tick} ms`}</text>`,
    );
  }
  for (const fraction of [0, 0.25, 0.5, 0.75, 0.9, 1]) {
    parts.push(
      `<line x1="${left}" y1="${number(y(fraction))}" x2="${right}" y2="${number(y(fraction))}" stroke="#eee"/>`,
      `<text x="${left - 6}" y="${number(y(fraction) + 4)}" font-size="11" text-anchor="end">${fraction * 100} %</text>`,
    );
  }
  parts.push(`<text x="${(left + right) / 2}" y="${bottom + 36}" font-size="12" text-anchor="middle">milliseconds (log scale)</text>`);
  for (const result of plotted) {
    // Steps: flat until the next sample, then up by its share.
    const points = cdfPoints(result.latency.raw.create);
    const path = [`M${number(x(points[0]?.[0] ?? low))},${number(y(0))}`, ...points.map(([value, fraction]) => `H${number(x(value))} V${number(y(fraction))}`)].join(' ');
    parts.push(`<path d="${path}" fill="none" stroke="${colors.get(label(result))}" stroke-width="2"/>`);
  }
  return parts;
}

function barsPanel(comparison: KindComparison, top: number, colors: Map<string, string>): string[] {
  const parts: string[] = [];
  const plotTop = top + margin.top;
  const rowHeight = Math.min(34, (panelHeight - margin.top - margin.bottom) / Math.max(1, comparison.systems.length));
  const rate = (result: SystemResult): number | undefined => result.propagation?.objectsPerSecond ?? partialRate(result, comparison.members)?.objectsPerSecond;
  const maximum = Math.max(1, ...comparison.systems.map((result) => rate(result) ?? 0));
  const barWidth = width - margin.right - barsLeft - 60;
  parts.push(
    `<text x="${barsTitle}" y="${top + 20}" font-size="15" font-weight="bold">propagation throughput</text>`,
    `<text x="${barsTitle}" y="${top + 36}" font-size="12">objects per second, N objects to every member</text>`,
  );
  comparison.systems.forEach((result, index) => {
    const rowTop = plotTop + index * rowHeight;
    const name = label(result);
    const value = rate(result);
    const partial = result.propagation === undefined;
    parts.push(`<text x="${barsLeft - 8}" y="${number(rowTop + rowHeight / 2 + 4)}" font-size="12" text-anchor="end">${escape(name)}</text>`);
    if (value === undefined) {
      parts.push(`<text x="${barsLeft + 4}" y="${number(rowTop + rowHeight / 2 + 4)}" font-size="12" fill="#b2182b">failed: ${escape(result.failures[0]?.phase ?? 'no figure')}</text>`);
      return;
    }
    const length = Math.max(1, (value / maximum) * barWidth);
    parts.push(
      `<rect x="${barsLeft}" y="${number(rowTop + 4)}" width="${number(length)}" height="${number(rowHeight - 8)}" fill="${colors.get(name)}"/>`,
      `<text x="${number(barsLeft + length + 4)}" y="${number(rowTop + rowHeight / 2 + 4)}" font-size="12">${value.toFixed(1)}${partial ? ' (ran out of time)' : ''}</text>`,
    );
  });
  return parts;
}

/** renderPlot draws every kind of the comparison, one row of two panels each, with a shared legend. */
export function renderPlot(result: ComparisonResult): string {
  const names = [...new Set(result.kinds.flatMap((comparison) => comparison.systems.map(label)))];
  const colors = new Map(names.map((name, index) => [name, palette[index % palette.length] ?? 'black']));
  const legendHeight = 30;
  const height = legendHeight + result.kinds.length * panelHeight + 20;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
  ];
  names.forEach((name, index) => {
    const x = margin.left + index * 175;
    parts.push(`<rect x="${x}" y="10" width="14" height="14" fill="${colors.get(name)}"/>`, `<text x="${x + 20}" y="22" font-size="12">${escape(name)}</text>`);
  });
  result.kinds.forEach((comparison, index) => {
    const top = legendHeight + index * panelHeight;
    parts.push(...cdfPanel(comparison, top, colors), ...barsPanel(comparison, top, colors));
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
