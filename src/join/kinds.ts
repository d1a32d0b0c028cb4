import {
  clusterRoleBindings,
  clusterRoles,
  clusters,
  customResourceDefinitions,
  namespaces,
  type ResourceType,
  secrets,
  serviceAccounts,
} from '../kube/resources.js';

const byKind = new Map<string, ResourceType>(
  [namespaces, serviceAccounts, secrets, clusterRoles, clusterRoleBindings, clusters, customResourceDefinitions].map((type) => [type.kind, type]),
);

/** typeOfKind finds the resource of a kind the join and unjoin commands write. */
export function typeOfKind(kind: string): ResourceType {
  const type = byKind.get(kind);
  if (!type) {
    throw new Error(`no resource known for kind ${kind}`);
  }
  return type;
}
