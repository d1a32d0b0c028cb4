import type { Config } from '../../config/flags.js';
import type { KindAdapter } from '../adapter.js';
import { configMapAdapter } from './configmap.js';
import { daemonSetAdapter } from './daemonset.js';
import { ingressAdapter } from './ingress.js';
import { namespaceAdapter } from './namespace.js';
import { secretAdapter } from './secret.js';
import { serviceAdapter } from './service.js';

/** AdapterSettings are the flags that change how kinds render. */
export type AdapterSettings = Pick<Config, 'unschedulableThresholdMs' | 'hpaScaleForbiddenWindowMs'>;

/** createAdapters maps each --controllers name to its kind adapter. */
export function createAdapters(_settings: AdapterSettings): Record<string, KindAdapter<unknown>> {
  return {
    namespaces: namespaceAdapter,
    configmaps: configMapAdapter,
    secrets: secretAdapter,
    services: serviceAdapter,
    ingresses: ingressAdapter,
    daemonsets: daemonSetAdapter,
  };
}
