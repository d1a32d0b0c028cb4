import {
  clusterRoleBindings,
  clusterRoles,
  customResourceDefinitions,
  deployments,
  namespaces,
  type ResourceType,
  roleBindings,
  roles,
  secrets,
  serviceAccounts,
  services,
} from '../../kube/resources.js';

export const statefulSets: ResourceType = { group: 'apps', version: 'v1', kind: 'StatefulSet', plural: 'statefulsets', namespaced: true };
export const networkPolicies: ResourceType = { group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy', plural: 'networkpolicies', namespaced: true };
export const podDisruptionBudgets: ResourceType = { group: 'policy', version: 'v1', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', namespaced: true };
export const persistentVolumeClaims: ResourceType = { group: '', version: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', namespaced: true };

const byKind = new Map<string, ResourceType>(
  [
    namespaces,
    secrets,
    services,
    serviceAccounts,
    deployments,
    statefulSets,
    networkPolicies,
    podDisruptionBudgets,
    clusterRoles,
    clusterRoleBindings,
    roles,
    roleBindings,
    customResourceDefinitions,
  ].map((type) => [type.kind, type]),
);

/** typeOf finds the resource of a kind init writes. */
export function typeOf(kind: string | undefined): ResourceType {
  const type = kind === undefined ? undefined : byKind.get(kind);
  if (!type) {
    throw new Error(`kubefed init does not write objects of kind ${kind ?? '(none)'}`);
  }
  return type;
}
