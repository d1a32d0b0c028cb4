// Where a comparison goes: PREFIX.json (every figure), and PREFIX.md and PREFIX.svg rendered from that JSON alone, so
// anyone can regenerate the report of an earlier run with --render.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Renderers, writeRendered, writeWithJson } from '../report-files.js';
import { renderPlot } from './plot.js';
import { renderComparison } from './report.js';
import type { ComparisonResult } from './results.js';

/** defaultPrefix is bench-results/peers-YYYY-MM-DD. */
export function defaultPrefix(now: Date): string {
  return path.join('bench-results', `peers-${now.toISOString().slice(0, 10)}`);
}

const renderers: Renderers<ComparisonResult> = { markdown: renderComparison, svg: renderPlot };

/** writeReport writes the Markdown and the SVG of a comparison next to its JSON prefix; it returns their paths. */
export function writeReport(result: ComparisonResult, prefix: string): Promise<{ markdown: string; svg: string }> {
  return writeRendered(result, prefix, renderers);
}

export function writeComparison(result: ComparisonResult, prefix: string): Promise<{ json: string; markdown: string; svg: string }> {
  return writeWithJson(result, prefix, renderers);
}

/** mergeComparisons joins comparisons run one kind at a time into one, as a run of both kinds would have been. Pure. */
export function mergeComparisons(results: readonly ComparisonResult[]): ComparisonResult {
  const [first, ...rest] = results;
  if (first === undefined) {
    throw new Error('nothing to merge');
  }
  return rest.reduce<ComparisonResult>(
    (merged, next) => ({
      ...merged,
      command: `${merged.command}; ${next.command}`,
      durationSeconds: merged.durationSeconds + next.durationSeconds,
      environment: { ...merged.environment, loadAveragePeak: Math.max(merged.environment.loadAveragePeak, next.environment.loadAveragePeak) },
      kinds: [...merged.kinds, ...next.kinds],
    }),
    first,
  );
}

/**
 * renderFrom re-renders the Markdown and SVG from one or more comparison JSON files (comma-separated), next to the
 * first file or at `prefix`; several files are merged (with the merged JSON written too).
 */
export async function renderFrom(files: string, prefix?: string): Promise<{ markdown: string; svg: string }> {
  const names = files.split(',').filter((name) => name !== '');
  const results = await Promise.all(names.map(async (name) => JSON.parse(await readFile(name, 'utf8')) as ComparisonResult));
  const target = prefix ?? (names[0] ?? '').replace(/\.json$/, '');
  if (results.length > 1) {
    return writeComparison(mergeComparisons(results), target);
  }
  return writeReport(mergeComparisons(results), target);
}
