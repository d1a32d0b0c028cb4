import type { KubeObject } from '../../core/objects.js';
import type { FieldPath } from '../../core/propagation/paths.js';
import { intentFor, type MemberIntent, memberObject } from '../../core/propagation/render.js';
import type { PlacementContext, RenderResult } from '../adapter.js';

/**
 * wholeObjectIntents gives every placed cluster the same copy of a federated object: its identity,
 * labels, annotations and the given body.
 */
export function wholeObjectIntents(
  object: KubeObject,
  context: PlacementContext<unknown>,
  body: Record<string, unknown>,
  options: { retainedPaths?: FieldPath[] } = {},
): RenderResult {
  const intents = new Map<string, MemberIntent>();
  const intent = intentFor(memberObject(object, context.federation, body), options.retainedPaths);
  for (const cluster of context.clusters) {
    intents.set(cluster.name, intent);
  }
  return { intents };
}
