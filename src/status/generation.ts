import type { KubeObject } from '../kube/objects.js';
import { sourceGenerationAnnotation } from '../propagation/vocabulary.js';
import type { MemberCopy } from '../controllers/adapter.js';

/**
 * observedGeneration reports the federated generation as observed only once every member copy was
 * rendered from it and the member's controller has observed that copy, so `kubectl rollout status`
 * against the federation waits for the whole rollout (v1 reported it too early, or never).
 */
export function observedGeneration(source: KubeObject, copies: MemberCopy[]): number | undefined {
  const generation = source.metadata.generation;
  const previous = (source.status as { observedGeneration?: number } | undefined)?.observedGeneration;
  const observed = copies.every(({ object }) => {
    if (!object) {
      return false;
    }
    const seen = (object.status as { observedGeneration?: number } | undefined)?.observedGeneration ?? 0;
    return object.metadata.annotations?.[sourceGenerationAnnotation] === String(generation) && seen >= (object.metadata.generation ?? 0);
  });
  return observed ? generation : previous;
}
