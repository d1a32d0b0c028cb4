import type { KubeObject } from '../core/objects.js';

/**
 * isNewer tells whether candidate is a later version of the object than current (absent counts as older). Kubernetes
 * only promises resourceVersions are opaque, but every storage in use (etcd) issues increasing integers; anything
 * else is treated as not newer, so the cache stays the truth.
 */
export function isNewer(candidate: KubeObject, current: KubeObject | undefined): boolean {
  if (!current) {
    return true;
  }
  const a = Number(candidate.metadata.resourceVersion);
  const b = Number(current.metadata.resourceVersion);
  return Number.isFinite(a) && Number.isFinite(b) ? a > b : false;
}
