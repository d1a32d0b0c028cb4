// The second yardstick, the necessary-work limit: a plain client doing only the work any federation must cause, at
// kubefed's concurrency — the user's N creates into the federation API server and, at the same time, the N × M member
// creates. No controller-manager runs; the members' watches say when the last copy exists.
import { collectionPath } from '../kube/resources.js';
import { type PhaseContext, round, startTrackers, stopTrackers } from './context.js';
import { subtract, total } from './cpu-budget.js';
import { clientCpuMsPerWrite } from './limits.js';
import { createNamespace, deleteNamespace, waitNamespace } from './namespaces.js';
import { runPool } from './pool.js';
import { rawIdentity } from './raw.js';
import type { NecessaryRun } from './results.js';
import { rate } from './statistics.js';
import { untilAll } from './tracker.js';
import { rawCopy } from './workload.js';

export interface NecessaryOptions {
  /** The user's creates in flight into the federation (the propagation phase's --create-concurrency). */
  createConcurrency: number;
  /** Member creates in flight per member (kubefed's --member-concurrency). */
  memberConcurrency: number;
}

export async function measureNecessary(context: PhaseContext, options: NecessaryOptions): Promise<NecessaryRun> {
  const { lab, workload, objects, timeoutMs, log } = context;
  const namespace = 'bench-necessary';
  const federation = lab.federation.writer;
  const members = lab.members;
  const writers = [federation, ...members.map((member) => member.writer)];
  await Promise.all(writers.map((client) => createNamespace(client, namespace)));
  await waitNamespace(writers, namespace, true, timeoutMs);
  const trackers = await startTrackers(context, members, namespace);
  const originals = Array.from({ length: objects }, (_, index) => workload.object(namespace, index));
  const copies = originals.map((object) => rawCopy(workload, object, members.length, rawIdentity));
  const post = (client: typeof federation, body: object): Promise<unknown> => client.request({ method: 'POST', path: collectionPath(workload.type, namespace), body });
  try {
    log(
      `necessary work: ${objects} creates into the federation (${options.createConcurrency} in flight) and ${objects} into each of ${members.length} members ` +
        `(${options.memberConcurrency} in flight per member), at once`,
    );
    const cpuBefore = await context.cpu.read();
    const started = performance.now();
    let federationAcceptMs = 0;
    const federationCreates = runPool(originals, options.createConcurrency, (object) => post(federation, object)).then((outcome) => {
      federationAcceptMs = performance.now() - started;
      return outcome;
    });
    const outcomes = await Promise.all([federationCreates, ...members.map((member) => runPool(copies, options.memberConcurrency, (copy) => post(member.writer, copy)))]);
    const failures = outcomes.reduce((sum, outcome) => sum + outcome.failures, 0);
    if (failures > 0) {
      throw new Error(`necessary work: ${failures} writes failed, e.g. ${outcomes.flatMap((outcome) => outcome.sampleErrors)[0]}`);
    }
    await untilAll(trackers, (tracker) => tracker.size >= objects, timeoutMs, `${objects} necessary-work copies`);
    const cpu = subtract(await context.cpu.read(), cpuBefore);
    const perMemberMs = Object.fromEntries(trackers.map((tracker) => [tracker.cluster, round(Math.max(...tracker.firstSeen.values()) - started)]));
    const durationMs = Math.max(federationAcceptMs, ...Object.values(perMemberMs));
    const writes = objects * (1 + members.length);
    const run: NecessaryRun = {
      createConcurrency: options.createConcurrency,
      concurrencyPerMember: options.memberConcurrency,
      federationAcceptMs: round(federationAcceptMs),
      durationMs: round(durationMs),
      objectsPerSecond: round(rate(objects, durationMs)),
      writesPerSecond: round(rate(writes, durationMs)),
      perMemberMs,
      cpu,
      cpuMsPerObject: round((total(cpu) * 1000) / objects, 2),
      clientCpuMsPerWrite: clientCpuMsPerWrite(cpu, writes),
    };
    log(`necessary work: ${run.durationMs} ms (federation took its creates in ${run.federationAcceptMs} ms), ${run.objectsPerSecond} objects/s, ${run.cpuMsPerObject} ms CPU per object`);
    return run;
  } finally {
    await stopTrackers(trackers);
    await Promise.all(writers.map((client) => deleteNamespace(client, namespace)));
    await waitNamespace(writers, namespace, false, timeoutMs);
  }
}
