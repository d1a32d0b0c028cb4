// --partition: propagation throughput and create latency with every member healthy (joined direct, then through the
// member proxies) and with one member partitioned, side by side in one lab and one run.
import path from 'node:path';
import { setMemberPath } from '../cli/lab/member-path.js';
import { joinLabMembers } from '../cli/lab/run-command.js';
import type { KubeObject } from '../core/objects.js';
import { collectionPath, clusters, objectPath } from '../kube/resources.js';
import { isClusterReady, type ClusterObject } from '../members/cluster.js';
import { snapshotBuild } from './build-snapshot.js';
import type { ClusterClients } from './bench-lab.js';
import { type PhaseContext, round, startTrackers, stopTrackers } from './context.js';
import { ControllerManagerProcess } from './controller-manager.js';
import { CpuMeter } from './cpu-budget.js';
import { LoadWatch } from './environment.js';
import { createNamespace, waitNamespace } from './namespaces.js';
import { type BenchOptions, controllerManagerFlags } from './options.js';
import type { PartitionLeg, PartitionResult } from './partition-report.js';
import { runPool } from './pool.js';
import { quietWindowMs } from './propagation.js';
import { rate, summarize } from './statistics.js';
import { untilAll } from './tracker.js';
import { withLab, workloadFor } from './with-lab.js';
import { objectName } from './workload.js';

const legs = ['direct', 'proxy', 'partitioned'] as const;
const sampleTimeoutMs = 120_000;

/** measureLeg creates N objects at once, awaits their copies in `members`, then times `samples` creates one at a time. */
async function measureLeg(context: PhaseContext, name: PartitionLeg['name'], members: readonly ClusterClients[], options: BenchOptions): Promise<PartitionLeg> {
  const { lab, workload, log } = context;
  const federation = lab.federation.writer;
  const bulk = `bench-${name}`;
  const trackers = await startTrackers(context, members, bulk);
  try {
    log(`${name}: creating ${options.objects} ${workload.kind}s, awaiting copies in ${members.map((member) => member.name).join(', ')}`);
    const started = performance.now();
    const creates = await runPool(
      Array.from({ length: options.objects }, (_, index) => workload.object(bulk, index)),
      options.createConcurrency,
      (object) => federation.request({ method: 'POST', path: collectionPath(workload.type, bulk), body: object }),
    );
    if (creates.failures > 0) {
      throw new Error(`${name}: ${creates.failures} federated creates failed, e.g. ${creates.sampleErrors[0]}`);
    }
    await untilAll(trackers, (tracker) => tracker.size >= options.objects, options.timeoutMs, `${options.objects} copies`);
    const perMemberMs = Object.fromEntries(trackers.map((tracker) => [tracker.cluster, round(Math.max(...tracker.firstSeen.values()) - started)]));
    const allCopiesMs = Math.max(...Object.values(perMemberMs));
    log(`${name}: all copies after ${round(allCopiesMs)} ms (${round(rate(options.objects, allCopiesMs))} objects/s)`);
    return { name, members: members.map((member) => member.name), allCopiesMs: round(allCopiesMs), objectsPerSecond: round(rate(options.objects, allCopiesMs)), perMemberMs, create: await createLatency(context, name, members, options.samples) };
  } finally {
    await stopTrackers(trackers);
  }
}

async function createLatency(context: PhaseContext, name: string, members: readonly ClusterClients[], samples: number): Promise<PartitionLeg['create']> {
  const { lab, workload } = context;
  const namespace = `bench-${name}-latency`;
  const trackers = await startTrackers(context, members, namespace);
  const times: number[] = [];
  try {
    for (let index = 0; index < samples; index++) {
      const object = objectName(index);
      const started = performance.now();
      await lab.federation.writer.request<KubeObject>({ method: 'POST', path: collectionPath(workload.type, namespace), body: workload.object(namespace, index) });
      await untilAll(trackers, (tracker) => tracker.firstSeen.has(object), sampleTimeoutMs, `${object} created`);
      times.push(Math.max(...trackers.map((tracker) => tracker.firstSeen.get(object) ?? Infinity)) - started);
    }
  } finally {
    await stopTrackers(trackers);
  }
  const summary = summarize(times);
  context.log(`${name}: create latency p50 ${round(summary.p50)} ms, p99 ${round(summary.p99)} ms over ${samples} samples`);
  return { ...summary, mean: round(summary.mean, 2), p50: round(summary.p50, 2), p95: round(summary.p95, 2), p99: round(summary.p99, 2), min: round(summary.min, 2), max: round(summary.max, 2) };
}

