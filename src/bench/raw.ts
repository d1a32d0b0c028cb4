// Phase 1, the yardstick: a plain client writes the same N objects straight into every member, with the per-member
// concurrency kubefed uses, and the members' own watches say when the last copy exists.
import type { KubeClient } from '../kube/client.js';
import { isNotFound } from '../kube/errors.js';
import type { KubeObject } from '../core/objects.js';
import { collectionPath, objectPath } from '../kube/resources.js';
import { federationName } from './bench-lab.js';
import { type PhaseContext, round, startTrackers, stopTrackers } from './context.js';
import { subtract, total } from './cpu-budget.js';
import { clientCpuMsPerWrite } from './limits.js';
import { createNamespace, deleteNamespace, waitNamespace } from './namespaces.js';
import { runPool } from './pool.js';
import type { RawResult, RawRun } from './results.js';
import { rate } from './statistics.js';
import { untilAll } from './tracker.js';
import { isRolledOut, rawCopy, type Workload } from './workload.js';

/** The raw writes carry labels of kubefed's size; an id no federation has keeps the controller-manager off them. */
export const rawIdentity = { name: federationName, id: '00000000-0000-0000-0000-000000000000' };

function apply(client: KubeClient, workload: Workload, namespace: string, copy: KubeObject): Promise<unknown> {
  return client.request({
    method: 'PATCH',
    path: objectPath(workload.type, namespace, copy.metadata.name ?? ''),
    query: { fieldManager: 'kubefed-bench', force: true },
    contentType: 'application/apply-patch+yaml',
    body: copy,
  });
}

/** write sends one copy the way the method says. */
async function write(method: RawRun['method'], client: KubeClient, workload: Workload, namespace: string, copy: KubeObject): Promise<unknown> {
  switch (method) {
    case 'create':
      return client.request({ method: 'POST', path: collectionPath(workload.type, namespace), body: copy });
    case 'apply':
      return apply(client, workload, namespace, copy);
    case 'get-apply':
      try {
        await client.request({ path: objectPath(workload.type, namespace, copy.metadata.name ?? '') });
        throw new Error(`${copy.metadata.name} already exists`);
      } catch (error) {
        if (!isNotFound(error)) {
          throw error;
        }
      }
      return apply(client, workload, namespace, copy);
  }
}

async function rawRun(context: PhaseContext, method: RawRun['method'], concurrency: number): Promise<RawRun> {
  const { lab, workload, objects, timeoutMs, log } = context;
  const namespace = `bench-raw-${method}`;
  const members = lab.members;
  const writers = members.map((member) => member.writer);
  await Promise.all(writers.map((client) => createNamespace(client, namespace)));
  await waitNamespace(writers, namespace, true, timeoutMs);
  const rolledOut = workload.kind === 'deployment' ? isRolledOut : undefined;
  const trackers = await startTrackers(context, members, namespace, rolledOut);
  const copies = Array.from({ length: objects }, (_, index) => rawCopy(workload, workload.object(namespace, index), members.length, rawIdentity));
  try {
    log(`raw ${method}: ${objects} objects into each of ${members.length} members, ${concurrency} in flight per member`);
    const cpuBefore = await context.cpu.read();
    const started = performance.now();
    const outcomes = await Promise.all(members.map((member) => runPool(copies, concurrency, (copy) => write(method, member.writer, workload, namespace, copy))));
    const failures = outcomes.reduce((sum, outcome) => sum + outcome.failures, 0);
    if (failures > 0) {
      // A yardstick with failed writes measures nothing: stop here.
      throw new Error(`raw ${method}: ${failures} writes failed, e.g. ${outcomes.flatMap((outcome) => outcome.sampleErrors)[0]}`);
    }
    await untilAll(trackers, (tracker) => tracker.size >= objects, timeoutMs, `${objects} raw copies`);
    const cpu = subtract(await context.cpu.read(), cpuBefore);
    const perMemberMs = Object.fromEntries(trackers.map((tracker) => [tracker.cluster, round(Math.max(...tracker.firstSeen.values()) - started)]));
    const durationMs = Math.max(...Object.values(perMemberMs));
    let rolledOutMs: number | undefined;
    if (rolledOut) {
      await untilAll(trackers, (tracker) => tracker.conditionMet.size >= objects, timeoutMs, `${objects} raw deployments rolled out`);
      rolledOutMs = round(Math.max(...trackers.flatMap((tracker) => [...tracker.conditionMet.values()])) - started);
    }
    const run: RawRun = {
      method,
      concurrencyPerMember: concurrency,
      durationMs: round(durationMs),
      objectsPerSecond: round(rate(objects, durationMs)),
      writesPerSecond: round(rate(objects * members.length, durationMs)),
      failures,
      perMemberMs,
      ...(rolledOutMs === undefined ? {} : { rolledOutMs }),
      cpu,
      cpuMsPerObject: round((total(cpu) * 1000) / objects, 2),
      clientCpuMsPerWrite: clientCpuMsPerWrite(cpu, objects * members.length),
    };
    log(
      `raw ${method}: ${run.durationMs} ms, ${run.objectsPerSecond} objects/s (${run.writesPerSecond} writes/s), ${run.cpuMsPerObject} ms CPU per object` +
        (rolledOutMs === undefined ? '' : `, rolled out after ${rolledOutMs} ms`),
    );
    return run;
  } finally {
    await stopTrackers(trackers);
    await Promise.all(writers.map((client) => deleteNamespace(client, namespace)));
    await waitNamespace(writers, namespace, false, timeoutMs);
  }
}

/**
 * measureRaw runs the raw writes as POSTs and as server-side applies, and takes the faster as the yardstick; with
 * decompose it also runs a GET before each apply (the request pattern of kubefed's updates when its cache is cold).
 */
export async function measureRaw(context: PhaseContext, concurrency: number, decompose: boolean): Promise<RawResult> {
  const create = await rawRun(context, 'create', concurrency);
  const apply = await rawRun(context, 'apply', concurrency);
  const getApply = decompose ? await rawRun(context, 'get-apply', concurrency) : undefined;
  const best = create.objectsPerSecond >= apply.objectsPerSecond ? 'create' : 'apply';
  return { create, apply, ...(getApply ? { getApply } : {}), best, objectsPerSecond: Math.max(create.objectsPerSecond, apply.objectsPerSecond) };
}
