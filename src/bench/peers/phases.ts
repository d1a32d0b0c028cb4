// The phases every system goes through, written against SystemUnderTest alone: propagation of N objects, a restart
// with everything in sync, and single-object latency. Times come from the members' own watches, as for kubefed.
import { setTimeout as sleep } from 'node:timers/promises';
import type { KubeObject } from '../../core/objects.js';
import { collectionPath, objectPath } from '../../kube/resources.js';
import { type PhaseContext, round, startTrackers, stopTrackers } from '../context.js';
import { subtract } from '../cpu-budget.js';
import { createNamespace, waitNamespace } from '../namespaces.js';
import { runPool } from '../pool.js';
import { roundSummary, summarize } from '../statistics.js';
import { type Tracker, untilAll } from '../tracker.js';
import { isRolledOut, objectName } from '../workload.js';
import { scrapeWrites, sumWrites, tallyDelta, type WriteTally } from './apiserver-writes.js';
import { cpuByProcess, cpuDelta, cpuTotal, waitSettled } from './meter.js';
import type { SystemProcess } from './process.js';
import type { PeerLatency, PeerPropagation, PeerRestart } from './results.js';
import { apply } from './setup.js';
import type { SystemUnderTest } from './system.js';
import { errorMessage } from '../../kube/errors.js';

/** After settling, writes are still counted this long on a restart: a delayed requeue that writes shows up. */
export const restartHoldMs = 10_000;
const sampleTimeoutMs = 60_000;
const maximumSampleFailures = 5;
const pauseMs = 50;

/** guard settles like work unless one of the system's processes exits first. */
export function guard<T>(processes: readonly SystemProcess[], work: Promise<T>): Promise<T> {
  return processes.reduce((guarded, process) => process.guard(guarded), work);
}

/** prepareNamespace creates a namespace with the system's per-namespace objects and waits until every member has it. */
export async function prepareNamespace(context: PhaseContext, system: SystemUnderTest, namespace: string): Promise<void> {
  const { lab, timeoutMs } = context;
  await createNamespace(lab.federation.writer, namespace);
  await apply(lab.federation.writer, system.namespaceObjects(namespace));
  await guard(system.processes(), waitNamespace([lab.federation.writer, ...lab.members.map((member) => member.writer)], namespace, true, timeoutMs));
}

/** warmUp propagates one object first: a member's first object of a type starts informers in some systems. */
export async function warmUp(context: PhaseContext, system: SystemUnderTest): Promise<void> {
  const namespace = 'bench-warmup';
  await prepareNamespace(context, system, namespace);
  const trackers = await startTrackers(context, context.lab.members, namespace);
  try {
    await context.lab.federation.writer.request({ method: 'POST', path: collectionPath(system.federatedType, namespace), body: system.federatedObject(namespace, 0) });
    await guard(system.processes(), untilAll(trackers, (tracker) => tracker.size >= 1, context.timeoutMs, 'the warm-up object'));
  } finally {
    await stopTrackers(trackers);
  }
}

const membersOnly = (federation: string) => (cluster: string) => cluster !== federation;

export interface PropagationOutcome {
  result?: PeerPropagation;
  /** Copies the members had when the phase ended (all of them unless it failed). */
  copies: number;
  error?: Error;
}

