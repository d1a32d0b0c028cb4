import type { Config } from '../../daemon/config/flags.js';
import { deployments, replicaSets } from '../../kube/resources.js';
import { deploymentPreferencesAnnotation, replicaSetPreferencesAnnotation } from '../../scheduling/preferences.js';
import type { KindAdapter } from '../adapter.js';
import { configMapAdapter } from './configmap.js';
import { daemonSetAdapter } from './daemonset.js';
import { hpaAdapter } from './hpa.js';
import { ingressAdapter } from './ingress.js';
import { jobAdapter } from './job.js';
import { namespaceAdapter } from './namespace.js';
import { replicaWorkloadAdapter } from './replica-workload.js';
import { secretAdapter } from './secret.js';
import { serviceAdapter } from './service.js';

/** capacityRetryMs is how long a member found short of room keeps its lower share before kubefed tries again. */
const capacityRetryMs = 10 * 60_000;

/** AdapterSettings are the flags that change how kinds render. */
export type AdapterSettings = Pick<Config, 'unschedulableThresholdMs' | 'hpaScaleForbiddenWindowMs'>;

/** createAdapters maps each --controllers name to its kind adapter. */
export function createAdapters(settings: AdapterSettings): Record<string, KindAdapter<unknown>> {
  const workload = { unschedulableThresholdMs: settings.unschedulableThresholdMs, capacityRetryMs: capacityRetryMs };
  return {
    deployments: replicaWorkloadAdapter(deployments, 'deployment', deploymentPreferencesAnnotation, workload),
    replicasets: replicaWorkloadAdapter(replicaSets, 'replicaset', replicaSetPreferencesAnnotation, workload),
    jobs: jobAdapter,
    horizontalpodautoscalers: hpaAdapter({ scaleForbiddenWindowMs: settings.hpaScaleForbiddenWindowMs }),
    namespaces: namespaceAdapter,
    configmaps: configMapAdapter,
    secrets: secretAdapter,
    services: serviceAdapter,
    ingresses: ingressAdapter,
    daemonsets: daemonSetAdapter,
  };
}
