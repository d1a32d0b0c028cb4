import { deployments, replicaSets } from '../../kube/resources.js';
import { deploymentPreferencesCodec, replicaSetPreferencesCodec } from '../../core/annotations/preferences.js';
import type { KindAdapter } from '../adapter.js';
import { withOverrides } from '../overrides.js';
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

/** AdapterSettings are the flags that change how kinds render (the daemon's Config carries them). */
export interface AdapterSettings {
  unschedulableThresholdMs: number;
  hpaScaleForbiddenWindowMs: number;
}

/** createAdapters maps each --controllers name to its kind adapter. */
export function createAdapters(settings: AdapterSettings): Record<string, KindAdapter<unknown>> {
  const workload = { unschedulableThresholdMs: settings.unschedulableThresholdMs, capacityRetryMs: capacityRetryMs };
  const adapters: Record<string, KindAdapter<unknown>> = {
    deployments: replicaWorkloadAdapter(deployments, 'deployment', deploymentPreferencesCodec, workload),
    replicasets: replicaWorkloadAdapter(replicaSets, 'replicaset', replicaSetPreferencesCodec, workload),
    jobs: jobAdapter,
    horizontalpodautoscalers: hpaAdapter({ scaleForbiddenWindowMs: settings.hpaScaleForbiddenWindowMs }),
    namespaces: namespaceAdapter,
    configmaps: configMapAdapter,
    secrets: secretAdapter,
    services: serviceAdapter,
    ingresses: ingressAdapter,
    daemonsets: daemonSetAdapter,
  };
  // Every kind takes per-cluster overrides, applied to what it renders.
  return Object.fromEntries(Object.entries(adapters).map(([name, adapter]) => [name, withOverrides(adapter)]));
}