export async function measurePeerPropagation(context: PhaseContext, system: SystemUnderTest, createConcurrency: number): Promise<PropagationOutcome> {
  const { lab, workload, objects, timeoutMs, log } = context;
  const namespace = 'bench-propagation';
  await prepareNamespace(context, system, namespace);
  const trackers = await startTrackers(context, lab.members, namespace);
  try {
    await waitSettled(() => system.processes(), timeoutMs);
    const writesBefore = await scrapeWrites(lab);
    const cpuBefore = await cpuByProcess(system.processes());
    const labBefore = await context.cpu.read();
    log(`propagation: creating ${objects} ${system.federatedType.kind}s, ${createConcurrency} at a time`);
    const started = performance.now();
    const creates = await runPool(
      Array.from({ length: objects }, (_, index) => system.federatedObject(namespace, index)),
      createConcurrency,
      (object) => lab.federation.writer.request({ method: 'POST', path: collectionPath(system.federatedType, namespace), body: object }),
    );
    const federationAcceptMs = performance.now() - started;
    if (creates.failures > 0) {
      throw new Error(`${creates.failures} federated creates failed, e.g. ${creates.sampleErrors[0]}`);
    }
    log(`propagation: the federation accepted them in ${round(federationAcceptMs)} ms; waiting for ${objects * lab.members.length} member copies`);
    await guard(system.processes(), untilAll(trackers, (tracker) => tracker.size >= objects, timeoutMs, `${objects} propagated copies`));
    const labCpu = subtract(await context.cpu.read(), labBefore);
    const perMemberMs = Object.fromEntries(trackers.map((tracker) => [tracker.cluster, round(Math.max(...tracker.firstSeen.values()) - started)]));
    const allCopiesMs = Math.max(...Object.values(perMemberMs));
    log(`propagation: all copies after ${round(allCopiesMs)} ms (${round((objects * 1000) / allCopiesMs)} objects/s); waiting for the system to settle`);
    const settledAt = await waitSettled(() => system.processes(), timeoutMs);
    const cpu = cpuDelta(await cpuByProcess(system.processes()), cpuBefore);
    const writes = tallyDelta(await scrapeWrites(lab), writesBefore);
    const federation = lab.federation.name;
    const result: PeerPropagation = {
      federationAcceptMs: round(federationAcceptMs),
      allCopiesMs: round(allCopiesMs),
      perMemberMs,
      objectsPerSecond: round((objects * 1000) / allCopiesMs),
      settledMs: round(Math.max(settledAt, started) - started),
      cpu,
      cpuSecondsPer1000Objects: round(cpuTotal(cpu) / (objects / 1000), 2),
      labCpu,
      writes,
      federationWritesPerObject: round(sumWrites(writes, { clusters: (cluster) => cluster === federation }) / objects, 2),
      // In members only the kind's own writes are the system's; pods, replica sets and events there are the members' doing.
      memberWritesPerObject: round(sumWrites(writes, { clusters: membersOnly(federation), resources: (resource) => resource === workload.type.plural }) / objects, 2),
    };
    log(`propagation: settled after ${result.settledMs} ms; ${result.cpuSecondsPer1000Objects} CPU s per 1000 objects`);
    return { result, copies: objects * lab.members.length };
  } catch (error) {
    return { copies: trackers.reduce((sum, tracker) => sum + tracker.size, 0), error: error as Error };
  } finally {
    await stopTrackers(trackers);
  }
}

/** leaderElectionSelection tells the leader election's writes from the rest. */
function isLeaderElection(system: SystemUnderTest) {
  return (resource: string, cluster: string): boolean => system.leaderElectionWrites.some((entry) => entry.cluster === cluster && entry.resource === resource);
}

export async function measurePeerRestart(context: PhaseContext, system: SystemUnderTest): Promise<PeerRestart> {
  const { lab, timeoutMs, log } = context;
  await waitSettled(() => system.processes(), timeoutMs);
  await system.stopControllers();
  log('restart: controllers stopped, starting them again');
  const before = await scrapeWrites(lab);
  const started = performance.now();
  await system.startControllers();
  const readyMs = performance.now() - started;
  const settledAt = await waitSettled(() => system.processes(), timeoutMs);
  await sleep(Math.max(0, settledAt + restartHoldMs - performance.now()));
  const tally: WriteTally = tallyDelta(await scrapeWrites(lab), before);
  const leaderElection = isLeaderElection(system);
  const result: PeerRestart = {
    readyMs: round(readyMs),
    settledMs: round(Math.max(0, settledAt - started)),
    observedMs: round(performance.now() - started),
    writes: sumWrites(tally, { resources: (resource, cluster) => !leaderElection(resource, cluster) }),
    leaderElectionWrites: sumWrites(tally, { resources: leaderElection }),
    tally,
  };
  log(`restart: running after ${result.readyMs} ms, settled after ${result.settledMs} ms, ${result.writes} writes (+${result.leaderElectionWrites} leader election)`);
  return result;
}

