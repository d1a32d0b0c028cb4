import type { KubeObject } from '../../kube/objects.js';
import type { FieldPath } from '../../propagation/paths.js';
import { intentFor, type MemberIntent, memberObject } from '../../propagation/render.js';
import { sourceGenerationAnnotation } from '../../propagation/vocabulary.js';
import type { PlacementContext, RenderResult } from '../adapter.js';

/**
 * wholeObjectIntents gives every placed cluster the same copy of a federated object: its identity,
 * labels, annotations and the given body. trackGeneration records the federated generation on the
 * copy, for kinds whose aggregated status reports when every member has seen a change.
 */
export function wholeObjectIntents(
  object: KubeObject,
  context: PlacementContext<unknown>,
  body: Record<string, unknown>,
  options: { trackGeneration?: boolean; retainedPaths?: FieldPath[] } = {},
): RenderResult {
  const intents = new Map<string, MemberIntent>();
  const copy = withGeneration(memberObject(object, context.federation, body), object, options.trackGeneration ?? false);
  const intent = intentFor(copy, options.retainedPaths);
  for (const cluster of context.clusters) {
    intents.set(cluster.name, intent);
  }
  return { intents };
}

/** withGeneration stamps a member copy with the federated generation it was rendered from. */
export function withGeneration(copy: KubeObject, source: KubeObject, track: boolean): KubeObject {
  if (!track || source.metadata.generation === undefined) {
    return copy;
  }
  const annotations = { ...(copy.metadata.annotations ?? {}), [sourceGenerationAnnotation]: String(source.metadata.generation) };
  return { ...copy, metadata: { ...copy.metadata, annotations } };
}
