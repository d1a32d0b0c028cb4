import type { Condition } from '../objects.js';

/** RolloutSubject is what the rollout check reads of a federated Deployment or ReplicaSet. */
export interface RolloutSubject {
  kind: string;
  generation?: number;
  /** desired replicas (spec.replicas; 1 when unset). */
  replicas: number;
}

const count = (status: Record<string, unknown>, field: string): number => {
  const value = status[field];
  return typeof value === 'number' ? value : 0;
};

/**
 * rolloutSettled says whether a workload status ends a rollout as `kubectl rollout status` sees it:
 * done (kubectl's DeploymentStatusViewer: the generation observed, every replica updated, no old
 * replica left, every updated replica available; for a ReplicaSet, every replica there and available)
 * or failed (Progressing with reason ProgressDeadlineExceeded). A status in between is progress.
 */
export function rolloutSettled(subject: RolloutSubject, status: Record<string, unknown> | undefined): boolean {
  const current = status ?? {};
  const observed = current.observedGeneration;
  if (typeof observed !== 'number' || observed < (subject.generation ?? 0)) {
    return false;
  }
  const conditions = Array.isArray(current.conditions) ? (current.conditions as Condition[]) : [];
  if (conditions.some((condition) => condition.type === 'Progressing' && condition.reason === 'ProgressDeadlineExceeded')) {
    return true;
  }
  const replicas = count(current, 'replicas');
  const available = count(current, 'availableReplicas');
  if (subject.kind !== 'Deployment') {
    return replicas === subject.replicas && available >= subject.replicas;
  }
  const updated = count(current, 'updatedReplicas');
  return updated >= subject.replicas && replicas <= updated && available >= updated;
}