export async function measurePeerLatency(context: PhaseContext, system: SystemUnderTest, samples: number): Promise<PeerLatency> {
  const { lab, workload, timeoutMs, log } = context;
  const namespace = 'bench-latency';
  const federation = lab.federation.writer;
  await prepareNamespace(context, system, namespace);
  const members = await startTrackers(context, lab.members, namespace);
  const raw: Record<'create' | 'update' | 'delete', number[]> = { create: [], update: [], delete: [] };
  let failures = 0;
  // Deployments: the next step waits until every member has rolled the change out, so the system really is idle.
  const rolledOut = async (name: string, revision: number): Promise<void> => {
    if (workload.kind !== 'deployment') {
      return;
    }
    const done = (tracker: Tracker): boolean => {
      const copy = tracker.get(name);
      return copy !== undefined && workload.revisionOf(copy) === revision && isRolledOut(copy);
    };
    await guard(system.processes(), untilAll(members, done, sampleTimeoutMs, `${name} rolled out`));
  };
  const latest = (at: (tracker: Tracker) => number | undefined): number => Math.max(...members.map((tracker) => at(tracker) ?? Infinity));
  try {
    await waitSettled(() => system.processes(), timeoutMs);
    log(`latency: ${samples} samples each of create, update and delete, one object at a time`);
    for (let index = 0; index < samples; index++) {
      const name = objectName(index);
      try {
        let started = performance.now();
        await federation.request<KubeObject>({ method: 'POST', path: collectionPath(system.federatedType, namespace), body: system.federatedObject(namespace, index) });
        await guard(system.processes(), untilAll(members, (tracker) => tracker.revisions.get(name)?.has(0) ?? false, sampleTimeoutMs, `${name} created`));
        raw.create.push(latest((tracker) => tracker.revisions.get(name)?.get(0)) - started);
        await rolledOut(name, 0);

        started = performance.now();
        await federation.request({
          method: 'PATCH',
          path: objectPath(system.federatedType, namespace, name),
          contentType: 'application/merge-patch+json',
          body: system.revisionPatch(1),
        });
        await guard(system.processes(), untilAll(members, (tracker) => tracker.revisions.get(name)?.has(1) ?? false, sampleTimeoutMs, `${name} updated`));
        raw.update.push(latest((tracker) => tracker.revisions.get(name)?.get(1)) - started);
        await rolledOut(name, 1);

        started = performance.now();
        await federation.request({ method: 'DELETE', path: objectPath(system.federatedType, namespace, name) });
        await guard(system.processes(), untilAll(members, (tracker) => tracker.deleted.has(name), sampleTimeoutMs, `${name} deleted`));
        raw.delete.push(latest((tracker) => tracker.deleted.get(name)) - started);
        // The next sample starts once every member shows the delete. Waiting for the federated object itself to go
        // would time only KubeFed v2's RetryDelay: it re-checks a deleted object's members 10 s later before it drops
        // its finalizer, idle meanwhile.
      } catch (error) {
        if (system.processes().some((process) => !process.running)) {
          throw error;
        }
        failures += 1;
        log(`latency: sample ${index} failed: ${errorMessage(error)}`);
        if (failures >= maximumSampleFailures) {
          throw new Error(`${failures} samples failed, the last: ${errorMessage(error)}`, { cause: error });
        }
      }
      await sleep(pauseMs);
    }
  } finally {
    await stopTrackers(members);
  }
  const rounded = (values: number[]) => values.map((value) => round(value, 2));
  const result: PeerLatency = {
    samples,
    failures,
    create: roundSummary(summarize(raw.create)),
    update: roundSummary(summarize(raw.update)),
    delete: roundSummary(summarize(raw.delete)),
    raw: { create: rounded(raw.create), update: rounded(raw.update), delete: rounded(raw.delete) },
  };
  log(`latency: create p50 ${result.create.p50} p99 ${result.create.p99} ms; update p50 ${result.update.p50} p99 ${result.update.p99} ms; delete p50 ${result.delete.p50} p99 ${result.delete.p99} ms`);
  return result;
}
