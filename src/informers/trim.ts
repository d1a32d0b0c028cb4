import type { KubeObject } from '../kube/objects.js';

/** Annotations that can be as large as the object itself and that kubefed never reads. */
const bulkyAnnotations = ['kubectl.kubernetes.io/last-applied-configuration'];

/**
 * trimObject drops from a cached object what kubefed never reads: managedFields (often larger than
 * the object) and kubectl's last-applied copy. Caches hold every object of a kind, so this is most
 * of their memory.
 */
export function trimObject<T extends KubeObject>(object: T): T {
  const metadata = object.metadata;
  if (metadata.managedFields !== undefined) {
    delete metadata.managedFields;
  }
  if (metadata.annotations) {
    for (const key of bulkyAnnotations) {
      delete metadata.annotations[key];
    }
  }
  return object;
}
