// --members 1,3,6,10: how kubefed scales with the number of members. Each count gets a fresh lab (members without
// workloads) and a fresh controller-manager: both yardsticks, propagation, create latency and memory per copy.
import path from 'node:path';
import { snapshotBuild } from './build-snapshot.js';
import { type PhaseContext, round } from './context.js';
import { ControllerManagerProcess } from './controller-manager.js';
import { CpuMeter } from './cpu-budget.js';
import { LoadWatch } from './environment.js';
import { measureLatency } from './latency.js';
import { compareWithLimits } from './limits.js';
import { measureNecessary } from './necessary.js';
import { type BenchOptions, controllerManagerFlags } from './options.js';
import { measurePropagation, quietWindowMs } from './propagation.js';
import { measureRaw } from './raw.js';
import type { MemberSweepResult, MemberSweepRow } from './results.js';
import { withLab, workloadFor } from './with-lab.js';

export async function runMemberSweep(options: BenchOptions, command: string, log: (line: string) => void, signal: AbortSignal): Promise<MemberSweepResult> {
  const load = new LoadWatch();
  await load.noteOtherProcesses();
  const began = performance.now();
  const counts = options.memberCounts ?? [options.members];
  const rows: MemberSweepRow[] = [];
  let fingerprint = '';
  let binaries = '';
  for (const [index, members] of counts.entries()) {
    signal.throwIfAborted();
    log(`member sweep ${index + 1}/${counts.length}: ${members} member(s)`);
    const shaped = { ...options, members };
    rows.push(
      await withLab(shaped, log, signal, async (lab) => {
        const build = await snapshotBuild(lab.directory, options.build);
        fingerprint = build.fingerprint;
        binaries = lab.state.binaries;
        const workload = workloadFor(shaped);
        const context: PhaseContext = { lab, workload, objects: options.objects, timeoutMs: options.timeoutMs, log, cpu: new CpuMeter(lab.state) };
        return measureCount(context, shaped, build.main, signal);
      }),
    );
  }
  return {
    kind: options.kind,
    objects: options.objects,
    samples: options.samples,
    command,
    controllerManagerFlags: controllerManagerFlags(options, workloadFor(options).controllers),
    environment: load.environment(binaries, fingerprint),
    durationSeconds: round((performance.now() - began) / 1000),
    rows,
  };
}

/** measureCount runs one member count on its lab: raw and necessary limits, then a controller-manager propagating N objects. */
async function measureCount(context: PhaseContext, options: BenchOptions, main: string, signal: AbortSignal): Promise<MemberSweepRow> {
  const { lab, workload, log } = context;
  const raw = await measureRaw(context, options.memberConcurrency, false);
  signal.throwIfAborted();
  const necessary = await measureNecessary(context, options);
  signal.throwIfAborted();
  const flags = controllerManagerFlags(options, workload.controllers);
  const cm = ControllerManagerProcess.start(main, lab.state, flags, path.join(lab.directory, 'logs', 'bench-controller-manager.log'));
  try {
    await cm.waitReady(options.timeoutMs);
    await cm.waitQuiet(quietWindowMs, options.timeoutMs);
    const baseline = await cm.memory(true);
    const propagation = await measurePropagation(context, cm, {
      namespace: 'bench-propagation',
      createConcurrency: options.createConcurrency,
      rawObjectsPerSecond: raw.objectsPerSecond,
      necessaryObjectsPerSecond: necessary.objectsPerSecond,
    });
    await Promise.all(propagation.trackers.map((tracker) => tracker.stop()));
    const steady = await cm.memory(true);
    signal.throwIfAborted();
    const latency = await measureLatency(context, cm, options.samples);
    const copies = options.objects * options.members;
    const row: MemberSweepRow = {
      members: options.members,
      raw,
      necessary,
      propagation: propagation.result,
      limits: compareWithLimits(raw, necessary, propagation.result, options.objects, options.members),
      create: latency.create,
      memory: {
        baseline: { residentBytes: baseline.residentBytes, heapUsedBytes: baseline.heapUsedBytes },
        steady: { residentBytes: steady.residentBytes, heapUsedBytes: steady.heapUsedBytes },
        residentBytesPerCopy: round((steady.residentBytes - baseline.residentBytes) / copies, 0),
        heapBytesPerCopy: round((steady.heapUsedBytes - baseline.heapUsedBytes) / copies, 0),
      },
    };
    log(
      `${options.members} member(s): ${row.propagation.objectsPerSecond} objects/s = ${row.limits.ratioToRaw} x raw, ${row.limits.ratioToNecessary} x necessary; ` +
        `create p99 ${row.create.p99.toFixed(1)} ms; ${row.limits.controllerCpuMsPerCopy} ms CPU and ${row.memory.residentBytesPerCopy} B RSS per copy`,
    );
    return row;
  } finally {
    await cm.stop();
  }
}
