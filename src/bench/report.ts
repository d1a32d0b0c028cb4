// Rendering results as the table the benchmark prints. Pure.
import { type CpuBudget, cpuGroups, total } from './cpu-budget.js';
import type { BenchResult, LimitComparison, NecessaryRun, RawRun, SweepResult } from './results.js';
import type { Summary } from './statistics.js';

/** table renders rows as aligned columns; the first row is the header. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, cell.length)));
  }
  const line = (row: readonly string[]) => row.map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index] ?? 0))).join('  ').trimEnd();
  const [header, ...body] = rows;
  return header === undefined ? [] : [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...body.map(line)];
}

export function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

const ms = (value: number | undefined): string => (value === undefined ? 'n/a' : `${value.toFixed(0)} ms`);
const seconds = (value: number | undefined): string => (value === undefined ? 'n/a' : `${(value / 1000).toFixed(2)} s`);
const latencyRow = (name: string, summary: Summary): string[] => [
  name,
  summary.p50.toFixed(1),
  summary.p95.toFixed(1),
  summary.p99.toFixed(1),
  summary.max.toFixed(1),
  summary.mean.toFixed(1),
];


/** cpuTable shows each phase's CPU seconds per group of processes, and per object in total. */
export function cpuTable(rows: readonly { name: string; cpu: CpuBudget; objects: number; wallMs: number }[]): string[] {
  return table([
    ['CPU seconds', ...cpuGroups.map((group) => group.replace('kubefed controller-manager', 'kubefed').replace('benchmark client', 'bench client')), 'total', 'ms/object', 'cores busy'],
    ...rows.map((row) => {
      const sum = Object.values(row.cpu).reduce((all, seconds) => all + (seconds ?? 0), 0);
      return [
        row.name,
        ...cpuGroups.map((group) => row.cpu[group]?.toFixed(1) ?? '-'),
        sum.toFixed(1),
        ((sum * 1000) / row.objects).toFixed(2),
        row.wallMs > 0 ? ((sum * 1000) / row.wallMs).toFixed(2) : 'n/a',
      ];
    }),
  ]);
}

const rawRow = (name: string, run: RawRun): string[] => [
  name,
  seconds(run.durationMs),
  run.objectsPerSecond.toFixed(1),
  run.writesPerSecond.toFixed(1),
  `${run.concurrencyPerMember}/member in flight${run.rolledOutMs === undefined ? '' : `, pods ready ${seconds(run.rolledOutMs)}`}`,
];

const necessaryRow = (run: NecessaryRun): string[] => [
  'necessary work (fed + member POSTs)',
  seconds(run.durationMs),
  run.objectsPerSecond.toFixed(1),
  run.writesPerSecond.toFixed(1),
  `${run.createConcurrency} in flight to the federation, ${run.concurrencyPerMember}/member; federation accepted in ${seconds(run.federationAcceptMs)}`,
];

const requestList = (counts: Record<string, number>): string =>
  Object.entries(counts)
    .map(([request, count]) => `${request} ${count}`)
    .join(', ');
const fixed = (value: number | undefined, digits: number): string => (value === undefined ? 'n/a' : value.toFixed(digits));

/** limitsTable sets kubefed beside both yardsticks of the same run: throughput ratios, and CPU per copy against the raw client's per write. */
export function limitsTable(limits: LimitComparison): string[] {
  return table([
    ['kubefed against the limits', 'value'],
    ['throughput: kubefed / raw member writes', `${fixed(limits.ratioToRaw, 2)} (${limits.kubefedObjectsPerSecond.toFixed(1)} / ${limits.rawObjectsPerSecond.toFixed(1)} objects/s)`],
    [
      'throughput: kubefed / necessary work',
      `${fixed(limits.ratioToNecessary, 2)} (${limits.kubefedObjectsPerSecond.toFixed(1)} / ${fixed(limits.necessaryObjectsPerSecond, 1)} objects/s)`,
    ],
    ['machine CPU per object: necessary work / kubefed (the ratio if CPU-bound)', fixed(limits.cpuRatioToNecessary, 2)],
    ['raw POST client CPU per member write', `${limits.rawClientCpuMsPerWrite.toFixed(3)} ms`],
    ['controller CPU per (object x member), first create to idle', `${fixed(limits.controllerCpuMsPerCopy, 3)} ms = ${fixed(limits.controllerCpuToClientCpu, 2)} x the raw client's`],
  ]);
}

