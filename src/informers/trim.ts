import type { KubeObject } from '../core/objects.js';
import { StringPool } from './string-pool.js';

/** Annotations that can be as large as the object itself and that kubefed never reads. */
const bulkyAnnotations = ['kubectl.kubernetes.io/last-applied-configuration'];

/** One pool for every cache: the same namespace or hash in the federation and in M members is then held once. */
const sharedPool = new StringPool();

/**
 * trimObject returns the object without what kubefed never reads: managedFields (often larger than the object),
 * kubectl's last-applied copy, and any further metadata fields named in `omit`; the namespace, labels, annotations
 * and finalizers come back interned. Caches hold every object of a kind, so this is most of their memory. metadata
 * is rebuilt rather than edited with `delete`, which would turn every cached metadata object into a slower and
 * larger dictionary.
 */
export function trimObject<T extends KubeObject>(object: T, omit: readonly string[] = [], pool: StringPool = sharedPool): T {
  const metadata: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object.metadata)) {
    if (key === 'managedFields' || omit.includes(key)) {
      continue;
    }
    metadata[key] = internField(key, value, pool);
  }
  return { ...object, metadata };
}

function internField(key: string, value: unknown, pool: StringPool): unknown {
  switch (key) {
    case 'namespace':
      return typeof value === 'string' ? pool.intern(value) : value;
    case 'labels':
      return isStringMap(value) ? pool.internValues(value) : value;
    case 'annotations':
      return isStringMap(value) ? pool.internValues(withoutBulky(value)) : value;
    case 'finalizers':
      return Array.isArray(value) ? value.map((entry: unknown) => (typeof entry === 'string' ? pool.intern(entry) : entry)) : value;
    default:
      return value;
  }
}

function isStringMap(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withoutBulky(annotations: Record<string, string>): Record<string, string> {
  if (!bulkyAnnotations.some((key) => key in annotations)) {
    return annotations;
  }
  return Object.fromEntries(Object.entries(annotations).filter(([key]) => !bulkyAnnotations.includes(key)));
}
