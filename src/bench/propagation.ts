// Phase 2: N objects created in the federation API server as fast as it takes them; the members' watches tell when
// all N×M copies exist. Also the controller-manager's CPU, writes and memory peaks while it works.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { collectionPath } from '../kube/resources.js';
import { type PhaseContext, round, startTrackers } from './context.js';
import { type ControllerManagerProcess, MemorySampler } from './controller-manager.js';
import { subtract, total } from './cpu-budget.js';
import { createNamespace, waitNamespace } from './namespaces.js';
import { runPool } from './pool.js';
import type { PropagationResult } from './results.js';
import { perUnit, rate, ratio } from './statistics.js';
import { type Tracker, untilAll } from './tracker.js';
import { isRolledOut } from './workload.js';
import { apiServerReadVerbs } from './prometheus.js';
import { apiServerSamples, counterDelta, requestCounts, writeCounts } from './writes.js';

export const quietWindowMs = 2_000;

export interface PropagationRun {
  result: PropagationResult;
  namespace: string;
  /** The members' trackers, still watching, for the deletion phase. */
  trackers: Tracker[];
  sampler: MemorySampler;
}

export interface PropagationOptions {
  namespace: string;
  createConcurrency: number;
  rawObjectsPerSecond: number;
  /** The necessary-work limit of the same run, when measured. */
  necessaryObjectsPerSecond?: number;
  profileDirectory?: string;
  label?: string;
}

