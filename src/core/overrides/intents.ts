import type { KubeObject } from '../objects.js';
import { intentFor, type MemberIntent } from '../propagation/render.js';
import { appliedHashAnnotation, overridesAnnotation } from '../well-known.js';
import { overrideCopy, type OverrideTarget } from './apply.js';
import { parseOverrides } from './codec.js';
import type { Pointer } from './json-patch.js';
import { OverridesError } from './rules.js';

/**
 * overrideIntents applies a federated object's overrides annotation to the rendered intents (after the
 * replica split, before the diff) and stamps each changed copy with its new hash. All or nothing: an
 * invalid annotation, or a rule that does not fit any one member's copy, throws one OverridesError and
 * changes no intent. Without the annotation the intents are returned as they are.
 */
export function overrideIntents(
  intents: ReadonlyMap<string, MemberIntent>,
  clusters: readonly OverrideTarget[],
  annotation: string | undefined,
  computedPaths: readonly Pointer[],
): Map<string, MemberIntent> {
  const rules = parseOverrides(annotation, computedPaths);
  if (rules.length === 0) {
    return new Map(intents);
  }
  const result = new Map<string, MemberIntent>();
  const problems: string[] = [];
  for (const [name, intent] of intents) {
    const cluster = clusters.find((candidate) => candidate.name === name) ?? { name, labels: {} };
    try {
      const { object, operations } = overrideCopy(withoutHash(intent.object), cluster, rules, computedPaths);
      result.set(name, operations.length === 0 ? intent : intentFor(object, intent.retainedPaths));
    } catch (error) {
      if (!(error instanceof OverridesError)) {
        throw error;
      }
      problems.push(error.message.replace(`${overridesAnnotation}: `, ''));
    }
  }
  if (problems.length > 0) {
    throw new OverridesError(`${overridesAnnotation}: ${problems.join('; ')}`);
  }
  return result;
}

/** withoutHash is a rendered copy as it was before intentFor stamped it. */
function withoutHash(object: KubeObject): KubeObject {
  const { [appliedHashAnnotation]: _hash, ...annotations } = object.metadata.annotations ?? {};
  const { annotations: _annotations, ...metadata } = object.metadata;
  return { ...object, metadata: Object.keys(annotations).length > 0 ? { ...metadata, annotations } : metadata };
}
