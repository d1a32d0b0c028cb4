// The member sweep as Markdown: one row per member count against both limits, where the CPU went per copy, and
// whether the cost per copy stays flat from 3 to 10 members. Pure: rendered from the JSON alone.
import { type CpuGroup, cpuGroups } from './cpu-budget.js';
import { cpuRatio, machineCpuMsPerCopy, type Spread, spread } from './limits.js';
import type { MemberSweepResult, MemberSweepRow } from './results.js';

/** Cost per copy counts as flat when it grows by at most this factor from 3 to 10 members (issue 17). */
export const flatFactor = 1.25;
export const flatRange = { from: 3, to: 10 } as const;

const markdownRow = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;

/** markdownTable renders a header and rows as a Markdown table. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [markdownRow(header), markdownRow(header.map(() => '---')), ...rows.map(markdownRow)];
}

const fixed = (value: number | undefined, digits: number): string => (value === undefined ? 'n/a' : value.toFixed(digits));

/** sweepTable is one row per member count: throughput beside both limits, create p99, CPU and memory per copy. */
export function sweepTable(result: Pick<MemberSweepResult, 'objects' | 'rows'>): string[] {
  return markdownTable(
    [
      'members',
      'kubefed objects/s',
      'raw limit objects/s',
      'necessary-work limit objects/s',
      '× raw',
      '× necessary',
      'CPU: necessary ÷ kubefed',
      'create p99 ms',
      'controller CPU ms per copy',
      'raw client CPU ms per write',
      'controller ÷ client CPU',
      'machine CPU ms per copy',
      'RSS B per copy',
      'heap B per copy',
      'writes per object: federation / members',
    ],
    result.rows.map((row) => [
      String(row.members),
      row.propagation.objectsPerSecond.toFixed(1),
      row.limits.rawObjectsPerSecond.toFixed(1),
      fixed(row.limits.necessaryObjectsPerSecond, 1),
      fixed(row.limits.ratioToRaw, 2),
      fixed(row.limits.ratioToNecessary, 2),
      fixed(cpuRatio(row.necessary, row.propagation), 2),
      row.create.p99.toFixed(1),
      fixed(row.limits.controllerCpuMsPerCopy, 3),
      row.limits.rawClientCpuMsPerWrite.toFixed(3),
      fixed(row.limits.controllerCpuToClientCpu, 2),
      fixed(machineCpuMsPerCopy(row, result.objects), 3),
      row.memory.residentBytesPerCopy.toFixed(0),
      row.memory.heapBytesPerCopy.toFixed(0),
      `${(row.propagation.writes.federation / result.objects).toFixed(2)} / ${(row.propagation.writes.members / result.objects).toFixed(2)}`,
    ]),
  );
}

/** cpuPerCopyTable splits the machine's CPU (first create until all copies existed) per copy by process group. */
export function cpuPerCopyTable(result: Pick<MemberSweepResult, 'objects' | 'rows'>): string[] {
  const present = cpuGroups.filter((group) => result.rows.some((row) => row.propagation.cpu[group] !== undefined));
  const perCopy = (row: MemberSweepRow, group: CpuGroup): string => {
    const seconds = row.propagation.cpu[group];
    return seconds === undefined ? '–' : ((seconds * 1000) / (result.objects * row.members)).toFixed(3);
  };
  return markdownTable(
    ['members', ...present.map((group) => `${group} ms per copy`)],
    result.rows.map((row) => [String(row.members), ...present.map((group) => perCopy(row, group))]),
  );
}

/** spreads are the per-copy costs' spreads from 3 to 10 members, the issue's flatness test. */
export function spreads(result: Pick<MemberSweepResult, 'objects' | 'rows'>): Spread[] {
  const points = (read: (row: MemberSweepRow) => number | undefined) => result.rows.map((row) => ({ members: row.members, value: read(row) }));
  return [
    spread('controller CPU per copy', points((row) => row.limits.controllerCpuMsPerCopy), flatRange.from, flatRange.to, flatFactor),
    spread('machine CPU per copy', points((row) => machineCpuMsPerCopy(row, result.objects)), flatRange.from, flatRange.to, flatFactor),
    spread('RSS per copy', points((row) => row.memory.residentBytesPerCopy), flatRange.from, flatRange.to, flatFactor),
    spread('heap per copy', points((row) => row.memory.heapBytesPerCopy), flatRange.from, flatRange.to, flatFactor),
  ];
}

/** describeSpread says in words whether a figure stayed flat, and if not whether it grew or fell. */
export function describeSpread(item: Spread): string {
  if (item.factor === undefined) {
    return `${item.figure}: fewer than two member counts from ${item.from} to ${item.to}, no verdict`;
  }
  const verdict = item.flat ? `flat within ${flatFactor}×` : `NOT flat within ${flatFactor}×: it ${item.trend === 'grows' ? 'GROWS' : 'falls'} with members`;
  return `${item.figure} from ${item.from} to ${item.to} members: ${item.first} → ${item.last} (range ${item.smallest}–${item.largest}, ${item.factor}×; ${verdict})`;
}

export function renderMemberSweep(result: MemberSweepResult, plot?: string): string[] {
  const env = result.environment;
  return [
    `Command: \`${result.command}\` (${(result.durationSeconds / 60).toFixed(0)} minutes in all); controller-manager ${result.controllerManagerFlags.join(' ')} (build ${env.build}).`,
    '',
    `Machine: ${env.cpus} × ${env.cpuModel}, ${(env.memoryBytes / 2 ** 30).toFixed(0)} GiB, Node ${env.node}, lab binaries ${env.kubernetesBinaries}; ` +
      `a shared machine (load average ${env.loadAverageBefore[0]?.toFixed(2)} before, peak ${env.loadAveragePeak.toFixed(2)}), ${env.date}.`,
    '',
    `#### ${result.objects} ${result.kind}s, a fresh lab per member count (members without workloads), ${result.samples} create samples each`,
    '',
    ...sweepTable(result),
    '',
    'Machine CPU per copy by process, first create until all copies existed:',
    '',
    ...cpuPerCopyTable(result),
    '',
    ...spreads(result).map((item) => `- ${describeSpread(item)}`),
    '',
    ...(plot ? [`![kubefed by number of members](${plot})`, ''] : []),
  ];
}
