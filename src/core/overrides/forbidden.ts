import { federationIdLabel, managedByLabel } from '../well-known.js';
import { formatPointer, isPrefix, type Pointer } from './json-patch.js';

const identityLabels = new Set([managedByLabel, federationIdLabel]);
const privateAnnotationPrefix = 'federation.kubefed.dev/';

/**
 * forbiddenReason says why an override may not touch a path of a member copy, or undefined when it may.
 * The copy's type, name and namespace, status, server-set metadata and kubefed's own labels and
 * annotations are never overridden; neither are the fields kubefed computes for each member
 * (computedPaths, from the kind: the split replicas, HPA bounds, Job parallelism and completions),
 * nor anything that contains or lies within one of them.
 */
export function forbiddenReason(path: Pointer, computedPaths: readonly Pointer[]): string | undefined {
  const [top, field, key] = path;
  if (top === undefined) {
    return 'the whole object cannot be overridden';
  }
  if (top === 'apiVersion' || top === 'kind') {
    return `${top} is the object's type`;
  }
  if (top === 'status') {
    return 'status is never sent to members';
  }
  if (top === 'metadata') {
    if (field !== 'labels' && field !== 'annotations') {
      return `${formatPointer(path)}: only /metadata/labels/<key> and /metadata/annotations/<key> can be overridden (name, namespace and the rest belong to kubefed, the API server or the member)`;
    }
    if (key === undefined) {
      return `/metadata/${field} as a whole holds kubefed's own entries; override single keys (/metadata/${field}/<key>)`;
    }
    if (field === 'labels' && identityLabels.has(key)) {
      return `label ${key} is kubefed's identity label`;
    }
    if (field === 'annotations' && key.startsWith(privateAnnotationPrefix)) {
      return `annotation ${key} is kubefed's own (${privateAnnotationPrefix}*)`;
    }
    return undefined;
  }
  const computed = computedPaths.find((computedPath) => isPrefix(path, computedPath) || isPrefix(computedPath, path));
  return computed === undefined ? undefined : `${formatPointer(computed)} is computed by kubefed for each member`;
}