export function renderResult(result: BenchResult): string[] {
  const { raw, propagation: prop, memory, restart, latency, deletion, environment: env } = result;
  const lines: string[] = [];
  lines.push(
    `kubefed benchmark: ${result.objects} ${result.kind}s x ${result.members} members` +
      (result.lab.workloads ? ` (workloads on, ${result.lab.nodesPerMember} fake nodes per member, ${result.lab.replicasPerMember} replica(s) per member)` : ''),
    `${env.date}, ${env.cpus} x ${env.cpuModel}, node ${env.node}, ${env.kubernetesBinaries}`,
    `load average before ${env.loadAverageBefore.map((value) => value.toFixed(2)).join(' ')}, peak ${env.loadAveragePeak.toFixed(2)}, after ${env.loadAverageAfter.map((value) => value.toFixed(2)).join(' ')}`,
    `controller-manager ${result.controllerManagerFlags.join(' ')} (build ${env.build})`,
    '',
  );
  lines.push(
    ...table([
      ['throughput', 'time', 'objects/s', 'writes/s', 'note'],
      rawRow('raw create (POST)', raw.create),
      rawRow('raw apply (SSA)', raw.apply),
      ...(raw.getApply ? [rawRow('raw GET+apply', raw.getApply)] : []),
      ...(raw.necessary ? [necessaryRow(raw.necessary)] : []),
      [
        'kubefed propagation',
        seconds(prop.allCopiesMs),
        prop.objectsPerSecond.toFixed(1),
        '',
        `${prop.ratioToRaw === undefined ? 'n/a' : prop.ratioToRaw.toFixed(2)} x raw ${raw.best}; federation accepted in ${seconds(prop.federationAcceptMs)}; idle after ${seconds(prop.settledMs)}` +
          (prop.statusReadyMs === undefined ? '' : `; federated status all ready ${seconds(prop.statusReadyMs)}`),
      ],
      ['kubefed deletion', seconds(deletion.allCopiesDeletedMs), deletion.objectsPerSecond.toFixed(1), '', `namespace gone everywhere after ${seconds(deletion.namespaceGoneMs)}`],
    ]),
    '',
    ...limitsTable(result.limits),
    '',
    `propagation writes: ${prop.writes.members} to members (${(prop.writes.members / result.objects).toFixed(2)} per object), ${prop.writes.federation} to the federation (${(prop.writes.federation / result.objects).toFixed(2)} per object); ${prop.reconciles} reconciles, ${prop.reconcileErrors} reconcile errors, ${prop.memberWriteErrors} member write errors, ${prop.eventsDropped} events dropped`,
    ...(prop.writes.federationByRequest ? [`federation API server writes (the benchmark's ${result.objects} creates included): ${requestList(prop.writes.federationByRequest)}`] : []),
    ...(prop.reads ? [`reads (everyone's, the benchmark's watches included): federation ${requestList(prop.reads.federation)}; members ${requestList(prop.reads.members)}`] : []),
    `controller-manager warnings during propagation: ${prop.warnings.count}${prop.warnings.first.length > 0 ? `, first: ${prop.warnings.first[0]}` : ''}`,
    '',
    ...cpuTable([
      { name: 'raw create', cpu: raw.create.cpu, objects: result.objects, wallMs: raw.create.durationMs },
      { name: 'raw apply', cpu: raw.apply.cpu, objects: result.objects, wallMs: raw.apply.durationMs },
      ...(raw.getApply ? [{ name: 'raw GET+apply', cpu: raw.getApply.cpu, objects: result.objects, wallMs: raw.getApply.durationMs }] : []),
      ...(raw.necessary ? [{ name: 'necessary work', cpu: raw.necessary.cpu, objects: result.objects, wallMs: raw.necessary.durationMs }] : []),
      { name: 'kubefed, to all copies', cpu: prop.cpu, objects: result.objects, wallMs: prop.allCopiesMs },
      { name: 'kubefed, to idle', cpu: prop.cpuUntilSettled, objects: result.objects, wallMs: prop.settledMs },
    ]),
    '',
  );
  lines.push(
    ...table([
      [`latency (ms, ${latency.samples} samples)`, 'p50', 'p95', 'p99', 'max', 'mean'],
      latencyRow('create -> in every member', latency.create),
      latencyRow('update -> in every member', latency.update),
      latencyRow('delete -> gone from every member', latency.delete),
      ...(latency.rolledOut
        ? [latencyRow('create -> rolled out, status aggregated', latency.rolledOut.create), latencyRow('update -> rolled out, status aggregated', latency.rolledOut.update)]
        : []),
    ]),
    '',
  );
  lines.push(
    ...table([
      ['restart (everything in sync)', 'value'],
      ['time to ready', ms(restart.readyMs)],
      ['time to idle (initial reconcile of everything)', ms(restart.settledMs)],
      ['writes to members', String(restart.writes.members)],
      ['writes to the federation', String(restart.writes.federation)],
      ['reconciles / CPU', `${restart.reconciles} / ${restart.cpuSeconds.toFixed(2)} s (observed ${seconds(restart.observedMs)})`],
    ]),
    '',
  );
  lines.push(
    ...table([
      ['cost', 'value'],
      ['CPU per 1000 objects (propagation)', prop.cpuSecondsPer1000Objects === undefined ? 'n/a' : `${prop.cpuSecondsPer1000Objects.toFixed(2)} s`],
      ['peak RSS / peak heap used', `${mebibytes(memory.peakResidentBytes)} / ${mebibytes(memory.peakHeapUsedBytes)}`],
      ['RSS / heap, baseline (no objects, after GC)', `${mebibytes(memory.baseline.residentBytes)} / ${mebibytes(memory.baseline.heapUsedBytes)}`],
      ['RSS / heap, steady (after GC)', `${mebibytes(memory.steady.residentBytes)} / ${mebibytes(memory.steady.heapUsedBytes)}`],
      ['RSS / heap, steady after 1 min idle', `${mebibytes(memory.steadyAfterIdle.residentBytes)} / ${mebibytes(memory.steadyAfterIdle.heapUsedBytes)}`],
      ...(memory.restarted ? [['RSS / heap, fresh process with the objects', `${mebibytes(memory.restarted.residentBytes)} / ${mebibytes(memory.restarted.heapUsedBytes)}`]] : []),
      ['RSS / heap per (object x cluster)', `${memory.residentBytesPerCopy.toFixed(0)} B / ${memory.heapBytesPerCopy.toFixed(0)} B over ${memory.managedCopies} copies`],
      ['  RSS per copy after 1 min idle', `${memory.idleResidentBytesPerCopy.toFixed(0)} B`],
      ...(memory.restartedResidentBytesPerCopy === undefined
        ? []
        : [['  the same, fresh process', `${memory.restartedResidentBytesPerCopy.toFixed(0)} B / ${(memory.restartedHeapBytesPerCopy ?? 0).toFixed(0)} B`]]),
    ]),
    '',
  );
  lines.push(
    ...table([
      ['target', 'wanted', 'measured', 'met'],
      ...result.targets.map((check) => [check.name, check.target, check.value + (check.note ? ` (${check.note})` : ''), check.met === undefined ? 'n/a' : check.met ? 'yes' : 'NO']),
    ]),
  );
  return lines;
}

