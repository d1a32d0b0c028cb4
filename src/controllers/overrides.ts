import type { KubeObject } from '../core/objects.js';
import { overrideIntents } from '../core/overrides/intents.js';
import { OverridesError } from '../core/overrides/rules.js';
import type { MemberIntent } from '../core/propagation/render.js';
import { appliedHashAnnotation, overridesAnnotation } from '../core/well-known.js';
import type { KindAdapter, PlacementContext, RenderResult } from './adapter.js';

/**
 * withOverrides makes an adapter apply the federated object's overrides annotation to what it renders:
 * after the kind's own rendering (the replica split, HPA bounds), before the reconciler compares with
 * the members. An unusable annotation is all or nothing: an InvalidOverrides Warning, and every placed
 * member keeps the copy it has (none is created, changed or removed; the kind's annotations, such as the
 * replica placement, are not written either), until the annotation is fixed or removed.
 */
export function withOverrides<Observations>(adapter: KindAdapter<Observations>): KindAdapter<Observations> {
  return {
    ...adapter,
    render: (object, context) => overrideRender(object, context, adapter.render(object, context), adapter.computedPaths ?? []),
  };
}

/** overrideRender is withOverrides for one rendering. */
export function overrideRender<Observations>(
  object: KubeObject,
  context: PlacementContext<Observations>,
  rendered: RenderResult,
  computedPaths: NonNullable<KindAdapter['computedPaths']>,
): RenderResult {
  const annotation = object.metadata.annotations?.[overridesAnnotation];
  if (annotation === undefined) {
    return rendered;
  }
  const clusters = context.clusters.map((view) => ({ name: view.name, labels: view.labels }));
  try {
    return { ...rendered, intents: overrideIntents(rendered.intents, clusters, annotation, computedPaths) };
  } catch (error) {
    if (!(error instanceof OverridesError)) {
      throw error;
    }
    const { annotations: _kept, ...rest } = rendered;
    return {
      ...rest,
      intents: unchangedIntents(context),
      warnings: [...(rendered.warnings ?? []), { reason: 'InvalidOverrides', message: `${error.message}; every member copy is left as it is` }],
    };
  }
}

/** unchangedIntents asks each placed member to keep exactly the copy it has (and a member without one to get none). */
function unchangedIntents(context: PlacementContext<unknown>): Map<string, MemberIntent> {
  const intents = new Map<string, MemberIntent>();
  for (const view of context.clusters) {
    const copy = context.actual(view.name);
    if (copy) {
      intents.set(view.name, { object: copy, hash: copy.metadata.annotations?.[appliedHashAnnotation] ?? '', retainedPaths: [] });
    }
  }
  return intents;
}
