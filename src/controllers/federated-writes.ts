import type { KubeClient } from '../kube/client.js';
import type { KubeObject } from '../core/objects.js';
import { objectPath, type ResourceType } from '../kube/resources.js';

const mergePatch = 'application/merge-patch+json';

/** FederationWriter is the part of the federation client these writes use. */
export type FederationWriter = Pick<KubeClient, 'request'>;

/**
 * setFinalizers replaces the finalizer list, guarded by the resourceVersion it was computed from, so
 * a concurrent change of the list fails with a conflict (and a retry) instead of being overwritten.
 */
export function setFinalizers(client: FederationWriter, type: ResourceType, object: KubeObject, finalizers: string[]): Promise<KubeObject> {
  const { namespace, name, resourceVersion } = object.metadata;
  return client.request<KubeObject>({
    method: 'PATCH',
    path: objectPath(type, namespace, name ?? ''),
    contentType: mergePatch,
    body: { metadata: { resourceVersion, finalizers: finalizers.length > 0 ? finalizers : null } },
  });
}

/** annotationChanges lists the annotations to set (or, as null, remove), or undefined when the object already agrees. */
export function annotationChanges(
  object: KubeObject,
  wanted: Record<string, string | null> | undefined,
): Record<string, string | null> | undefined {
  const current = object.metadata.annotations ?? {};
  const changed = Object.entries(wanted ?? {}).filter(([key, value]) => (value === null ? key in current : current[key] !== value));
  return changed.length > 0 ? Object.fromEntries(changed) : undefined;
}

export function patchAnnotations(
  client: FederationWriter,
  type: ResourceType,
  object: KubeObject,
  annotations: Record<string, string | null>,
): Promise<KubeObject> {
  const { namespace, name } = object.metadata;
  return client.request<KubeObject>({
    method: 'PATCH',
    path: objectPath(type, namespace, name ?? ''),
    contentType: mergePatch,
    body: { metadata: { annotations } },
  });
}

/** patchStatus writes a status merge patch (see propagation/merge-patch.ts) to the status subresource. */
export function patchStatus(client: FederationWriter, type: ResourceType, object: KubeObject, patch: unknown): Promise<KubeObject> {
  const { namespace, name } = object.metadata;
  return client.request<KubeObject>({
    method: 'PATCH',
    path: objectPath(type, namespace, name ?? '', 'status'),
    contentType: mergePatch,
    body: { status: patch },
  });
}
