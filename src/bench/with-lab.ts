// The lab a run works on: its shape for the kind benchmarked, started before and always stopped after the run.
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { type BenchLab, startBenchLab } from './bench-lab.js';
import type { BenchOptions } from './options.js';
import { configMapWorkload, deploymentWorkload, nodesForDeployments, type Workload } from './workload.js';
import { errorMessage } from '../kube/errors.js';

export function workloadFor(options: Pick<BenchOptions, 'kind' | 'members' | 'replicasPerMember'>): Workload {
  return options.kind === 'deployment' ? deploymentWorkload(options.members, options.replicasPerMember) : configMapWorkload;
}

export function labShape(options: BenchOptions): { workloads: boolean; nodes: number } {
  return options.kind === 'deployment'
    ? { workloads: true, nodes: nodesForDeployments(options.objects, options.replicasPerMember) }
    : { workloads: false, nodes: 0 };
}

/** withLab starts the bench lab, runs body, and always stops the lab (keeping the directory when body failed). */
export async function withLab<T>(options: BenchOptions, log: (line: string) => void, signal: AbortSignal, body: (lab: BenchLab) => Promise<T>): Promise<T> {
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
      await cp(path.join(lab.directory, 'logs'), options.keepLogs, { recursive: true }).catch((error: unknown) => log(`logs not kept: ${errorMessage(error)}`));
      log(`logs copied to ${options.keepLogs}`);
    }
    log(failed ? `stopping the lab; its logs stay in ${lab.directory}` : 'stopping the lab');
    await lab.close(failed);
  }
}
