// Phase 3: single objects created, updated and deleted one at a time on an otherwise idle system; each sample is the
// time from sending the federation write to the members' watches showing the change in every member.
import { setTimeout as sleep } from 'node:timers/promises';
import { collectionPath, objectPath } from '../kube/resources.js';
import { type PhaseContext, round, startTrackers, stopTrackers } from './context.js';
import type { ControllerManagerProcess } from './controller-manager.js';
import { createNamespace, deleteNamespace, waitNamespace } from './namespaces.js';
import { quietWindowMs } from './propagation.js';
import type { LatencyResult } from './results.js';
import { roundSummary, summarize } from './statistics.js';
import { type Tracker, untilAll } from './tracker.js';
import { isRolledOut, objectName } from './workload.js';
import type { KubeObject } from '../core/objects.js';
import { errorMessage } from '../kube/errors.js';

const sampleTimeoutMs = 60_000;
const maximumFailures = 5;
/** A short pause between samples lets the controller-manager's asynchronous event writes finish. */
const pauseMs = 50;

export async function measureLatency(context: PhaseContext, cm: ControllerManagerProcess, samples: number): Promise<LatencyResult> {
  const { lab, workload, timeoutMs, log } = context;
  const namespace = 'bench-latency';
  const federation = lab.federation.writer;
  await createNamespace(federation, namespace);
  await waitNamespace([federation, ...lab.members.map((member) => member.writer)], namespace, true, timeoutMs);
  const members = await startTrackers(context, lab.members, namespace);
  const [source] = await startTrackers(context, [lab.federation], namespace);
  if (!source) {
    throw new Error('latency: no tracker of the federation');
  }
  const raw: Record<'create' | 'update' | 'delete', number[]> = { create: [], update: [], delete: [] };
  // Deployments: a sample is taken only once the previous change has rolled out everywhere, so that the system really
  // is idle; how long that takes (federation write → aggregated federated status all ready) is a figure of its own.
  const rollouts = workload.kind === 'deployment';
  const rolledOut: Record<'create' | 'update', number[]> = { create: [], update: [] };
  const awaitRollout = async (name: string, generation: number | undefined, started: number, into: number[]): Promise<void> => {
    if (!rollouts) {
      return;
    }
    const ready = (): boolean => {
      const object = source.get(name);
      return object !== undefined && (object.metadata.generation ?? 0) >= (generation ?? 0) && isRolledOut(object);
    };
    await cm.guard(source.until(ready, sampleTimeoutMs, `${name} rolled out`));
    into.push(performance.now() - started);
  };
  let failures = 0;
  try {
    await cm.waitQuiet(quietWindowMs, timeoutMs);
    log(`latency: ${samples} samples each of create, update and delete, one object at a time`);
    const latest = (at: (tracker: Tracker) => number | undefined): number => Math.max(...members.map((tracker) => at(tracker) ?? Infinity));
    for (let index = 0; index < samples; index++) {
      const name = objectName(index);
      try {
        let started = performance.now();
        const created = await federation.request<KubeObject>({ method: 'POST', path: collectionPath(workload.type, namespace), body: workload.object(namespace, index) });
        await cm.guard(untilAll(members, (tracker) => tracker.revisions.get(name)?.has(0) ?? false, sampleTimeoutMs, `${name} created`));
        raw.create.push(latest((tracker) => tracker.revisions.get(name)?.get(0)) - started);
        await awaitRollout(name, created.metadata.generation, started, rolledOut.create);

        started = performance.now();
        const updated = await federation.request<KubeObject>({
          method: 'PATCH',
          path: objectPath(workload.type, namespace, name),
          contentType: 'application/merge-patch+json',
          body: workload.revisionPatch(1),
        });
        await cm.guard(untilAll(members, (tracker) => tracker.revisions.get(name)?.has(1) ?? false, sampleTimeoutMs, `${name} updated`));
        raw.update.push(latest((tracker) => tracker.revisions.get(name)?.get(1)) - started);
        await awaitRollout(name, updated.metadata.generation, started, rolledOut.update);

        started = performance.now();
        await federation.request({ method: 'DELETE', path: objectPath(workload.type, namespace, name) });
        await cm.guard(untilAll(members, (tracker) => tracker.deleted.has(name), sampleTimeoutMs, `${name} deleted`));
        raw.delete.push(latest((tracker) => tracker.deleted.get(name)) - started);
        // The federated object goes once kubefed has removed its finalizer: only then is this sample's work done.
        await cm.guard(source.until(() => source.deleted.has(name), sampleTimeoutMs, `federated ${name} gone`));
      } catch (error) {
        if (!cm.running) {
          throw error;
        }
        failures += 1;
        log(`latency: sample ${index} failed: ${errorMessage(error)}`);
        if (failures >= maximumFailures) {
          throw new Error(`latency: ${failures} samples failed, giving up`, { cause: error });
        }
      }
      await sleep(pauseMs);
    }
  } finally {
    await stopTrackers([...members, source]);
    await deleteNamespace(federation, namespace);
    await waitNamespace([federation, ...lab.members.map((member) => member.writer)], namespace, false, timeoutMs).catch((error: unknown) =>
      log(`latency: ${errorMessage(error)}`),
    );
  }
  const rounded = (values: number[]) => values.map((value) => round(value, 2));
  const result: LatencyResult = {
    samples,
    create: roundSummary(summarize(raw.create)),
    update: roundSummary(summarize(raw.update)),
    delete: roundSummary(summarize(raw.delete)),
    failures,
    ...(rollouts && rolledOut.create.length > 0 && rolledOut.update.length > 0
      ? { rolledOut: { create: roundSummary(summarize(rolledOut.create)), update: roundSummary(summarize(rolledOut.update)) } }
      : {}),
    raw: { create: rounded(raw.create), update: rounded(raw.update), delete: rounded(raw.delete) },
  };
  log(`latency: create p50 ${result.create.p50} p99 ${result.create.p99} ms; update p50 ${result.update.p50} p99 ${result.update.p99} ms; delete p50 ${result.delete.p50} p99 ${result.delete.p99} ms`);
  if (result.rolledOut) {
    log(`latency: rolled out (federated status all ready) after create p50 ${result.rolledOut.create.p50} p99 ${result.rolledOut.create.p99} ms, after update p50 ${result.rolledOut.update.p50} p99 ${result.rolledOut.update.p99} ms`);
  }
  return result;
}
