// --sweep: controller-manager flag sets compared on propagation throughput alone, in one lab.
import path from 'node:path';
import { snapshotBuild } from './build-snapshot.js';
import type { PhaseContext } from './context.js';
import { ControllerManagerProcess } from './controller-manager.js';
import { CpuMeter } from './cpu-budget.js';
import { measureDeletion } from './deletion.js';
import { LoadWatch } from './environment.js';
import { type BenchOptions, controllerManagerFlags, describeVariant, flagValue } from './options.js';
import { measurePropagation } from './propagation.js';
import { measureRaw } from './raw.js';
import type { RawResult, SweepResult, SweepRow } from './results.js';
import { withLab, workloadFor } from './with-lab.js';

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
      const cm = ControllerManagerProcess.start(build.main, lab.state, flags, path.join(lab.directory, 'logs', `bench-controller-manager-${index}.log`));
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
    return { kind: workload.kind, objects: options.objects, members: options.members, environment: load.environment(lab.state.binaries, build.fingerprint), rows };
  });
}
