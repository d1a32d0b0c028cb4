// kubefed against the two yardsticks of the same run, and the cost per copy across member counts. Pure.
import { type CpuBudget, total } from './cpu-budget.js';
import type { LimitComparison, MemberSweepRow, NecessaryRun, PropagationResult, RawResult } from './results.js';
import { perUnit, ratio } from './statistics.js';

const rounded = (value: number | undefined, digits: number): number | undefined => (value === undefined ? undefined : Math.round(value * 10 ** digits) / 10 ** digits);

/** clientCpuMsPerWrite is the benchmark process's own CPU (its "benchmark client" group) per write, in milliseconds. */
export function clientCpuMsPerWrite(cpu: CpuBudget, writes: number): number {
  return rounded(perUnit((cpu['benchmark client'] ?? 0) * 1000, writes), 4) ?? 0;
}

/** cpuRatio is the necessary work's machine CPU per object over kubefed's: what the throughput ratio would be if CPU-bound. */
export function cpuRatio(necessary: Pick<NecessaryRun, 'cpuMsPerObject'>, propagation: Pick<PropagationResult, 'cpuMsPerObject'>): number | undefined {
  return rounded(ratio(necessary.cpuMsPerObject, propagation.cpuMsPerObject), 3);
}

/**
 * compareWithLimits sets kubefed's propagation beside the raw member write limit and the necessary-work limit, and
 * its CPU per (object × member), first create until idle, beside the raw POST client's own CPU per write.
 */
export function compareWithLimits(
  raw: Pick<RawResult, 'objectsPerSecond' | 'create'>,
  necessary: Pick<NecessaryRun, 'objectsPerSecond' | 'cpuMsPerObject'> | undefined,
  propagation: Pick<PropagationResult, 'objectsPerSecond' | 'cpuSeconds' | 'cpuMsPerObject'>,
  objects: number,
  members: number,
): LimitComparison {
  const controllerCpuMsPerCopy = perUnit(propagation.cpuSeconds * 1000, objects * members);
  const rawClientCpuMsPerWrite = raw.create.clientCpuMsPerWrite;
  return {
    kubefedObjectsPerSecond: propagation.objectsPerSecond,
    rawObjectsPerSecond: raw.objectsPerSecond,
    ...(necessary ? { necessaryObjectsPerSecond: necessary.objectsPerSecond } : {}),
    ratioToRaw: rounded(ratio(propagation.objectsPerSecond, raw.objectsPerSecond), 3),
    ratioToNecessary: necessary ? rounded(ratio(propagation.objectsPerSecond, necessary.objectsPerSecond), 3) : undefined,
    cpuRatioToNecessary: necessary ? cpuRatio(necessary, propagation) : undefined,
    rawClientCpuMsPerWrite,
    controllerCpuMsPerCopy: rounded(controllerCpuMsPerCopy, 4),
    controllerCpuToClientCpu: controllerCpuMsPerCopy === undefined ? undefined : rounded(ratio(controllerCpuMsPerCopy, rawClientCpuMsPerWrite), 2),
  };
}

/** The spread of one per-copy figure over the member counts in a range. */
export interface Spread {
  figure: string;
  from: number;
  to: number;
  smallest: number;
  largest: number;
  /** The figure at the fewest and at the most members in the range. */
  first?: number;
  last?: number;
  /** largest / smallest; undefined when the range holds fewer than two counts or a figure is not positive. */
  factor?: number;
  flat?: boolean;
  /** flat within the limit, else whether the figure at the most members is above or below the one at the fewest. */
  trend?: 'flat' | 'grows' | 'falls';
}

/**
 * spread says whether a per-copy figure stays within `limit` × (largest over smallest) for member counts in
 * [from, to] — the "flat within 1.25× from 3 to 10 members" — and, when it does not, which way it goes.
 */
export function spread(figure: string, points: readonly { members: number; value: number | undefined }[], from: number, to: number, limit: number): Spread {
  const inRange = points
    .filter((point): point is { members: number; value: number } => point.members >= from && point.members <= to && point.value !== undefined)
    .toSorted((a, b) => a.members - b.members);
  const values = inRange.map((point) => point.value);
  const smallest = values.length > 0 ? Math.min(...values) : 0;
  const largest = values.length > 0 ? Math.max(...values) : 0;
  const factor = values.length >= 2 && smallest > 0 ? rounded(largest / smallest, 2) : undefined;
  const first = values[0];
  const last = values.at(-1);
  // factor is defined only for two values or more, so first and last are too.
  if (factor === undefined || first === undefined || last === undefined) {
    return { figure, from, to, smallest, largest };
  }
  const flat = factor <= limit;
  return { figure, from, to, smallest, largest, first, last, factor, flat, trend: flat ? 'flat' : last > first ? 'grows' : 'falls' };
}

/** machineCpuMsPerCopy is every process's CPU from the first create until all copies existed, per (object × member). */
export function machineCpuMsPerCopy(row: Pick<MemberSweepRow, 'members' | 'propagation'>, objects: number): number | undefined {
  return rounded(perUnit(total(row.propagation.cpu) * 1000, objects * row.members), 4);
}
