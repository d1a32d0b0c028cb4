import type { KubeObject } from '../../core/objects.js';
import {
  configMaps,
  daemonSets,
  deployments,
  horizontalPodAutoscalers,
  ingresses,
  jobs,
  namespaces,
  replicaSets,
  type ResourceType,
  secrets,
  services,
} from '../../kube/resources.js';
import { clusterNamespaceNames, isClusterNamespace } from './system-objects.js';

/**
 * FederatedScope says, as data, which objects of a built-in kind kubefed federates. It is the one
 * source of both the adapters' federates (inScope) and the match conditions of the admission policy
 * that gives those objects kubefed's finalizer at creation (scopeExpression, see finalizer-policy.ts).
 */
export interface FederatedScope {
  /** namespaced: objects in a cluster's own namespaces (kube-system, federation-system…) are not federated. */
  namespaced: boolean;
  /** names that are never federated, in any namespace (each cluster's own kube-root-ca.crt). */
  names?: readonly string[];
  /** single objects that are never federated (each API server's default/kubernetes Service). */
  objects?: readonly { namespace: string; name: string }[];
  /** types (a Secret's type) that are never federated: credentials of the cluster they were made in. */
  types?: readonly string[];
}

const namespaced: FederatedScope = { namespaced: true };

/** builtInScopes: each built-in kind's scope, by its --controllers name. */
export const builtInScopes = {
  configmaps: { type: configMaps, scope: { namespaced: true, names: ['kube-root-ca.crt'] } },
  secrets: { type: secrets, scope: { namespaced: true, types: ['kubernetes.io/service-account-token', 'bootstrap.kubernetes.io/token'] } },
  namespaces: { type: namespaces, scope: { namespaced: false, names: ['default', ...clusterNamespaceNames] } },
  services: { type: services, scope: { namespaced: true, objects: [{ namespace: 'default', name: 'kubernetes' }] } },
  ingresses: { type: ingresses, scope: namespaced },
  daemonsets: { type: daemonSets, scope: namespaced },
  deployments: { type: deployments, scope: namespaced },
  replicasets: { type: replicaSets, scope: namespaced },
  jobs: { type: jobs, scope: namespaced },
  horizontalpodautoscalers: { type: horizontalPodAutoscalers, scope: namespaced },
} as const satisfies Record<string, { type: ResourceType; scope: FederatedScope }>;

/** scopeOf finds a built-in kind's scope by its type; a namespaced kind not listed is scoped by its namespace alone. */
export function scopeOf(type: ResourceType): FederatedScope {
  const entry = Object.values(builtInScopes).find((candidate) => candidate.type.group === type.group && candidate.type.plural === type.plural);
  return entry?.scope ?? { namespaced: type.namespaced };
}

/** inScope says whether kubefed federates object under scope. */
export function inScope(scope: FederatedScope, object: KubeObject): boolean {
  const { namespace, name = '' } = object.metadata;
  const type = (object as { type?: unknown }).type;
  return (
    !(scope.namespaced && isClusterNamespace(namespace)) &&
    !scope.names?.includes(name) &&
    !scope.objects?.some((excluded) => excluded.namespace === namespace && excluded.name === name) &&
    !(typeof type === 'string' && scope.types?.includes(type))
  );
}

/** cel quotes a string as a CEL literal (the names here are Kubernetes names, so only quotes and backslashes need escaping). */
function cel(text: string): string {
  return `'${text.replace(/[\\']/g, (character) => `\\${character}`)}'`;
}

function celList(items: readonly string[]): string {
  return `[${items.map(cel).join(', ')}]`;
}

/**
 * scopeExpression is inScope as a CEL expression over an admission request for a CREATE of the kind.
 * The name is read from the object (a generateName create has none yet: its name cannot be excluded).
 */
export function scopeExpression(scope: FederatedScope): string {
  const name = "(has(object.metadata.name) ? object.metadata.name : '')";
  const terms = [
    scope.namespaced ? `!(request.namespace in ${celList(clusterNamespaceNames)})` : undefined,
    scope.names ? `!(${name} in ${celList(scope.names)})` : undefined,
    ...(scope.objects ?? []).map((excluded) => `!(request.namespace == ${cel(excluded.namespace)} && ${name} == ${cel(excluded.name)})`),
    scope.types ? `!(has(object.type) && object.type in ${celList(scope.types)})` : undefined,
  ].filter((term): term is string => term !== undefined);
  return terms.length > 0 ? terms.join(' && ') : 'true';
}

/** resourceName names a kind's resource as the policy's parameters list it: "configmaps", "deployments.apps". */
export function resourceName(type: ResourceType): string {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}
