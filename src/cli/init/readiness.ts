import type { Workload } from '../../core/kinds.js';
import type { KubeObject } from '../../core/objects.js';

interface PodObject extends KubeObject {
  status?: {
    phase?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    containerStatuses?: { name: string; state?: { waiting?: { reason?: string; message?: string }; terminated?: { reason?: string } }; restartCount?: number }[];
  };
}

/** WorkloadReadiness is one control-plane workload's progress, as a line for the operator. */
export interface WorkloadReadiness {
  name: string;
  ready: boolean;
  text: string;
}

/** podTrouble says why a pod is not running yet, in kubectl's words (ImagePullBackOff, Unschedulable, …). */
export function podTrouble(pod: PodObject): string | undefined {
  for (const container of pod.status?.containerStatuses ?? []) {
    const reason = container.state?.waiting?.reason ?? container.state?.terminated?.reason;
    if (reason && reason !== 'ContainerCreating' && reason !== 'PodInitializing') {
      return `${container.name}: ${reason}${container.restartCount ? ` (${container.restartCount} restarts)` : ''}`;
    }
  }
  const unschedulable = pod.status?.conditions?.find((condition) => condition.type === 'PodScheduled' && condition.status === 'False');
  if (unschedulable) {
    return `${unschedulable.reason ?? 'not scheduled'}${unschedulable.message ? `: ${unschedulable.message}` : ''}`;
  }
  return pod.status?.phase && pod.status.phase !== 'Running' ? pod.status.phase : undefined;
}

/** workloadReadiness reads a Deployment or StatefulSet and its pods into one progress line. */
export function workloadReadiness(name: string, workload: Workload | undefined, pods: PodObject[]): WorkloadReadiness {
  if (!workload) {
    return { name, ready: false, text: `${name}: not created yet` };
  }
  const { spec, status } = workload;
  const desired = spec?.replicas ?? 1;
  const readyReplicas = status?.readyReplicas ?? 0;
  const observed = (status?.observedGeneration ?? 0) >= (workload.metadata.generation ?? 0);
  const updated = status?.updatedReplicas ?? 0;
  const ready = observed && readyReplicas >= desired && updated >= desired;
  const troubles = [...new Set(pods.map(podTrouble).filter((trouble): trouble is string => trouble !== undefined))];
  return { name, ready, text: `${name}: ${readyReplicas}/${desired} ready${ready ? '' : troubles.length > 0 ? ` (${troubles.join('; ')})` : ''}` };
}
