import type { KubeObject } from '../core/objects.js';
import { contentDigestsField } from '../core/propagation/content-digest.js';
import { sharedPool, type StringPool } from './string-pool.js';

/** Annotations that can be as large as the object itself and that kubefed never reads. */
const bulkyAnnotations = ['kubectl.kubernetes.io/last-applied-configuration'];

/**
 * trimObject returns the object without what kubefed never reads: managedFields (often larger than the object),
 * kubectl's last-applied copy, and any further metadata fields named in `omit`; the namespace, name, annotations,
 * finalizers and a member copy's value digests come back interned, and labels as one shared frozen map per distinct
 * set. Caches hold every object of a kind, so this is most of their memory. metadata is rebuilt rather than edited
 * with `delete`, which would turn every cached metadata object into a slower and larger dictionary.
 */
export function trimObject<T extends KubeObject>(object: T, omit: readonly string[] = [], pool: StringPool = sharedPool): T {
  const metadata: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object.metadata)) {
    if (key === 'managedFields' || omit.includes(key)) {
      continue;
    }
    metadata[key] = internField(key, value, pool);
  }
  const digests = object[contentDigestsField];
  if (isPlainObject(digests)) {
    return { ...object, metadata, [contentDigestsField]: internDigests(digests, pool) };
  }
  return { ...object, metadata };
}

/** internDigests interns the digests of a member copy's values: equal values in other copies and members share them. */
function internDigests(digests: Record<string, unknown>, pool: StringPool): Record<string, unknown> {
  return Object.fromEntries(Object.entries(digests).map(([field, values]) => [field, isStringMap(values) ? pool.internValues(values) : values]));
}

function internField(key: string, value: unknown, pool: StringPool): unknown {
  switch (key) {
    case 'namespace':
    case 'name':
      return typeof value === 'string' ? pool.intern(value) : value;
    case 'labels':
      return isStringMap(value) ? pool.sharedMap(value) : value;
    case 'annotations':
      return isStringMap(value) ? pool.internValues(withoutBulky(value)) : value;
    case 'finalizers':
      return Array.isArray(value) ? value.map((entry: unknown) => (typeof entry === 'string' ? pool.intern(entry) : entry)) : value;
    default:
      return value;
  }
}

function isStringMap(value: unknown): value is Record<string, string> {
  return isPlainObject(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withoutBulky(annotations: Record<string, string>): Record<string, string> {
  if (!bulkyAnnotations.some((key) => key in annotations)) {
    return annotations;
  }
  return Object.fromEntries(Object.entries(annotations).filter(([key]) => !bulkyAnnotations.includes(key)));
}
