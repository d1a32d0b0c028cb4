// Where a member sweep goes: PREFIX.json, PREFIX.md and PREFIX.svg (see report-files.ts).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Renderers, writeRendered, writeWithJson } from './report-files.js';
import { renderMemberPlot } from './member-plot.js';
import { renderMemberSweep } from './member-report.js';
import type { MemberSweepResult } from './results.js';

/** defaultMembersPrefix is bench-results/members-YYYY-MM-DD. */
export function defaultMembersPrefix(now: Date): string {
  return path.join('bench-results', `members-${now.toISOString().slice(0, 10)}`);
}

const renderers: Renderers<MemberSweepResult> = { markdown: renderMemberSweep, svg: renderMemberPlot };

/** writeMemberReport writes PREFIX.md and PREFIX.svg for a sweep; it returns their paths. */
export function writeMemberReport(result: MemberSweepResult, prefix: string): Promise<{ markdown: string; svg: string }> {
  return writeRendered(result, prefix, renderers);
}

export function writeMemberSweep(result: MemberSweepResult, prefix: string): Promise<{ json: string; markdown: string; svg: string }> {
  return writeWithJson(result, prefix, renderers);
}

/** isMemberSweep tells a member sweep's JSON from a peer comparison's (which has kinds, not rows). */
export function isMemberSweep(value: unknown): value is MemberSweepResult {
  return typeof value === 'object' && value !== null && 'rows' in value && Array.isArray(value.rows) && !('kinds' in value);
}

/** readFirstJson reads the first of a comma-separated list of JSON files. */
export async function readFirstJson(files: string): Promise<unknown> {
  const parsed: unknown = JSON.parse(await readFile(files.split(',')[0] ?? '', 'utf8'));
  return parsed;
}
