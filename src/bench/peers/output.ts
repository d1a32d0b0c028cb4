// Where a comparison goes: PREFIX.json (every figure), and PREFIX.md and PREFIX.svg rendered from that JSON alone, so
// anyone can regenerate the report of an earlier run with --render.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderPlot } from './plot.js';
import { renderComparison } from './report.js';
import type { ComparisonResult } from './results.js';

/** defaultPrefix is bench-results/peers-YYYY-MM-DD. */
export function defaultPrefix(now: Date): string {
  return path.join('bench-results', `peers-${now.toISOString().slice(0, 10)}`);
}

/** writeReport writes the Markdown and the SVG of a comparison next to its JSON prefix; it returns their paths. */
export async function writeReport(result: ComparisonResult, prefix: string): Promise<{ markdown: string; svg: string }> {
  const markdown = `${prefix}.md`;
  const svg = `${prefix}.svg`;
  await mkdir(path.dirname(prefix), { recursive: true });
  await writeFile(svg, renderPlot(result));
  await writeFile(markdown, `${renderComparison(result, path.basename(svg)).join('\n')}\n`);
  return { markdown, svg };
}

export async function writeComparison(result: ComparisonResult, prefix: string): Promise<{ json: string; markdown: string; svg: string }> {
  const json = `${prefix}.json`;
  await mkdir(path.dirname(prefix), { recursive: true });
  await writeFile(json, `${JSON.stringify(result, null, 2)}\n`);
  return { json, ...(await writeReport(result, prefix)) };
}

/** renderFrom re-renders PREFIX.md and PREFIX.svg from PREFIX.json. */
export async function renderFrom(json: string): Promise<{ markdown: string; svg: string }> {
  const result = JSON.parse(await readFile(json, 'utf8')) as ComparisonResult;
  return writeReport(result, json.replace(/\.json$/, ''));
}
