// A report's files: PREFIX.json (every figure), and PREFIX.md and PREFIX.svg rendered from that JSON alone.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface Renderers<T> {
  /** markdown renders the report, given the plot's file name to link. */
  markdown: (result: T, plot: string) => string[];
  svg: (result: T) => string;
}

/** writeRendered writes PREFIX.md and PREFIX.svg; it returns their paths. */
export async function writeRendered<T>(result: T, prefix: string, renderers: Renderers<T>): Promise<{ markdown: string; svg: string }> {
  const markdown = `${prefix}.md`;
  const svg = `${prefix}.svg`;
  await mkdir(path.dirname(prefix), { recursive: true });
  await writeFile(svg, renderers.svg(result));
  await writeFile(markdown, `${renderers.markdown(result, path.basename(svg)).join('\n')}\n`);
  return { markdown, svg };
}

/** writeWithJson writes PREFIX.json and then the rendered files. */
export async function writeWithJson<T>(result: T, prefix: string, renderers: Renderers<T>): Promise<{ json: string; markdown: string; svg: string }> {
  const json = `${prefix}.json`;
  await mkdir(path.dirname(prefix), { recursive: true });
  await writeFile(json, `${JSON.stringify(result, null, 2)}\n`);
  return { json, ...(await writeRendered(result, prefix, renderers)) };
}
