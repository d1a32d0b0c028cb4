import { describeJson, isJsonObject } from '../../scheduling/go-json.js';
import type { JobShare } from '../../scheduling/job.js';
import { placementAnnotation } from '../well-known.js';
import { type AnnotationCodec, AnnotationError, clusterMapCodec } from './codec.js';

/** A member's share: replicas for a Deployment or ReplicaSet, parallelism and completions for a Job. */
export type PlacementShare = number | JobShare;

/** PlacementShares is the placement annotation: the split the reconciler last made, by member. */
export type PlacementShares = Record<string, PlacementShare>;

/** placementCodec reads and writes federation.kubefed.dev/placement, e.g. {"gcek8s":2,"awsk8s":4}. */
export const placementCodec: AnnotationCodec<PlacementShares> = clusterMapCodec(placementAnnotation, 'placement', readShare);

function readShare(where: string, share: unknown): PlacementShare {
  if (isCount(share)) {
    return share;
  }
  if (!isJsonObject(share)) {
    throw new AnnotationError(placementAnnotation, `${where} must be a replica count or {"parallelism","completions"}, got ${describeJson(share)}`);
  }
  const { parallelism, completions } = share;
  if (!isCount(parallelism)) {
    throw new AnnotationError(placementAnnotation, `${where}.parallelism must be a non-negative integer, got ${describeJson(parallelism)}`);
  }
  if (completions === undefined) {
    return { parallelism };
  }
  if (!isCount(completions)) {
    throw new AnnotationError(placementAnnotation, `${where}.completions must be a non-negative integer, got ${describeJson(completions)}`);
  }
  return { parallelism, completions };
}

/** isCount is true for a non-negative safe integer. */
export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** replicaShares keeps the replica counts of a placement (a Job's shares are not replica counts). */
export function replicaShares(shares: PlacementShares | undefined): Record<string, number> | undefined {
  if (shares === undefined) {
    return undefined;
  }
  return Object.fromEntries(Object.entries(shares).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
}
