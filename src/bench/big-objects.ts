// The big-objects scenario (issue 13): N ConfigMaps of about 900 KiB each propagate to every member, and the
// controller-manager's peak resident memory is set beside the memory limit the shipped manifests give it.
import { readPackageFile } from '../kube/package-files.js';
import { type PhaseContext, round, stopTrackers } from './context.js';
import { ControllerManagerProcess } from './controller-manager.js';
import { CpuMeter } from './cpu-budget.js';
import { snapshotBuild } from './build-snapshot.js';
import { type BenchOptions, controllerManagerFlags } from './options.js';
import { measurePropagation, quietWindowMs } from './propagation.js';
import { mebibytes, table } from './report.js';
import { withLab } from './with-lab.js';
import { configMapWorkload, type Workload } from './workload.js';
import path from 'node:path';

export interface BigObjectsResult {
  objects: number;
  bytesPerObject: number;
  members: number;
  allCopiesMs: number;
  baselineResidentBytes: number;
  peakResidentBytes: number;
  steadyResidentBytes: number;
  /** The controller-manager's memory limit in manifests/controller-manager/deployment.yaml. */
  memoryLimitBytes: number;
  withinLimit: boolean;
  controllerManagerFlags: string[];
  /** The manifests' NODE_OPTIONS, which the controller-manager ran with. */
  nodeOptions: string[];
}

const deploymentManifest = 'manifests/controller-manager/deployment.yaml';

/**
 * Creates in flight at most: 32 streams of 900 KiB on one HTTP/2 connection make the API server reset them
 * (NGHTTP2_ENHANCE_YOUR_CALM). The scenario measures the controller-manager, not how fast the bench can create.
 */
const bigCreateConcurrency = 4;

const binaryUnits: Record<string, number> = { '': 1, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 };

/** memoryLimitBytes reads the container's memory limit from a Deployment manifest (binary units, as ours uses). */
export function memoryLimitBytes(manifest: string): number {
  const match = /limits:\s*\n\s*memory:\s*(\d+)(Ki|Mi|Gi)?\s*$/m.exec(manifest);
  if (!match) {
    throw new Error(`no memory limit found in ${deploymentManifest}`);
  }
  return Number(match[1]) * (binaryUnits[match[2] ?? ''] ?? 1);
}

/** manifestNodeOptions reads the Node flags the Deployment sets in NODE_OPTIONS (its heap bound), so the run matches it. */
export function manifestNodeOptions(manifest: string): string[] {
  const match = /name:\s*NODE_OPTIONS\s*\n\s*value:\s*(.+)$/m.exec(manifest);
  return match?.[1]?.trim().split(/\s+/) ?? [];
}

/** bigConfigMapWorkload is the ConfigMap workload with a payload of kib KiB in each object. */
export function bigConfigMapWorkload(kib: number): Workload {
  const payload = 'b'.repeat(kib * 1024);
  return {
    ...configMapWorkload,
    object: (namespace, index) => {
      const object = configMapWorkload.object(namespace, index);
      return { ...object, data: { ...(object.data as Record<string, string>), payload } };
    },
  };
}

export async function runBigObjects(options: BenchOptions, log: (line: string) => void, signal: AbortSignal): Promise<BigObjectsResult> {
  const kib = options.bigObjectKiB ?? 900;
  const workload = bigConfigMapWorkload(kib);
  const manifest = readPackageFile(deploymentManifest);
  const limit = memoryLimitBytes(manifest);
  const nodeOptions = manifestNodeOptions(manifest);
  return withLab(options, log, signal, async (lab) => {
    const build = await snapshotBuild(lab.directory, options.build);
    const context: PhaseContext = { lab, workload, objects: options.objects, timeoutMs: options.timeoutMs, log, cpu: new CpuMeter(lab.state) };
    const flags = controllerManagerFlags(options, workload.controllers);
    const cm = ControllerManagerProcess.start(build.main, lab.state, flags, path.join(lab.directory, 'logs', 'bench-controller-manager.log'), nodeOptions);
    try {
      await cm.waitReady(options.timeoutMs);
      await cm.waitQuiet(quietWindowMs, options.timeoutMs);
      const baseline = await cm.memory(true);
      log(`big objects: ${options.objects} ConfigMaps of ${kib} KiB to ${options.members} members, node ${nodeOptions.join(' ')} (as the manifests); baseline RSS ${mebibytes(baseline.residentBytes)}`);
      const propagation = await measurePropagation(context, cm, { namespace: 'bench-big-objects', createConcurrency: Math.min(options.createConcurrency, bigCreateConcurrency), rawObjectsPerSecond: 0 });
      await stopTrackers(propagation.trackers);
      const steady = await cm.memory(true);
      const status = await cm.memoryStatus();
      const peak = Math.max(status.peakResidentBytes, propagation.result.peakResidentBytes, steady.peakResidentBytes);
      signal.throwIfAborted();
      return {
        objects: options.objects,
        bytesPerObject: kib * 1024,
        members: options.members,
        allCopiesMs: propagation.result.allCopiesMs,
        baselineResidentBytes: baseline.residentBytes,
        peakResidentBytes: peak,
        steadyResidentBytes: steady.residentBytes,
        memoryLimitBytes: limit,
        withinLimit: peak <= limit,
        controllerManagerFlags: flags,
        nodeOptions,
      };
    } finally {
      await cm.stop();
    }
  });
}

export function renderBigObjects(result: BigObjectsResult): string[] {
  return table([
    ['big objects', 'value'],
    ['objects × members', `${result.objects} × ${result.members} (${mebibytes(result.bytesPerObject)} each)`],
    ['all copies after', `${round(result.allCopiesMs / 1000, 1)} s`],
    ['RSS baseline', mebibytes(result.baselineResidentBytes)],
    ['RSS peak', mebibytes(result.peakResidentBytes)],
    ['RSS steady', mebibytes(result.steadyResidentBytes)],
    ['node options (manifests)', result.nodeOptions.join(' ')],
    ['memory limit (manifests)', mebibytes(result.memoryLimitBytes)],
    ['peak within limit', result.withinLimit ? 'yes' : 'NO'],
  ]);
}
