// One full benchmark run: raw limit, propagation, memory, restart, latency and deletion, on a lab of its own.
import { cp, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type BenchLab, startBenchLab } from './bench-lab.js';
import { snapshotBuild } from './build-snapshot.js';
import { type PhaseContext, round } from './context.js';
import { ControllerManagerProcess, type MemoryReading } from './controller-manager.js';
import { CpuMeter } from './cpu-budget.js';
import { measureDeletion } from './deletion.js';
import { LoadWatch } from './environment.js';
import { measureLatency } from './latency.js';
import { type BenchOptions, controllerManagerFlags, describeVariant, flagValue } from './options.js';
import { measurePropagation, quietWindowMs } from './propagation.js';
import { measureRaw } from './raw.js';
import { measureRestart } from './restart.js';
import type { BenchResult, MemoryFigures, MemoryResult, RawResult, SweepResult, SweepRow } from './results.js';
import { checkTargets } from './targets.js';
import { configMapWorkload, deploymentWorkload, nodesForDeployments, type Workload } from './workload.js';

export function workloadFor(options: Pick<BenchOptions, 'kind' | 'members' | 'replicasPerMember'>): Workload {
  return options.kind === 'deployment' ? deploymentWorkload(options.members, options.replicasPerMember) : configMapWorkload;
}

function labShape(options: BenchOptions): { workloads: boolean; nodes: number } {
  return options.kind === 'deployment'
    ? { workloads: true, nodes: nodesForDeployments(options.objects, options.replicasPerMember) }
    : { workloads: false, nodes: 0 };
}

const idleReadingDelayMs = 60_000;

const figures = (reading: MemoryReading): MemoryFigures => ({ residentBytes: reading.residentBytes, heapUsedBytes: reading.heapUsedBytes });

/** withLab starts the bench lab, runs body, and always stops the lab (keeping the directory when body failed). */
async function withLab<T>(options: BenchOptions, log: (line: string) => void, signal: AbortSignal, body: (lab: BenchLab) => Promise<T>): Promise<T> {
  const shape = labShape(options);
  log(`starting a lab: 1 federation + ${options.members} members${shape.workloads ? ` with workloads, ${shape.nodes} fake nodes each` : ''}`);
  const lab = await startBenchLab({ members: options.members, ...shape, dir: options.dir, log: (line) => log(`lab: ${line}`), signal });
  let failed = true;
  try {
    const value = await body(lab);
    failed = false;
    return value;
  } finally {
    if (options.keepLogs) {
      await cp(path.join(lab.directory, 'logs'), options.keepLogs, { recursive: true }).catch((error: unknown) => log(`logs not kept: ${(error as Error).message}`));
      log(`logs copied to ${options.keepLogs}`);
    }
    log(failed ? `stopping the lab; its logs stay in ${lab.directory}` : 'stopping the lab');
    await lab.close(failed);
  }
}

