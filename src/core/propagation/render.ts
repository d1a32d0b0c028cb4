import type { KubeObject } from '../objects.js';
import { contentHash } from './canonical.js';
import { type FieldPath, getPath, withoutPaths, withPath } from './paths.js';
import { type FederationIdentity, identityLabels } from './identity.js';
import { appliedHashAnnotation } from '../well-known.js';

/**
 * MemberIntent is what kubefed wants one member to hold. Fields under retainedPaths belong to the
 * member (a member HPA's replicas, say): they are left out of the hash and the drift check, and
 * filled from the member's own object when kubefed applies, so kubefed never changes them.
 */
export interface MemberIntent {
  object: KubeObject;
  hash: string;
  retainedPaths: readonly FieldPath[];
}

/** Annotations that are the federation's business and never reach members. */
const privateAnnotationPrefixes = ['federation.kubefed.dev/', 'kubectl.kubernetes.io/last-applied-configuration'];

/**
 * memberObject copies the identity, labels and annotations of a federated object into a member
 * object with the given body (spec, data ...), labelled as this federation's. Server-set metadata (uid, resourceVersion, finalizers,
 * owner references, managedFields) is never copied: members allocate their own.
 */
export function memberObject(source: KubeObject, federation: FederationIdentity, body: Record<string, unknown>): KubeObject {
  const { name, namespace, labels, annotations } = source.metadata;
  const kept = Object.entries(annotations ?? {}).filter(
    ([key]) => !privateAnnotationPrefixes.some((prefix) => key.startsWith(prefix)),
  );
  return {
    apiVersion: source.apiVersion,
    kind: source.kind,
    metadata: {
      name,
      ...(namespace ? { namespace } : {}),
      labels: { ...(labels ?? {}), ...identityLabels(federation) },
      ...(kept.length > 0 ? { annotations: Object.fromEntries(kept) } : {}),
    },
    ...body,
  };
}

/** intentFor stamps an object with the hash of its kubefed-owned content. */
export function intentFor(object: KubeObject, retainedPaths: readonly FieldPath[] = []): MemberIntent {
  const hash = contentHash(withoutPaths(object, retainedPaths));
  const annotations = { ...(object.metadata.annotations ?? {}), [appliedHashAnnotation]: hash };
  return { object: { ...object, metadata: { ...object.metadata, annotations } }, hash, retainedPaths };
}

/** applyBody is the intent with retained fields copied from the member's current object (a new copy takes the intent's). */
export function applyBody(intent: MemberIntent, actual: KubeObject | undefined): KubeObject {
  if (actual === undefined) {
    return intent.object;
  }
  let body = withoutPaths(intent.object, intent.retainedPaths);
  for (const path of intent.retainedPaths) {
    const value = getPath(actual, path);
    if (value !== undefined) {
      body = withPath(body, path, value);
    }
  }
  return body;
}
