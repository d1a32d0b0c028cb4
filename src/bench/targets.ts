// The targets of issues 7 and 17, checked against a run's figures. Pure.
import type { BenchResult, TargetCheck } from './results.js';

export const targets = {
  /** Propagation throughput at least this fraction of the raw member write limit. */
  throughputRatio: 0.8,
  /** p99 single-object latency below this, with 3 members. */
  p99Ms: 150,
  /** Writes on a restart with everything in sync. */
  restartWrites: 0,
  /** RSS growth per managed (object × cluster). */
  residentBytesPerCopy: 2048,
  /** Propagation throughput at least this fraction of the necessary-work limit (issue 17). */
  necessaryRatio: 0.8,
  /** Controller CPU per (object × member) at most this many times the raw client's CPU per write (issue 17). */
  cpuPerCopyToClient: 1.5,
} as const;

const fixed = (value: number | undefined, digits: number): string => (value === undefined ? 'n/a' : value.toFixed(digits));

export function checkTargets(result: Pick<BenchResult, 'members' | 'propagation' | 'latency' | 'restart' | 'memory' | 'limits'>): TargetCheck[] {
  const ratio = result.propagation.ratioToRaw;
  const membersNote = result.members === 3 ? undefined : `the target is stated for 3 members; this run has ${result.members}`;
  const restartWrites = result.restart.writes.members + result.restart.writes.federation;
  const perCopy = result.memory.residentBytesPerCopy;
  return [
    {
      name: 'propagation throughput / raw write limit',
      target: `>= ${targets.throughputRatio}`,
      value: fixed(ratio, 2),
      met: ratio === undefined ? undefined : ratio >= targets.throughputRatio,
    },
    {
      name: 'create latency p99',
      target: `< ${targets.p99Ms} ms`,
      value: `${fixed(result.latency.create.p99, 1)} ms`,
      met: result.latency.create.p99 < targets.p99Ms,
      ...(membersNote ? { note: membersNote } : {}),
    },
    {
      name: 'update latency p99',
      target: `< ${targets.p99Ms} ms`,
      value: `${fixed(result.latency.update.p99, 1)} ms`,
      met: result.latency.update.p99 < targets.p99Ms,
      ...(membersNote ? { note: membersNote } : {}),
    },
    {
      name: 'writes on restart (members + federation)',
      target: `= ${targets.restartWrites}`,
      value: String(restartWrites),
      met: restartWrites === targets.restartWrites,
    },
    {
      name: 'RSS growth per (object x cluster)',
      target: `< ${targets.residentBytesPerCopy} B`,
      value: `${fixed(perCopy, 0)} B`,
      met: perCopy < targets.residentBytesPerCopy,
      note:
        result.memory.restartedResidentBytesPerCopy === undefined
          ? undefined
          : `a fresh process holding the same objects: ${fixed(result.memory.restartedResidentBytesPerCopy, 0)} B`,
    },
    {
      name: 'propagation throughput / necessary-work limit',
      target: `>= ${targets.necessaryRatio}`,
      value: fixed(result.limits.ratioToNecessary, 2),
      met: result.limits.ratioToNecessary === undefined ? undefined : result.limits.ratioToNecessary >= targets.necessaryRatio,
    },
    {
      name: 'controller CPU per (object x member) / raw client CPU per write',
      target: `<= ${targets.cpuPerCopyToClient}`,
      value: fixed(result.limits.controllerCpuToClientCpu, 2),
      met: result.limits.controllerCpuToClientCpu === undefined ? undefined : result.limits.controllerCpuToClientCpu <= targets.cpuPerCopyToClient,
      note: `${fixed(result.limits.controllerCpuMsPerCopy, 3)} ms against ${fixed(result.limits.rawClientCpuMsPerWrite, 3)} ms`,
    },
  ];
}
