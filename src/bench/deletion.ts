// Clean-up as a figure: the propagation namespace deleted in the federation, until every member copy is gone (the
// members' watches) and the namespace is gone everywhere.
import { type PhaseContext, round, stopTrackers } from './context.js';
import type { ControllerManagerProcess } from './controller-manager.js';
import { deleteNamespace, waitNamespace } from './namespaces.js';
import type { DeletionResult } from './results.js';
import { rate } from './statistics.js';
import { type Tracker, untilAll } from './tracker.js';

export async function measureDeletion(context: PhaseContext, cm: ControllerManagerProcess, namespace: string, trackers: readonly Tracker[]): Promise<DeletionResult> {
  const { lab, timeoutMs, log, objects } = context;
  try {
    log(`deletion: deleting namespace ${namespace} with ${objects} federated objects`);
    const started = performance.now();
    await deleteNamespace(lab.federation.writer, namespace);
    await cm.guard(untilAll(trackers, (tracker) => tracker.size === 0, timeoutMs, 'every member copy deleted'));
    const allCopiesDeletedMs = performance.now() - started;
    await waitNamespace([lab.federation.writer, ...lab.members.map((member) => member.writer)], namespace, false, timeoutMs);
    const namespaceGoneMs = performance.now() - started;
    const result = { allCopiesDeletedMs: round(allCopiesDeletedMs), objectsPerSecond: round(rate(objects, allCopiesDeletedMs)), namespaceGoneMs: round(namespaceGoneMs) };
    log(`deletion: member copies gone after ${result.allCopiesDeletedMs} ms, namespace gone after ${result.namespaceGoneMs} ms`);
    return result;
  } finally {
    await stopTrackers(trackers);
  }
}
