import type { KubeObject } from '../objects.js';
import { appliedHashAnnotation } from '../well-known.js';
import type { MemberCopy } from './member-copy.js';

/**
 * observedGeneration reports the federated generation as observed only once every member that should
 * hold a copy holds the current rendering (its applied hash matches) and the member's controller has
 * observed that copy, so `kubectl rollout status` against the federation waits for the whole rollout
 * (v1 reported it too early, or never). Until then the previous value stands.
 */
export function observedGeneration(source: KubeObject, copies: MemberCopy[]): number | undefined {
  const previous = source.status?.observedGeneration;
  const observed = copies.every(({ object, hash }) => {
    if (hash === undefined) {
      return true;
    }
    const seen = object?.status?.observedGeneration ?? 0;
    return object?.metadata.annotations?.[appliedHashAnnotation] === hash && seen >= (object.metadata.generation ?? 0);
  });
  return observed ? source.metadata.generation : previous;
}
