import type { KubeObject } from '../../core/objects.js';
import { aggregateToMemberLabel, federationNamespace } from '../../core/well-known.js';
import { admissionPolicyObjects } from './admission-policy.js';

/** The kinds kubefed propagates, by API group: it creates, patches and deletes these in members. */
const propagated: Record<string, string[]> = {
  '': ['configmaps', 'secrets', 'services', 'namespaces'],
  apps: ['deployments', 'replicasets', 'daemonsets'],
  batch: ['jobs'],
  autoscaling: ['horizontalpodautoscalers'],
  'networking.k8s.io': ['ingresses'],
};

/**
 * memberClusterRole grants kubefed in a member exactly what the controller-manager uses there (a test removes
 * each rule in turn and shows a 403): the propagated kinds (a cache: list, watch; the clash check: get;
 * a plain create, then server-side apply: patch; delete), listing pods (pending pods lower a member's
 * capacity estimate) and nodes (zones, region, capacity), and a cache of EndpointSlices (DNS health).
 * The health endpoints need no rule: every authenticated user may read them (system:public-info-viewer).
 * Where this reaches too far (kube-system, the Pod Security labels) the admission policy stops it.
 */
export function memberClusterRole(name: string): KubeObject {
  const manage = ['get', 'list', 'watch', 'create', 'patch', 'delete'];
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'kubefed' } },
    rules: [
      ...Object.entries(propagated).map(([group, resources]) => ({ apiGroups: [group], resources, verbs: manage })),
      { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
      { apiGroups: [''], resources: ['nodes'], verbs: ['list'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
    ],
  };
}

/** memberTokenRole lets kubefed renew its own token (TokenRequest for its ServiceAccount only) before it expires. */
export function memberTokenRole(name: string, serviceAccount: string): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name, namespace: federationNamespace, labels: { 'app.kubernetes.io/managed-by': 'kubefed' } },
    rules: [{ apiGroups: [''], resources: ['serviceaccounts/token'], resourceNames: [serviceAccount], verbs: ['create'] }],
  };
}

/**
 * enabledTypesRole holds what `kubefed enable` grants in the member for each enabled type: the roles
 * labelled for this federation's ServiceAccount, by aggregation. Empty until a type is enabled; apart
 * from memberClusterRole so that role stays exactly what the built-in kinds need.
 */
export function enabledTypesRole(name: string, serviceAccount: string): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'kubefed' } },
    aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [aggregateToMemberLabel]: serviceAccount } }] },
    rules: [],
  };
}

/** MemberAccessNames are the names of what join creates in a member for one federation. */
export interface MemberAccessNames {
  serviceAccount: string;
  clusterRole: string;
  /** enabledTypesRole aggregates what `kubefed enable` grants (see enabledTypesRole). */
  enabledTypesRole: string;
  tokenRole: string;
  tokenSecret: string;
  admissionPolicy: string;
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
  return {
    serviceAccount: base,
    clusterRole: `kubefed:${base}`,
    enabledTypesRole: `kubefed:${base}:enabled-types`,
    tokenRole: `kubefed:${base}:token`,
    tokenSecret: `${base}-token`,
    admissionPolicy: `${base}-restrictions`,
  };
}

/** serviceAccountUser is the user name a member's API server gives kubefed's ServiceAccount. */
export function serviceAccountUser(names: MemberAccessNames): string {
  return `system:serviceaccount:${federationNamespace}:${names.serviceAccount}`;
}

/**
 * memberAccessObjects are what join creates in a member, in order: the namespace, the ServiceAccount, its
 * roles and bindings, the token Secret, and the admission policy that fences the ServiceAccount in.
 */
export function memberAccessObjects(names: MemberAccessNames): KubeObject[] {
  const labels = { 'app.kubernetes.io/managed-by': 'kubefed' };
  const subjects = [{ kind: 'ServiceAccount', name: names.serviceAccount, namespace: federationNamespace }];
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: federationNamespace, labels } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: names.serviceAccount, namespace: federationNamespace, labels } },
    memberClusterRole(names.clusterRole),
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: names.clusterRole, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: names.clusterRole },
      subjects,
    },
    enabledTypesRole(names.enabledTypesRole, names.serviceAccount),
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: names.enabledTypesRole, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: names.enabledTypesRole },
      subjects,
    },
    memberTokenRole(names.tokenRole, names.serviceAccount),
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: names.tokenRole, namespace: federationNamespace, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: names.tokenRole },
      subjects,
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
    ...admissionPolicyObjects(names.admissionPolicy, serviceAccountUser(names), names.serviceAccount),
  ];
}