export async function runBench(options: BenchOptions, log: (line: string) => void, signal: AbortSignal): Promise<BenchResult> {
  const load = new LoadWatch();
  await load.noteOtherProcesses();
  const began = performance.now();
  const workload = workloadFor(options);
  if (options.profile) {
    await mkdir(options.profile, { recursive: true });
  }
  return withLab(options, log, signal, async (lab) => {
    const build = await snapshotBuild(lab.directory, options.build);
    log(`controller-manager build ${build.fingerprint}, copied to ${build.main}`);
    const context: PhaseContext = { lab, workload, objects: options.objects, timeoutMs: options.timeoutMs, log, cpu: new CpuMeter(lab.state) };
    const raw = await measureRaw(context, options.memberConcurrency, true);
    signal.throwIfAborted();

    const flags = controllerManagerFlags(options, workload.controllers);
    const logFile = path.join(lab.directory, 'logs', 'bench-controller-manager.log');
    const start = async (): Promise<ControllerManagerProcess> => ControllerManagerProcess.start(build.main, lab.state, flags, logFile);
    // With --profile, heap snapshots at baseline, steady state and after the restart (taken after the memory readings).
    const snapshot = async (process: ControllerManagerProcess, moment: string): Promise<string | undefined> => {
      if (!options.profile) {
        return undefined;
      }
      const file = path.join(options.profile, `${workload.kind}-${moment}.heapsnapshot`);
      await (await process.inspector()).writeHeapSnapshot(file);
      log(`heap snapshot written to ${file}`);
      return file;
    };
    let cm = await start();
    try {
      const readyMs = await cm.waitReady(options.timeoutMs);
      await cm.waitQuiet(quietWindowMs, options.timeoutMs);
      const baseline = await cm.memory(true);
      await snapshot(cm, 'baseline');
      log(`controller-manager ready after ${round(readyMs)} ms; baseline RSS ${(baseline.residentBytes / 2 ** 20).toFixed(1)} MiB, heap ${(baseline.heapUsedBytes / 2 ** 20).toFixed(1)} MiB`);

      const propagation = await measurePropagation(context, cm, {
        namespace: 'bench-propagation',
        createConcurrency: options.createConcurrency,
        rawObjectsPerSecond: raw.objectsPerSecond,
        profileDirectory: options.profile,
      });
      const steady = await cm.memory(true);
      const peak = await cm.memoryStatus();
      // V8 and the allocator hand memory back lazily: the same reading after a minute of idling.
      await sleep(idleReadingDelayMs);
      const steadyIdle = await cm.memory(true);
      log(`steady state: RSS ${(steady.residentBytes / 2 ** 20).toFixed(1)} MiB, after ${idleReadingDelayMs / 1000} s idle ${(steadyIdle.residentBytes / 2 ** 20).toFixed(1)} MiB`);
      const steadySnapshot = await snapshot(cm, 'steady');
      if (steadySnapshot) {
        propagation.result.profile = { ...(propagation.result.profile ?? { cpuProfile: '' }), heapSnapshot: steadySnapshot };
      }
      signal.throwIfAborted();

      const restarted = await measureRestart(context, cm, start);
      cm = restarted.cm;
      const fresh = await cm.memory(true);
      await snapshot(cm, 'restarted');
      signal.throwIfAborted();

      const latency = await measureLatency(context, cm, options.samples);
      signal.throwIfAborted();
      const deletion = await measureDeletion(context, cm, propagation.namespace, propagation.trackers);
      await cm.stop();

      const copies = options.objects * options.members;
      const memory: MemoryResult = {
        baseline: figures(baseline),
        steady: figures(steady),
        steadyAfterIdle: figures(steadyIdle),
        restarted: figures(fresh),
        managedCopies: copies,
        residentBytesPerCopy: round((steady.residentBytes - baseline.residentBytes) / copies, 0),
        idleResidentBytesPerCopy: round((steadyIdle.residentBytes - baseline.residentBytes) / copies, 0),
        heapBytesPerCopy: round((steady.heapUsedBytes - baseline.heapUsedBytes) / copies, 0),
        restartedResidentBytesPerCopy: round((fresh.residentBytes - baseline.residentBytes) / copies, 0),
        restartedHeapBytesPerCopy: round((fresh.heapUsedBytes - baseline.heapUsedBytes) / copies, 0),
        peakResidentBytes: Math.max(peak.peakResidentBytes, propagation.result.peakResidentBytes),
        peakHeapUsedBytes: propagation.result.peakHeapUsedBytes,
      };
      const partial = { members: options.members, propagation: propagation.result, latency, restart: restarted.result, memory };
      return {
        kind: workload.kind,
        objects: options.objects,
        samples: options.samples,
        lab: { ...labShape(options), nodesPerMember: labShape(options).nodes, ...(workload.kind === 'deployment' ? { replicasPerMember: options.replicasPerMember } : {}) },
        controllerManagerFlags: flags,
        createConcurrency: options.createConcurrency,
        environment: await load.environment(lab.state.binaries, build.fingerprint),
        durationSeconds: round((performance.now() - began) / 1000),
        raw,
        ...partial,
        deletion,
        targets: checkTargets(partial),
      };
    } finally {
      await cm.stop();
    }
  });
}

/**
 * runSweep compares controller-manager flag sets on propagation throughput alone, in one lab: for each variant the
 * raw limit at its member concurrency (measured once per concurrency), then a fresh controller-manager propagating N
 * objects, then the namespace deleted.
 */
export async function runSweep(options: BenchOptions, log: (line: string) => void, signal: AbortSignal): Promise<SweepResult> {
  const load = new LoadWatch();
  await load.noteOtherProcesses();
  const workload = workloadFor(options);
  return withLab(options, log, signal, async (lab) => {
    const context: PhaseContext = { lab, workload, objects: options.objects, timeoutMs: options.timeoutMs, log, cpu: new CpuMeter(lab.state) };
    const rawByConcurrency = new Map<number, RawResult>();
    const build = await snapshotBuild(lab.directory, options.build);
    log(`controller-manager build ${build.fingerprint}, copied to ${build.main}`);
    const rows: SweepRow[] = [];
    for (const [index, variant] of (options.sweep ?? [{}]).entries()) {
      signal.throwIfAborted();
      const flags = controllerManagerFlags(options, workload.controllers, variant);
      const concurrency = Number(flagValue(flags, 'member-concurrency'));
      log(`sweep ${index + 1}/${options.sweep?.length ?? 1}: ${describeVariant(variant)}`);
      let raw = rawByConcurrency.get(concurrency);
      if (!raw) {
        raw = await measureRaw(context, concurrency, false);
        rawByConcurrency.set(concurrency, raw);
      }
      const cm = await ControllerManagerProcess.start(build.main, lab.state, flags, path.join(lab.directory, 'logs', `bench-controller-manager-${index}.log`));
      try {
        await cm.waitReady(options.timeoutMs);
        const run = await measurePropagation(context, cm, {
          namespace: `bench-sweep-${index}`,
          createConcurrency: options.createConcurrency,
          rawObjectsPerSecond: raw.objectsPerSecond,
          profileDirectory: options.profile,
          label: `sweep-${index}`,
        });
        rows.push({ variant: describeVariant(variant), flags, raw: raw[raw.best], propagation: run.result });
        await measureDeletion(context, cm, run.namespace, run.trackers);
      } finally {
        await cm.stop();
      }
    }
    return { kind: workload.kind, objects: options.objects, members: options.members, environment: await load.environment(lab.state.binaries, build.fingerprint), rows };
  });
}
