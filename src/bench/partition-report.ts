// --partition: what the phase measures, and the table it prints. Pure.
import { table } from './report.js';
import type { Environment } from './results.js';
import type { Summary } from './statistics.js';

/** One leg of the comparison: N objects created at once, then create latency one object at a time. */
export interface PartitionLeg {
  /** direct: Clusters joined straight to the API servers; proxy: through the member proxies; partitioned: one member cut off. */
  readonly name: 'direct' | 'proxy' | 'partitioned';
  /** The members whose copies were awaited (all, or the healthy ones). */
  readonly members: readonly string[];
  readonly allCopiesMs: number;
  readonly objectsPerSecond: number;
  readonly perMemberMs: Readonly<Record<string, number>>;
  /** Milliseconds from the federation create to the copy in every awaited member. */
  readonly create: Summary;
}

export interface PartitionResult {
  readonly kind: string;
  readonly objects: number;
  readonly samples: number;
  readonly members: number;
  readonly partitionedMember: string;
  readonly controllerManagerFlags: readonly string[];
  readonly legs: readonly PartitionLeg[];
  /** When the partitioned member was declared not Ready, from the partition (undefined: not within the leg). */
  readonly declaredNotReadyMs?: number;
  /** From `lab heal` to every object of the partitioned leg in the healed member. */
  readonly healConvergedMs: number;
  readonly environment: Environment;
  readonly durationSeconds: number;
}

/** Ratios of a leg to a baseline leg: above 1 for throughput, below 1 for latency, means the leg is better. */
export interface LegComparison {
  readonly leg: string;
  readonly baseline: string;
  readonly throughput: number;
  readonly createP99: number;
}

export function compareLegs(leg: PartitionLeg, baseline: PartitionLeg): LegComparison {
  return {
    leg: leg.name,
    baseline: baseline.name,
    throughput: leg.objectsPerSecond / baseline.objectsPerSecond,
    createP99: leg.create.p99 / baseline.create.p99,
  };
}

/** The issue's target: partitioned throughput and create p99 within 1.25x of all-healthy (through the same proxies). */
export const partitionTarget = 1.25;

export function meetsTarget(comparison: LegComparison): boolean {
  return comparison.throughput >= 1 / partitionTarget && comparison.createP99 <= partitionTarget;
}

export function renderPartition(result: PartitionResult): string[] {
  const legs = Object.fromEntries(result.legs.map((leg) => [leg.name, leg]));
  const comparisons = [
    ...(legs.proxy && legs.direct ? [compareLegs(legs.proxy, legs.direct)] : []),
    ...(legs.partitioned && legs.proxy ? [compareLegs(legs.partitioned, legs.proxy)] : []),
  ];
  const seconds = (value: number) => `${(value / 1000).toFixed(2)} s`;
  return [
    `kubefed benchmark --partition: ${result.objects} ${result.kind}s x ${result.members} members, ${result.samples} create samples per leg; ` +
      `${result.partitionedMember} partitioned in the last leg; ${result.environment.date}, load peak ${result.environment.loadAveragePeak.toFixed(2)}`,
    '',
    ...table([
      ['leg', 'copies awaited in', 'all copies', 'obj/s', 'create p50 ms', 'create p99 ms', 'create max ms'],
      ...result.legs.map((leg) => [
        leg.name,
        leg.members.join(','),
        seconds(leg.allCopiesMs),
        leg.objectsPerSecond.toFixed(1),
        leg.create.p50.toFixed(1),
        leg.create.p99.toFixed(1),
        leg.create.max.toFixed(1),
      ]),
    ]),
    '',
    ...table([
      ['comparison', 'throughput ratio', 'create p99 ratio', `within ${partitionTarget}x`],
      ...comparisons.map((comparison) => [
        `${comparison.leg} / ${comparison.baseline}`,
        comparison.throughput.toFixed(2),
        comparison.createP99.toFixed(2),
        meetsTarget(comparison) ? 'yes' : 'no',
      ]),
    ]),
    '',
    `${result.partitionedMember} declared not Ready ${result.declaredNotReadyMs === undefined ? 'not during the partitioned leg' : `${seconds(result.declaredNotReadyMs)} after the partition`}; ` +
      `converged ${seconds(result.healConvergedMs)} after lab heal`,
  ];
}
