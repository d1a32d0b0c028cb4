import type { KubeObject } from '../../core/objects.js';
import { federationObjects, hostControllerManager } from './controller-manager.js';
import {
  apiServerDeployment,
  apiServerService,
  credentialSecrets,
  kubeControllerManagerDeployment,
  namespaceObject,
} from './host-objects.js';
import { etcdObjects } from './etcd-objects.js';
import type { ShippedManifests } from './manifests.js';
import type { InitOptions } from './options.js';
import type { Pki } from './pki.js';

/** InitObjects is everything init applies: to the host cluster, then (once it answers) to the federation API server. */
export interface InitObjects {
  host: KubeObject[];
  federation: KubeObject[];
}

/** initObjects builds every object in the order it is applied; pure. */
export function initObjects(options: InitOptions, pki: Pki, manifests: ShippedManifests): InitObjects {
  const controllerManager = hostControllerManager(manifests, options, pki);
  const serviceAccounts = controllerManager.filter((object) => object.kind === 'ServiceAccount');
  return {
    host: [
      namespaceObject(options.name),
      ...serviceAccounts,
      ...credentialSecrets(options.name, pki),
      apiServerService(options),
      ...etcdObjects(options, pki),
      apiServerDeployment(options, pki),
      kubeControllerManagerDeployment(options, pki),
      ...controllerManager.filter((object) => object.kind !== 'ServiceAccount'),
    ],
    federation: federationObjects(manifests, options),
  };
}

/** workloadsToAwait lists the host workloads whose readiness init waits for, by kind and name. */
export function workloadsToAwait(objects: InitObjects): { kind: string; name: string }[] {
  return objects.host
    .filter((object) => object.kind === 'Deployment' || object.kind === 'StatefulSet')
    .map((object) => ({ kind: String(object.kind), name: object.metadata.name ?? '' }));
}
