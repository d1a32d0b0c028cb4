import { federationNamespace } from '../../core/well-known.js';

/**
 * Namespaces that belong to each cluster itself. Objects in them are never propagated: the
 * federation's own credentials live in federation-system, and every member already has the others.
 */
export const clusterNamespaceNames: readonly string[] = ['kube-system', 'kube-public', 'kube-node-lease', federationNamespace];
const clusterNamespaces = new Set(clusterNamespaceNames);

/** isClusterNamespace says whether a namespace is one of a cluster's own. */
export function isClusterNamespace(namespace: string | undefined): boolean {
  return namespace !== undefined && clusterNamespaces.has(namespace);
}

/** isFederatedNamespaceObject: namespaced objects propagate unless they live in a cluster's own namespace. */
export function isFederatedNamespaceObject(namespace: string | undefined): boolean {
  return !isClusterNamespace(namespace);
}
