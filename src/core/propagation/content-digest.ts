import { createHash } from 'node:crypto';
import type { KubeObject } from '../objects.js';

/**
 * The fields of a ConfigMap or Secret whose values can be as large as the object (up to ~1 MiB each).
 * A member cache keeps a digest of each value instead, which is all the drift check needs; the bytes
 * (and, for a Secret, the secret itself) then live only in the federation's cache and in flight.
 */
const bulkyFields = ['data', 'binaryData'] as const;

/** Where a trimmed copy keeps the digests of its bulky fields: a name no Kubernetes object uses. */
export const contentDigestsField = 'contentDigests';

export type ContentDigests = Partial<Record<(typeof bulkyFields)[number], Record<string, string>>>;

/** valueDigest is a fixed-size stand-in for one value: equal values give equal digests, and nothing of the value can be read back. */
export function valueDigest(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/** holdsBulkyContent: only core ConfigMaps and Secrets carry string maps that are worth digesting. */
function holdsBulkyContent(object: KubeObject): boolean {
  return object.apiVersion === 'v1' && (object.kind === 'ConfigMap' || object.kind === 'Secret');
}

/**
 * digestContent returns the object with each value of `data` and `binaryData` replaced by its digest,
 * under contentDigests (so a digest is never taken for data). Other objects, and objects already
 * digested, come back as they are. A value equal to the same key's in `sent` (what kubefed wrote; its
 * digests are remembered, see comparableContent) takes that digest instead of being hashed again.
 */
export function digestContent(object: KubeObject, sent?: KubeObject): KubeObject {
  if (!holdsBulkyContent(object) || !bulkyFields.some((field) => object[field] !== undefined)) {
    return object;
  }
  const known = sent === undefined ? undefined : (comparableContent(sent)[contentDigestsField] as ContentDigests | undefined);
  const { data, binaryData, ...rest } = object;
  const digests: ContentDigests = {};
  for (const [field, values] of [['data', data], ['binaryData', binaryData]] as const) {
    // An empty map and no map are the same to the API server (it stores neither).
    if (isStringMap(values) && Object.keys(values).length > 0) {
      const sentValues = sent?.[field] as Record<string, unknown> | undefined;
      const digestOf = (key: string, value: string) => (sentValues?.[key] === value ? known?.[field]?.[key] : undefined) ?? valueDigest(value);
      digests[field] = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, digestOf(key, value)]));
    }
  }
  return { ...rest, [contentDigestsField]: digests };
}

const comparable = new WeakMap<KubeObject, KubeObject>();

/**
 * comparableContent is digestContent remembered per object: the intent for a ConfigMap is one object
 * shared by every member it is placed in, so its megabyte is hashed once, not once per member and check.
 */
export function comparableContent(object: KubeObject): KubeObject {
  let digested = comparable.get(object);
  if (digested === undefined) {
    digested = digestContent(object);
    comparable.set(object, digested);
  }
  return digested;
}

function isStringMap(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((entry) => typeof entry === 'string');
}
