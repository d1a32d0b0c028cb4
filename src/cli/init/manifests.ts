import { load } from 'js-yaml';
import type { KubeObject } from '../../core/objects.js';
import { readPackageFile } from '../../kube/package-files.js';

/** The files of manifests/ that init uses, by where they go. */
export const manifestFiles = {
  /** objects for the federation API server. */
  federation: [
    'manifests/namespace.yaml',
    'manifests/crds/federation.kubefed.dev_clusters.yaml',
    'manifests/crds/federation.kubefed.dev_federatedtypes.yaml',
    // init always names a DNS zone, so the service-dns controller runs and needs external-dns's CRD.
    'manifests/dns/dnsendpoints.externaldns.k8s.io.yaml',
    'manifests/rbac/cluster-role.yaml',
    'manifests/rbac/cluster-role-binding.yaml',
    'manifests/rbac/enabled-types-role.yaml',
    'manifests/rbac/enabled-types-role-binding.yaml',
    'manifests/rbac/leader-election-role.yaml',
    'manifests/rbac/leader-election-role-binding.yaml',
  ],
  /** objects for the host cluster, where the controller-manager runs. */
  host: [
    'manifests/rbac/service-account.yaml',
    'manifests/controller-manager/deployment.yaml',
    'manifests/controller-manager/metrics-service.yaml',
    'manifests/controller-manager/pod-disruption-budget.yaml',
  ],
} as const;

/** ShippedManifests are the manifests/ objects, read once. */
export interface ShippedManifests {
  federation: KubeObject[];
  host: KubeObject[];
}

function readObject(file: string, read: (file: string) => string): KubeObject {
  const object = load(read(file)) as KubeObject | null;
  if (!object || typeof object !== 'object' || !object.kind) {
    throw new Error(`${file} shipped with kubefed holds no object`);
  }
  return object;
}

/** readShippedManifests reads manifests/ from the kubefed package (the same files kubectl apply -k uses). */
export function readShippedManifests(read: (file: string) => string = readPackageFile): ShippedManifests {
  return {
    federation: manifestFiles.federation.map((file) => readObject(file, read)),
    host: manifestFiles.host.map((file) => readObject(file, read)),
  };
}
