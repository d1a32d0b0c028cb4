// Where a phase's CPU went across the whole machine: every lab process, the controller-manager and the benchmark
// itself, read from /proc before and after. On a 2-core machine everything shares the same two cores.
import { readFile } from 'node:fs/promises';
import type { LabState } from '../cli/lab/index.js';
import { cpuSecondsFromStat } from './proc.js';

/** The groups CPU is reported in. */
export type CpuGroup = 'federation apiserver' | 'member apiservers' | 'etcd' | 'lab controllers' | 'kubefed controller-manager' | 'benchmark client';

export type CpuBudget = Partial<Record<CpuGroup, number>>;

/** Every group, in the order tables show them. */
export const cpuGroups: readonly CpuGroup[] = ['federation apiserver', 'member apiservers', 'etcd', 'lab controllers', 'kubefed controller-manager', 'benchmark client'];

interface Process {
  group: CpuGroup;
  pid: number;
}

/** groupOf places a lab component in a group: API servers by role, etcd, and everything else that runs the clusters. */
export function groupOf(role: 'federation' | 'member' | undefined, component: string): CpuGroup {
  if (component === 'etcd') {
    return 'etcd';
  }
  if (component === 'kube-apiserver') {
    return role === 'federation' ? 'federation apiserver' : 'member apiservers';
  }
  return 'lab controllers';
}

/** subtract is after − before per group, dropping groups that did not run. */
export function subtract(after: CpuBudget, before: CpuBudget): CpuBudget {
  const result: CpuBudget = {};
  for (const [group, seconds] of Object.entries(after) as [CpuGroup, number][]) {
    result[group] = Math.round((seconds - (before[group] ?? 0)) * 100) / 100;
  }
  return result;
}

export function total(budget: CpuBudget): number {
  return Object.values(budget).reduce((sum, seconds) => sum + (seconds ?? 0), 0);
}

/** CpuMeter reads the CPU time of the lab's processes, a controller-manager (when given) and this process. */
export class CpuMeter {
  readonly #processes: Process[];

  constructor(state: LabState) {
    this.#processes = [
      ...(state.etcd ? [{ group: 'etcd' as const, pid: state.etcd.pid }] : []),
      ...state.clusters.flatMap((cluster) => cluster.components.map((component) => ({ group: groupOf(cluster.role, component.component), pid: component.pid }))),
    ];
  }

  async read(controllerManagerPid?: number): Promise<CpuBudget> {
    const budget: CpuBudget = {};
    const add = (group: CpuGroup, seconds: number) => (budget[group] = (budget[group] ?? 0) + seconds);
    const processes = controllerManagerPid === undefined ? this.#processes : [...this.#processes, { group: 'kubefed controller-manager' as const, pid: controllerManagerPid }];
    await Promise.all(
      processes.map(async ({ group, pid }) => {
        try {
          add(group, cpuSecondsFromStat(await readFile(`/proc/${pid}/stat`, 'utf8')));
        } catch {
          add(group, 0);
        }
      }),
    );
    const own = process.cpuUsage();
    add('benchmark client', (own.user + own.system) / 1e6);
    return budget;
  }
}
