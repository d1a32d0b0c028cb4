// What every phase of a run shares.
import type { BenchLab, ClusterClients } from './bench-lab.js';
import type { CpuMeter } from './cpu-budget.js';
import type { KubeObject } from '../core/objects.js';
import type { Workload } from './workload.js';
import { Tracker } from './tracker.js';
import type { Summary } from './statistics.js';

export interface PhaseContext {
  readonly lab: BenchLab;
  readonly workload: Workload;
  readonly objects: number;
  readonly timeoutMs: number;
  readonly log: (line: string) => void;
  readonly cpu: CpuMeter;
}

/** trackers watches the workload's kind in one namespace of each given cluster and resolves once all are listing. */
export async function startTrackers(
  context: PhaseContext,
  clusters: readonly ClusterClients[],
  namespace: string,
  condition?: (object: KubeObject) => boolean,
): Promise<Tracker[]> {
  const trackers = clusters.map(
    (cluster) =>
      new Tracker({
        client: cluster.watcher,
        cluster: cluster.name,
        type: context.workload.type,
        namespace,
        revisionOf: context.workload.revisionOf,
        condition,
      }),
  );
  await Promise.all(trackers.map((tracker) => tracker.start()));
  return trackers;
}

export async function stopTrackers(trackers: readonly Tracker[]): Promise<void> {
  await Promise.all(trackers.map((tracker) => tracker.stop()));
}

/** round rounds a figure for reports. */
export const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** roundSummary rounds every figure of a summary to a tenth, for reports. */
export function roundSummary(summary: Summary): Summary {
  const { count, min, mean, p50, p95, p99, max } = summary;
  return { count: round(count), min: round(min), mean: round(mean), p50: round(p50), p95: round(p95), p99: round(p99), max: round(max) };
}
