import type { KubeObject } from '../objects.js';
import type { MemberView } from '../../members/registry.js';
import {
  clusterSelectorAnnotation,
  matchesClusterSelector,
  parseClusterSelector,
  SelectorError,
} from '../../scheduling/cluster-selector.js';

/** Placement lists the members an object goes to; error explains a selector that could not be used. */
export interface Placement<V extends MemberView<unknown> = MemberView> {
  clusters: V[];
  error?: string;
}

/**
 * placeObject applies the cluster selector to the joined members. Replica-split kinds also leave out
 * members that failed over (not ready past the grace period), so their replicas move elsewhere. A
 * selector that does not parse changes nothing: the object stays where it already is.
 */
export function placeObject<V extends MemberView<unknown>>(
  object: KubeObject,
  views: V[],
  splitsReplicas: boolean,
  holdsCopy: (cluster: string) => boolean,
): Placement<V> {
  let clusters: V[];
  try {
    const requirements = parseClusterSelector(object.metadata.annotations?.[clusterSelectorAnnotation]);
    clusters = views.filter((view) => matchesClusterSelector(requirements, view.labels));
  } catch (error) {
    if (!(error instanceof SelectorError)) {
      throw error;
    }
    return { clusters: views.filter((view) => holdsCopy(view.name)), error: error.message };
  }
  return { clusters: splitsReplicas ? clusters.filter((view) => !view.failed) : clusters };
}
