import {
  clusterRoleBindings,
  clusterRoles,
  clusters,
  configMaps,
  customResourceDefinitions,
  daemonSets,
  deployments,
  horizontalPodAutoscalers,
  ingresses,
  jobs,
  namespaces,
  replicaSets,
  type ResourceType,
  roleBindings,
  roles,
  secrets,
  serviceAccounts,
  services,
  validatingAdmissionPolicies,
  validatingAdmissionPolicyBindings,
} from '../../kube/resources.js';

const byKind = new Map<string, ResourceType>(
  [
    namespaces,
    serviceAccounts,
    secrets,
    configMaps,
    clusterRoles,
    clusterRoleBindings,
    roles,
    roleBindings,
    validatingAdmissionPolicies,
    validatingAdmissionPolicyBindings,
    clusters,
    customResourceDefinitions,
  ].map((type) => [type.kind, type]),
);

/** typeOfKind finds the resource of a kind the join and unjoin commands write. */
export function typeOfKind(kind: string): ResourceType {
  const type = byKind.get(kind);
  if (!type) {
    throw new Error(`no resource known for kind ${kind}`);
  }
  return type;
}

/** propagatedTypes are the kinds whose member copies unjoin may delete and join may claim; workloads first. */
export const propagatedTypes: readonly ResourceType[] = [
  deployments,
  replicaSets,
  daemonSets,
  jobs,
  horizontalPodAutoscalers,
  services,
  ingresses,
  configMaps,
  secrets,
  namespaces,
];
