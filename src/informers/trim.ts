import type { KubeObject, ObjectMeta } from '../kube/objects.js';

/** Annotations that can be as large as the object itself and that kubefed never reads. */
const bulkyAnnotations = ['kubectl.kubernetes.io/last-applied-configuration'];

/**
 * trimObject returns the object without what kubefed never reads: managedFields (often larger than the object),
 * kubectl's last-applied copy, and any further metadata fields named in `omit`. Caches hold every object of a
 * kind, so this is most of their memory. metadata is rebuilt rather than edited with `delete`, which would turn
 * every cached metadata object into a slower and larger dictionary.
 */
export function trimObject<T extends KubeObject>(object: T, omit: readonly string[] = []): T {
  const metadata: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object.metadata)) {
    if (key === 'managedFields' || omit.includes(key)) {
      continue;
    }
    metadata[key] = key === 'annotations' ? withoutBulky(value as Record<string, string>) : value;
  }
  return { ...object, metadata: metadata as ObjectMeta };
}

function withoutBulky(annotations: Record<string, string>): Record<string, string> {
  if (!bulkyAnnotations.some((key) => key in annotations)) {
    return annotations;
  }
  return Object.fromEntries(Object.entries(annotations).filter(([key]) => !bulkyAnnotations.includes(key)));
}
