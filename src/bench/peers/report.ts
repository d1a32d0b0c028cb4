// The comparison as Markdown: one table per kind, one row per system and profile, each figure with its ratio to
// kubefed, and why a peer failed a phase, in its own log lines. Pure: rendered from the JSON alone.
import { mebibytes } from '../report.js';
import { backgroundResources } from './apiserver-writes.js';
import type { ComparisonResult, KindComparison, SystemResult } from './results.js';

/** label names a row: "kubefed", "Karmada (tuned)". */
export function label(result: Pick<SystemResult, 'system' | 'profile'>): string {
  const name = { kubefed: 'kubefed', 'kubefed-v2': 'KubeFed v2', karmada: 'Karmada' }[result.system];
  return result.system === 'kubefed' ? name : `${name} (${result.profile})`;
}

/** ratio renders value / reference as "0.12×", or nothing when either is missing. */
export function ratio(value: number | undefined, reference: number | undefined): string {
  if (value === undefined || reference === undefined || reference === 0) {
    return '';
  }
  const times = value / reference;
  return ` (${times >= 10 ? times.toFixed(0) : times >= 1 ? times.toFixed(1) : times.toFixed(2)}×)`;
}

/**
 * partialRate reads a propagation that ran out of time ("timed out after 900 s … (3600 of 6000 copies arrived)") as the
 * rate it kept up to then: copies / members per second. Pure.
 */
export function partialRate(result: Pick<SystemResult, 'failures'>, members: number): { objectsPerSecond: number; copies: number; expected: number; seconds: number } | undefined {
  const failure = result.failures.find((candidate) => candidate.phase === 'propagation');
  const timeout = /timed out after (\d+(?:\.\d+)?) s/.exec(failure?.message ?? '');
  const progress = /\((\d+) of (\d+) copies arrived\)/.exec(failure?.message ?? '');
  if (!timeout || !progress) {
    return undefined;
  }
  const seconds = Number(timeout[1]);
  const copies = Number(progress[1]);
  return { objectsPerSecond: copies / members / seconds, copies, expected: Number(progress[2]), seconds };
}

const fixed = (value: number | undefined, digits = 1): string => (value === undefined ? '–' : value.toFixed(digits));

function row(result: SystemResult, reference: SystemResult | undefined, members: number): string[] {
  const propagation = result.propagation;
  const partial = partialRate(result, members);
  const latency = result.latency;
  const failed = result.failures[0];
  const cells = [
    label(result),
    propagation
      ? `${fixed(propagation.objectsPerSecond)}${ratio(propagation.objectsPerSecond, reference?.propagation?.objectsPerSecond)}`
      : partial
        ? `${fixed(partial.objectsPerSecond)}${ratio(partial.objectsPerSecond, reference?.propagation?.objectsPerSecond)}: ${partial.copies} of ${partial.expected} copies in ${partial.seconds} s`
        : '–',
    latency ? `${fixed(latency.create.p50)} / ${fixed(latency.create.p95)} / ${fixed(latency.create.p99)}${ratio(latency.create.p99, reference?.latency?.create.p99)}` : '–',
    latency ? `${fixed(latency.update.p50)} / ${fixed(latency.update.p95)} / ${fixed(latency.update.p99)}${ratio(latency.update.p99, reference?.latency?.update.p99)}` : '–',
    latency ? `${fixed(latency.delete.p50)} / ${fixed(latency.delete.p95)} / ${fixed(latency.delete.p99)}${ratio(latency.delete.p99, reference?.latency?.delete.p99)}` : '–',
    result.restart ? `${result.restart.writes}${result.restart.leaderElectionWrites > 0 ? ` (+${result.restart.leaderElectionWrites} leader election)` : ''}` : '–',
    propagation ? `${fixed(propagation.cpuSecondsPer1000Objects, 2)}${ratio(propagation.cpuSecondsPer1000Objects, reference?.propagation?.cpuSecondsPer1000Objects)}` : '–',
    result.peakResidentBytes > 0 ? `${mebibytes(result.peakResidentBytes)}${ratio(result.peakResidentBytes, reference?.peakResidentBytes)}` : '–',
    propagation ? `${fixed(propagation.federationWritesPerObject, 2)} / ${fixed(propagation.memberWritesPerObject, 2)}` : '–',
    [
      failed ? `failed in ${failed.phase}: ${failed.message.replaceAll('|', '\\|')}` : '',
      latency && latency.failures > 0 ? `${latency.failures} latency samples failed` : '',
      result.restart && result.restart.writes + result.restart.leaderElectionWrites > 0 ? `restart wrote ${restartWrites(result)}` : '',
    ]
      .filter((note) => note !== '')
      .join('; '),
  ];
  return cells;
}