export function renderSweep(result: SweepResult): string[] {
  return [
    `kubefed benchmark sweep: ${result.objects} ${result.kind}s x ${result.members} members, ${result.environment.date}, load peak ${result.environment.loadAveragePeak.toFixed(2)}`,
    '',
    ...table([
      ['controller-manager flags', 'raw best obj/s', 'kubefed obj/s', 'ratio', 'all copies', 'machine CPU ms/obj', 'cores busy', 'kubefed CPU s/1000', 'member writes', 'federation writes', 'peak RSS'],
      ...result.rows.map((row) => [
        row.variant,
        row.raw.objectsPerSecond.toFixed(1),
        row.propagation.objectsPerSecond.toFixed(1),
        row.propagation.ratioToRaw?.toFixed(2) ?? 'n/a',
        seconds(row.propagation.allCopiesMs),
        row.propagation.cpuMsPerObject.toFixed(1),
        row.propagation.allCopiesMs > 0 ? ((total(row.propagation.cpu) * 1000) / row.propagation.allCopiesMs).toFixed(2) : 'n/a',
        row.propagation.cpuSecondsPer1000Objects?.toFixed(2) ?? 'n/a',
        String(row.propagation.writes.members),
        String(row.propagation.writes.federation),
        mebibytes(row.propagation.peakResidentBytes),
      ]),
    ]),
  ];
}