export async function measurePropagation(context: PhaseContext, cm: ControllerManagerProcess, options: PropagationOptions): Promise<PropagationRun> {
  const { lab, workload, objects, timeoutMs, log } = context;
  const { namespace } = options;
  const federation = lab.federation.writer;
  await createNamespace(federation, namespace);
  await waitNamespace([federation, ...lab.members.map((member) => member.writer)], namespace, true, timeoutMs);
  const trackers = await startTrackers(context, lab.members, namespace);
  const statusTrackers = workload.kind === 'deployment' ? await startTrackers(context, [lab.federation], namespace, isRolledOut) : [];
  const sampler = new MemorySampler(cm);
  try {
    await cm.waitQuiet(quietWindowMs, timeoutMs);
    const before = await cm.metrics();
    const federationBefore = await apiServerSamples(lab.federation);
    const membersBefore = (await Promise.all(lab.members.map(apiServerSamples))).flat();
    const cpuBefore = await cm.cpuSeconds();
    const machineBefore = await context.cpu.read(cm.pid);
    const warningsBefore = cm.warningCount;
    sampler.start();
    if (options.profileDirectory) {
      await (await cm.inspector()).startCpuProfile();
    }
    log(`propagation: creating ${objects} ${workload.kind}s in the federation, ${options.createConcurrency} at a time`);
    const started = performance.now();
    const creates = await runPool(
      Array.from({ length: objects }, (_, index) => workload.object(namespace, index)),
      options.createConcurrency,
      (object) => federation.request({ method: 'POST', path: collectionPath(workload.type, namespace), body: object }),
    );
    const federationAcceptMs = performance.now() - started;
    if (creates.failures > 0) {
      throw new Error(`propagation: ${creates.failures} federated creates failed, e.g. ${creates.sampleErrors[0]}`);
    }
    const wanted = objects - creates.failures;
    log(`propagation: the federation accepted them in ${round(federationAcceptMs)} ms; waiting for ${wanted * lab.members.length} member copies`);
    await cm.guard(untilAll(trackers, (tracker) => tracker.size >= wanted, timeoutMs, `${wanted} propagated copies`));
    const machineAtCopies = await context.cpu.read(cm.pid);
    const perMemberMs = Object.fromEntries(trackers.map((tracker) => [tracker.cluster, round(Math.max(...tracker.firstSeen.values()) - started)]));
    const allCopiesMs = Math.max(...Object.values(perMemberMs));
    log(`propagation: all copies after ${round(allCopiesMs)} ms (${round(rate(wanted, allCopiesMs))} objects/s)`);
    let statusReadyMs: number | undefined;
    if (statusTrackers.length > 0) {
      await cm.guard(untilAll(statusTrackers, (tracker) => tracker.conditionMet.size >= wanted, timeoutMs, `${wanted} federated deployments reporting ready`));
      statusReadyMs = round(Math.max(...statusTrackers.flatMap((tracker) => [...tracker.conditionMet.values()])) - started);
      log(`propagation: every federated status reports all replicas ready after ${statusReadyMs} ms`);
    }
    const quietSince = await cm.waitQuiet(quietWindowMs, timeoutMs);
    const cpuAfter = await cm.cpuSeconds();
    const machineAfter = await context.cpu.read(cm.pid);
    const after = await cm.metrics();
    const federationAfter = await apiServerSamples(lab.federation);
    const membersAfter = (await Promise.all(lab.members.map(apiServerSamples))).flat();
    await sampler.stop();
    let profile: PropagationResult['profile'];
    if (options.profileDirectory) {
      const file = path.join(options.profileDirectory, `${workload.kind}${options.label ? `-${options.label}` : ''}-propagation.cpuprofile`);
      await writeFile(file, JSON.stringify(await (await cm.inspector()).stopCpuProfile()));
      profile = { cpuProfile: file };
      log(`propagation: CPU profile written to ${file}`);
    }
    const cpuSeconds = cpuAfter - cpuBefore;
    const objectsPerSecond = rate(wanted, allCopiesMs);
    const cpu = subtract(machineAtCopies, machineBefore);
    const result: PropagationResult = {
      federationAcceptMs: round(federationAcceptMs),
      createFailures: creates.failures,
      allCopiesMs: round(allCopiesMs),
      perMemberMs,
      objectsPerSecond: round(objectsPerSecond),
      ratioToRaw: roundMaybe(ratio(objectsPerSecond, options.rawObjectsPerSecond), 3),
      ...(options.necessaryObjectsPerSecond === undefined ? {} : { ratioToNecessary: roundMaybe(ratio(objectsPerSecond, options.necessaryObjectsPerSecond), 3) }),
      ...(statusReadyMs === undefined ? {} : { statusReadyMs }),
      settledMs: round(quietSince - started),
      cpuSeconds: round(cpuSeconds, 2),
      cpuSecondsPer1000Objects: roundMaybe(perUnit(cpuSeconds, wanted / 1000), 2),
      writes: { ...writeCounts(lab, before, after), federationByRequest: requestCounts(federationBefore, federationAfter) },
      reads: {
        federation: requestCounts(federationBefore, federationAfter, apiServerReadVerbs),
        members: requestCounts(membersBefore, membersAfter, apiServerReadVerbs),
      },
      reconciles: counterDelta(before, after, 'controller_runtime_reconcile_total'),
      reconcileErrors: counterDelta(before, after, 'controller_runtime_reconcile_errors_total'),
      memberWriteErrors: counterDelta(before, after, 'kubefed_member_write_errors_total'),
      eventsDropped: counterDelta(before, after, 'kubefed_events_dropped_total'),
      peakResidentBytes: sampler.peakResidentBytes,
      peakHeapUsedBytes: sampler.peakHeapUsedBytes,
      cpu,
      cpuMsPerObject: round((total(cpu) * 1000) / wanted, 2),
      cpuUntilSettled: subtract(machineAfter, machineBefore),
      warnings: cm.warningsSince(warningsBefore),
      ...(profile ? { profile } : {}),
    };
    return { result, namespace, trackers, sampler };
  } catch (error) {
    await sampler.stop();
    await Promise.all(trackers.map((tracker) => tracker.stop()));
    throw error;
  } finally {
    await Promise.all(statusTrackers.map((tracker) => tracker.stop()));
  }
}

export function roundMaybe(value: number | undefined, digits = 1): number | undefined {
  return value === undefined ? undefined : round(value, digits);
}
