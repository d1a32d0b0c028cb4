import type { KubeObject } from '../../core/objects.js';
import { formatMemberStates, memberStates } from '../../core/annotations/member-states.js';
import { memberStatesAnnotation } from '../../core/well-known.js';
import type { ResourceType } from '../../kube/resources.js';
import type { KindAdapter } from '../adapter.js';
import { withOverrides } from '../overrides.js';
import { isFederatedNamespaceObject } from './system-objects.js';
import { wholeObjectIntents } from './whole-object.js';

/** The top-level fields that are never sent: the type and metadata are rebuilt, status belongs to each member. */
const notSent = new Set(['apiVersion', 'kind', 'metadata', 'status']);

/**
 * Objects every cluster makes for itself, by kind: the default ServiceAccount of each namespace. A
 * copy would clash with the member's own (AlreadyExistsInCluster in every namespace).
 */
const perClusterObjects: Record<string, readonly string[]> = { ServiceAccount: ['default'] };

/** genericBody is everything of an object but its type, metadata and status: spec, data, rules, whatever the type has. */
export function genericBody(object: KubeObject): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([field]) => !notSent.has(field)));
}

/**
 * federatesGeneric: namespaced objects outside the clusters' own namespaces, cluster-scoped ones unless
 * their name marks them as the system's ("system:" roles, "system-" priority classes), and never the
 * objects each cluster makes for itself.
 */
export function federatesGeneric(type: ResourceType, object: KubeObject): boolean {
  const name = object.metadata.name ?? '';
  if (perClusterObjects[type.kind]?.includes(name)) {
    return false;
  }
  return type.namespaced ? isFederatedNamespaceObject(object.metadata.namespace) : !/^system[:-]/.test(name);
}

/**
 * genericAdapter propagates objects of any enabled type whole, with server-side apply: no replica
 * splitting and no status sent or aggregated (kubefed does not know what the type's status means).
 * Instead the federated object carries memberStatesAnnotation: each member's sync state and its copy's
 * Ready/Available condition, which `kubefed status` shows; redact blanks secret values out of the
 * conditions' words (the controller-manager passes its Redactor's). Per-cluster overrides apply (the
 * adapter comes with them; it is not wrapped again).
 */
export function genericAdapter(type: ResourceType, redact?: (text: string) => string): KindAdapter {
  // The states compare each copy with its intent after the overrides, so the adapter takes them itself.
  const overridden = withOverrides<undefined>({
    type,
    controller: `${type.plural}${type.group ? `.${type.group}` : ''}`,
    splitsReplicas: false,
    federates: (object) => federatesGeneric(type, object),
    render: (object, context) => wholeObjectIntents(object, context, genericBody(object)),
  });
  return {
    ...overridden,
    render: (object, context) => {
      const rendered = overridden.render(object, context);
      const states = formatMemberStates(memberStates(rendered.intents, (cluster) => context.actual(cluster), redact));
      return { ...rendered, annotations: { ...rendered.annotations, [memberStatesAnnotation]: states } };
    },
  };
}
