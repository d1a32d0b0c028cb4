import type { KubeObject } from '../objects.js';
import {
  clusterSelectorAnnotation,
  matchesClusterSelector,
  parseClusterSelector,
  SelectorError,
} from '../../scheduling/cluster-selector.js';

/** PlacementCandidate is what placement needs to know of a joined member (the registry's views carry more). */
export interface PlacementCandidate {
  name: string;
  labels: Record<string, string>;
  /** failed is true once the member has been not ready for longer than the failover grace period. */
  failed: boolean;
}

/** Placement lists the members an object goes to; error explains a selector that could not be used. */
export interface Placement<Candidate extends PlacementCandidate = PlacementCandidate> {
  clusters: Candidate[];
  error?: string;
}

/**
 * placeObject applies the cluster selector to the joined members. Replica-split kinds also leave out
 * members that failed over (not ready past the grace period), so their replicas move elsewhere. A
 * selector that does not parse changes nothing: the object stays where it already is.
 */
export function placeObject<Candidate extends PlacementCandidate>(
  object: KubeObject,
  views: Candidate[],
  splitsReplicas: boolean,
  holdsCopy: (cluster: string) => boolean,
): Placement<Candidate> {
  let clusters: Candidate[];
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
