// Where a member sweep goes: PREFIX.json (every figure), and PREFIX.md and PREFIX.svg rendered from that JSON alone.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderMemberPlot } from './member-plot.js';
import { renderMemberSweep } from './member-report.js';
import type { MemberSweepResult } from './results.js';

/** defaultMembersPrefix is bench-results/members-YYYY-MM-DD. */
export function defaultMembersPrefix(now: Date): string {
  return path.join('bench-results', `members-${now.toISOString().slice(0, 10)}`);
}

/** writeMemberReport writes PREFIX.md and PREFIX.svg for a sweep; it returns their paths. */
export async function writeMemberReport(result: MemberSweepResult, prefix: string): Promise<{ markdown: string; svg: string }> {
  const markdown = `${prefix}.md`;
  const svg = `${prefix}.svg`;
  await mkdir(path.dirname(prefix), { recursive: true });
  await writeFile(svg, renderMemberPlot(result));
  await writeFile(markdown, `${renderMemberSweep(result, path.basename(svg)).join('\n')}\n`);
  return { markdown, svg };
}

export async function writeMemberSweep(result: MemberSweepResult, prefix: string): Promise<{ json: string; markdown: string; svg: string }> {
  const json = `${prefix}.json`;
  await mkdir(path.dirname(prefix), { recursive: true });
  await writeFile(json, `${JSON.stringify(result, null, 2)}\n`);
  return { json, ...(await writeMemberReport(result, prefix)) };
}

/** isMemberSweep tells a member sweep's JSON from a peer comparison's (which has kinds, not rows). */
export function isMemberSweep(value: unknown): value is MemberSweepResult {
  return typeof value === 'object' && value !== null && Array.isArray((value as { rows?: unknown }).rows) && !('kinds' in value);
}

/** readJson reads the first of a comma-separated list of JSON files. */
export async function readFirstJson(files: string): Promise<unknown> {
  return JSON.parse(await readFile(files.split(',')[0] ?? '', 'utf8')) as unknown;
}