/** restartWrites lists what a restart wrote, by cluster and resource ("federation kubefedclusters/status 6"). */
export function restartWrites(result: SystemResult): string {
  const entries = Object.entries(result.restart?.tally ?? {}).flatMap(([cluster, resources]) =>
    Object.entries(resources)
      .filter(([resource]) => !backgroundResources.has(resource))
      .map(([resource, count]) => `${cluster} ${resource} ${count}`),
  );
  return entries.join(', ');
}

const markdownRow = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;

export function kindTable(comparison: KindComparison): string[] {
  const reference = comparison.systems.find((result) => result.system === 'kubefed');
  const header = [
    'system',
    'objects/s',
    'create → every member p50 / p95 / p99 ms',
    'update p50 / p95 / p99 ms',
    'delete p50 / p95 / p99 ms',
    'restart writes',
    'CPU s / 1000 objects',
    'peak RSS',
    'writes per object: federation / members',
    'note',
  ];
  return [markdownRow(header), markdownRow(header.map(() => '---')), ...comparison.systems.map((result) => markdownRow(row(result, reference, comparison.members)))];
}

function failureNotes(comparison: KindComparison): string[] {
  const lines: string[] = [];
  for (const result of comparison.systems) {
    for (const failure of result.failures) {
      lines.push(`- **${label(result)}** failed in ${failure.phase}: ${failure.message}. Its own log:`, '', '  ```');
      lines.push(...(failure.logLines.length > 0 ? failure.logLines : ['(no warning or error lines)']).map((line) => `  ${line}`));
      lines.push('  ```', '');
    }
  }
  return lines;
}

function configurationNotes(comparison: KindComparison): string[] {
  return comparison.systems.map((result) => `- **${label(result)}** ${result.description.version}: ${result.description.notes.join('; ')}.`);
}

/** renderComparison is the Markdown section BENCHMARKS.md quotes, and what --render writes. */
export function renderComparison(result: ComparisonResult, plot?: string): string[] {
  const env = result.environment;
  const lines = [
    `Command: \`${result.command}\` (${(result.durationSeconds / 60).toFixed(0)} minutes in all).`,
    '',
    `Machine: ${env.cpus} × ${env.cpuModel}, ${(env.memoryBytes / 2 ** 30).toFixed(0)} GiB, Node ${env.node}, lab binaries ${env.kubernetesBinaries}; ` +
      `a shared machine (load average ${env.loadAverageBefore[0]?.toFixed(2)} before, peak ${env.loadAveragePeak.toFixed(2)}), ${env.date}.`,
    `Versions: KubeFed v2 ${result.versions['kubefed-v2']}, Karmada ${result.versions.karmada}, kubefed this checkout.`,
    '',
  ];
  for (const comparison of result.kinds) {
    lines.push(
      `#### ${comparison.objects} ${comparison.kind === 'deployment' ? 'Deployments' : 'ConfigMaps'} × ${comparison.members} members` +
        `${comparison.lab.workloads ? ` (${comparison.lab.nodesPerMember} fake nodes per member, ${comparison.lab.replicasPerMember} replica per member)` : ''}` +
        ` — ${comparison.samples} latency samples each, ${(comparison.durationSeconds / 60).toFixed(0)} minutes`,
      '',
      ...kindTable(comparison),
      '',
      ...configurationNotes(comparison),
      '',
      ...failureNotes(comparison),
    );
  }
  if (plot) {
    lines.push(`![create → in every member, CDF, and propagation throughput](${plot})`, '');
  }
  return lines;
}
