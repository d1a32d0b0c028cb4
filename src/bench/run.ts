// One full benchmark run: raw limit, propagation, memory, restart, latency and deletion, on a lab of its own.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { snapshotBuild } from './build-snapshot.js';
import { type PhaseContext, round } from './context.js';
import { ControllerManagerProcess, type MemoryReading } from './controller-manager.js';
import { CpuMeter } from './cpu-budget.js';
import { measureDeletion } from './deletion.js';
import { LoadWatch } from './environment.js';
import { measureLatency } from './latency.js';
import { type BenchOptions, controllerManagerFlags } from './options.js';
import { runtimeEnvironment } from '../daemon/config/runtime.js';
import { measurePropagation, quietWindowMs } from './propagation.js';
import { compareWithLimits } from './limits.js';
import { measureNecessary } from './necessary.js';
import { measureRaw } from './raw.js';
import { measureRestart } from './restart.js';
import type { BenchResult, MemoryFigures, MemoryResult } from './results.js';
import { checkTargets } from './targets.js';
import { labShape, withLab, workloadFor } from './with-lab.js';

const idleReadingDelayMs = 60_000;

const figures = (reading: MemoryReading): MemoryFigures => ({
  residentBytes: reading.residentBytes,
  heapUsedBytes: reading.heapUsedBytes,
  ...(reading.breakdown ? { breakdown: reading.breakdown } : {}),
});
const mebibytes = (bytes: number | undefined): string => (bytes === undefined ? '?' : (bytes / 2 ** 20).toFixed(1));
/** described says where the resident memory of a reading is: anonymous (heaps, malloc), V8's committed and used heap, external. */
const described = (reading: MemoryReading): string => {
  const { breakdown } = reading;
  return breakdown
    ? `RSS ${mebibytes(reading.residentBytes)} MiB (anonymous ${mebibytes(breakdown.anonymousBytes)}; V8 heap committed ${mebibytes(breakdown.heapCommittedBytes)}, used ${mebibytes(reading.heapUsedBytes)}; external ${mebibytes(breakdown.externalBytes)})`
    : `RSS ${mebibytes(reading.residentBytes)} MiB, heap ${mebibytes(reading.heapUsedBytes)} MiB`;
};

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
    raw.necessary = await measureNecessary(context, options);
    signal.throwIfAborted();

    const flags = controllerManagerFlags(options, workload.controllers);
    const environment = runtimeEnvironment();
    log(
      environment.LD_PRELOAD === undefined
        ? 'controller-manager allocator: glibc malloc, unlike the image: jemalloc is not installed here (apt-get install libjemalloc2)'
        : `controller-manager allocator: jemalloc (${environment.LD_PRELOAD}, MALLOC_CONF=${environment.MALLOC_CONF})`,
    );
    const logFile = path.join(lab.directory, 'logs', 'bench-controller-manager.log');
    const start = (): ControllerManagerProcess => ControllerManagerProcess.start(build.main, lab.state, flags, logFile);
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
    let cm = start();
    try {
      const readyMs = await cm.waitReady(options.timeoutMs);
      await cm.waitQuiet(quietWindowMs, options.timeoutMs);
      const baseline = await cm.memory(true);
      await snapshot(cm, 'baseline');
      log(`controller-manager ready after ${round(readyMs)} ms; baseline ${described(baseline)}`);

      const propagation = await measurePropagation(context, cm, {
        namespace: 'bench-propagation',
        createConcurrency: options.createConcurrency,
        rawObjectsPerSecond: raw.objectsPerSecond,
        necessaryObjectsPerSecond: raw.necessary.objectsPerSecond,
        profileDirectory: options.profile,
      });
      const steady = await cm.memory(true);
      const peak = await cm.memoryStatus();
      // V8 and the allocator hand memory back lazily: the same reading after a minute of idling.
      await sleep(idleReadingDelayMs);
      const steadyIdle = await cm.memory(true);
      log(`steady state: ${described(steady)}; after ${idleReadingDelayMs / 1000} s idle ${described(steadyIdle)}`);
      const steadySnapshot = await snapshot(cm, 'steady');
      if (steadySnapshot) {
        propagation.result.profile = { ...(propagation.result.profile ?? { cpuProfile: '' }), heapSnapshot: steadySnapshot };
      }
      signal.throwIfAborted();

      const restarted = await measureRestart(context, cm, start);
      cm = restarted.cm;
      const fresh = await cm.memory(true);
      log(`fresh process: ${described(fresh)}`);
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
      const limits = compareWithLimits(raw, raw.necessary, propagation.result, options.objects, options.members);
      const partial = { members: options.members, propagation: propagation.result, latency, restart: restarted.result, memory, limits };
      return {
        kind: workload.kind,
        objects: options.objects,
        samples: options.samples,
        lab: { ...labShape(options), nodesPerMember: labShape(options).nodes, ...(workload.kind === 'deployment' ? { replicasPerMember: options.replicasPerMember } : {}) },
        controllerManagerFlags: flags,
        controllerManagerEnvironment: environment,
        createConcurrency: options.createConcurrency,
        environment: load.environment(lab.state.binaries, build.fingerprint),
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
