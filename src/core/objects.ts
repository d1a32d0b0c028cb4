/** ObjectMeta is the part of metadata kubefed reads; timestamps stay the strings the API server sent. */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
  managedFields?: unknown[];
  /**
   * createdByUpdate is kubefed's own note on a cached member copy (never sent to a server): the index
   * of kubefed's managedFields entry when the copy was made with a plain create.
   */
  createdByUpdate?: number;
  /**
   * userNodePorts is kubefed's own note on a cached federated Service (never sent to a server): the
   * ports ("80/TCP") whose nodePort a user set, read from managedFields before the cache drops them.
   */
  userNodePorts?: string[];
}

/** ObjectStatus is what kubefed reads of any kind's status: the fields the API conventions give every kind. */
export interface ObjectStatus {
  observedGeneration?: number;
  conditions?: Condition[];
  [field: string]: unknown;
}

/**
 * KubeObject is a Kubernetes object as JSON. Spec and Status narrow it to one kind (see kinds.ts);
 * without them the spec is unknown and the status has only the conventional fields.
 */
export interface KubeObject<Spec = unknown, Status extends ObjectStatus = ObjectStatus> {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: Spec;
  status?: Status;
  [field: string]: unknown;
}

/** KubeList is a list response. */
export interface KubeList<T extends KubeObject = KubeObject> {
  metadata: { resourceVersion?: string; continue?: string };
  items: T[];
}

/** Condition is the shape of status conditions across kinds. */
export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastProbeTime?: string;
  lastUpdateTime?: string;
  observedGeneration?: number;
}

/** objectKey is the cache and queue key: "namespace/name", or "name" for cluster-scoped objects. */
export function objectKey(object: { metadata: ObjectMeta }): string {
  const { namespace, name } = object.metadata;
  return namespace ? `${namespace}/${name ?? ''}` : (name ?? '');
}

/** splitKey reverses objectKey. */
export function splitKey(key: string): { namespace?: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
