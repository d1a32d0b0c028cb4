import type { KubeObject } from '../kube/objects.js';
import { federationNamespace } from '../propagation/vocabulary.js';

/** The kinds kubefed propagates, by API group: it creates, patches and deletes these in members. */
const propagated: Record<string, string[]> = {
  '': ['configmaps', 'secrets', 'services', 'namespaces'],
  apps: ['deployments', 'replicasets', 'daemonsets'],
  batch: ['jobs'],
  autoscaling: ['horizontalpodautoscalers'],
  'networking.k8s.io': ['ingresses'],
};

/**
 * memberClusterRole grants kubefed in a member exactly what it uses: managing the propagated kinds
 * (server-side apply needs create and patch), reading pods (capacity), nodes (zones and region) and
 * EndpointSlices (DNS health), and the health endpoints. Nothing else, unlike v1's all-verbs role.
 */
export function memberClusterRole(name: string): KubeObject {
  const manage = ['get', 'list', 'watch', 'create', 'patch', 'delete'];
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'kubefed' } },
    rules: [
      ...Object.entries(propagated).map(([group, resources]) => ({ apiGroups: [group], resources, verbs: manage })),
      { apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
      { nonResourceURLs: ['/readyz', '/healthz', '/livez', '/version'], verbs: ['get'] },
    ],
  };
}

/** MemberAccessNames are the names of what join creates in a member for one federation. */
export interface MemberAccessNames {
  serviceAccount: string;
  clusterRole: string;
  tokenSecret: string;
}

/** memberAccessNames derives stable names from the federation context, so re-running join finds them again. */
export function memberAccessNames(federationContext: string): MemberAccessNames {
  // Object names are DNS-1123 labels: lower-case alphanumerics and inner dashes only.
  const base = `kubefed-${federationContext}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, 50)
    .replace(/-+$/, '');
  return { serviceAccount: base, clusterRole: `kubefed:${base}`, tokenSecret: `${base}-token` };
}

/** memberAccessObjects are the namespace, ServiceAccount, role, binding and token Secret join creates in a member. */
export function memberAccessObjects(names: MemberAccessNames): KubeObject[] {
  const labels = { 'app.kubernetes.io/managed-by': 'kubefed' };
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: federationNamespace, labels } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: names.serviceAccount, namespace: federationNamespace, labels } },
    memberClusterRole(names.clusterRole),
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: names.clusterRole, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: names.clusterRole },
      subjects: [{ kind: 'ServiceAccount', name: names.serviceAccount, namespace: federationNamespace }],
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/service-account-token',
      metadata: {
        name: names.tokenSecret,
        namespace: federationNamespace,
        labels,
        annotations: { 'kubernetes.io/service-account.name': names.serviceAccount },
      },
    },
  ];
}