/** notReadyWatch polls the member's Cluster until it is not Ready and resolves with when that was first seen. */
function notReadyWatch(context: PhaseContext, member: string, since: number, stop: AbortSignal): Promise<number | undefined> {
  return (async () => {
    while (!stop.aborted) {
      const cluster = await context.lab.federation.writer.request<ClusterObject>({ path: objectPath(clusters, undefined, member) }).catch(() => undefined);
      if (cluster !== undefined && !isClusterReady(cluster)) {
        return performance.now() - since;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return undefined;
  })();
}

export async function runPartition(options: BenchOptions, log: (line: string) => void, signal: AbortSignal): Promise<PartitionResult> {
  const load = new LoadWatch();
  await load.noteOtherProcesses();
  const began = performance.now();
  const workload = workloadFor(options);
  return withLab(options, log, signal, async (lab) => {
    const build = await snapshotBuild(lab.directory, options.build);
    const context: PhaseContext = { lab, workload, objects: options.objects, timeoutMs: options.timeoutMs, log, cpu: new CpuMeter(lab.state) };
    const flags = controllerManagerFlags(options, workload.controllers);
    const partitioned = lab.members.at(-1) as ClusterClients;
    const healthy = lab.members.slice(0, -1);
    // Every namespace exists in every member before anything is cut off.
    const namespaces = legs.flatMap((leg) => [`bench-${leg}`, `bench-${leg}-latency`]);
    const start = async (index: number): Promise<ControllerManagerProcess> => {
      const cm = ControllerManagerProcess.start(build.main, lab.state, flags, path.join(lab.directory, 'logs', `bench-controller-manager-${index}.log`));
      await cm.waitReady(options.timeoutMs);
      return cm;
    };
    let cm = await start(0);
    try {
      for (const namespace of namespaces) {
        await createNamespace(lab.federation.writer, namespace);
      }
      for (const namespace of namespaces) {
        await waitNamespace([lab.federation.writer, ...lab.members.map((member) => member.writer)], namespace, true, options.timeoutMs);
      }
      await cm.waitQuiet(quietWindowMs, options.timeoutMs);
      const results: PartitionLeg[] = [await measureLeg(context, 'direct', lab.members, options)];
      signal.throwIfAborted();

      await cm.stop();
      log('proxy: joining the members through their proxies, and a fresh controller-manager');
      await joinLabMembers(lab.state, (line) => log(`join: ${line}`), { through: 'proxy' });
      cm = await start(1);
      await cm.waitQuiet(quietWindowMs, options.timeoutMs);
      results.push(await measureLeg(context, 'proxy', lab.members, options));
      await cm.waitQuiet(quietWindowMs, options.timeoutMs);
      signal.throwIfAborted();

      await setMemberPath(lab.directory, partitioned.name, { mode: 'partitioned' });
      const partitionedAt = performance.now();
      log(`partitioned: ${partitioned.name} partitioned`);
      const stopWatch = new AbortController();
      const declared = notReadyWatch(context, partitioned.name, partitionedAt, stopWatch.signal);
      try {
        results.push(await measureLeg(context, 'partitioned', healthy, options));
      } finally {
        stopWatch.abort();
      }
      const declaredNotReadyMs = await declared;

      const healedTrackers = await startTrackers(context, [partitioned], 'bench-partitioned');
      const healedAt = performance.now();
      await setMemberPath(lab.directory, partitioned.name, { mode: 'direct' });
      log(`heal: ${partitioned.name} healed; awaiting its ${options.objects} copies`);
      try {
        await untilAll(healedTrackers, (tracker) => tracker.size >= options.objects, options.timeoutMs, `${options.objects} copies after the heal`);
      } finally {
        await stopTrackers(healedTrackers);
      }
      const healConvergedMs = round(performance.now() - healedAt);
      return {
        kind: workload.kind,
        objects: options.objects,
        samples: options.samples,
        members: options.members,
        partitionedMember: partitioned.name,
        controllerManagerFlags: flags,
        legs: results,
        ...(declaredNotReadyMs === undefined ? {} : { declaredNotReadyMs: round(declaredNotReadyMs) }),
        healConvergedMs,
        environment: load.environment(lab.state.binaries, build.fingerprint),
        durationSeconds: round((performance.now() - began) / 1000),
      };
    } finally {
      await cm.stop();
    }
  });
}
