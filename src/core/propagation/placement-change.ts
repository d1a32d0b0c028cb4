import { isJsonObject } from '../../scheduling/go-json.js';

/**
 * describePlacementChange says how a replica split moved, e.g. "gcek8s 2→0, awsk8s 2→4", or undefined
 * when nothing moved (a first placement is not a move). Splits are the placement annotation's JSON.
 */
export function describePlacementChange(previous: string | undefined, next: string | undefined): string | undefined {
  const before = parseSplit(previous);
  const after = parseSplit(next);
  if (!before || !after) {
    return undefined;
  }
  const clusters = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const moves = clusters
    .filter((cluster) => JSON.stringify(before[cluster] ?? 0) !== JSON.stringify(after[cluster] ?? 0))
    .map((cluster) => `${cluster} ${show(before[cluster])}→${show(after[cluster])}`);
  return moves.length > 0 ? moves.join(', ') : undefined;
}

function parseSplit(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return isJsonObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function show(value: unknown): string {
  if (value === undefined) {
    return '0';
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
