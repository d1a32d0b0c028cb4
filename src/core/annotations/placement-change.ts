import { readAnnotationIfValid } from './codec.js';
import { type PlacementShare, type PlacementShares, placementCodec } from './placement.js';
import { canonicalJson } from '../propagation/canonical.js';

/**
 * describePlacementChange says how a replica split moved, e.g. "gcek8s 2→0, awsk8s 2→4", or undefined
 * when nothing moved (a first placement is not a move). Both are placement annotations' text.
 */
export function describePlacementChange(previous: string | undefined, next: string | undefined): string | undefined {
  const before = readPlacement(previous);
  const after = readPlacement(next);
  if (!before || !after) {
    return undefined;
  }
  const clusters = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const moves = clusters
    .filter((cluster) => show(before[cluster]) !== show(after[cluster]))
    .map((cluster) => `${cluster} ${show(before[cluster])}→${show(after[cluster])}`);
  return moves.length > 0 ? moves.join(', ') : undefined;
}

function readPlacement(text: string | undefined): PlacementShares | undefined {
  return text === undefined ? undefined : readAnnotationIfValid(placementCodec, { [placementCodec.annotation]: text });
}

function show(share: PlacementShare | undefined): string {
  return share === undefined ? '0' : canonicalJson(share);
}
