/**
 * isSubset reports whether every field of desired is present with the same value in actual. Fields
 * only actual has (defaults, values members or their controllers added) do not count as drift, which
 * mirrors server-side apply: kubefed owns what it sends and nothing else. Lists of named objects are
 * matched by name, as apply merges them; other lists must match element by element.
 */
export function isSubset(desired: unknown, actual: unknown): boolean {
  if (desired === actual) {
    return true;
  }
  if (Array.isArray(desired)) {
    return Array.isArray(actual) && listIsSubset(desired, actual);
  }
  if (isRecord(desired)) {
    if (!isRecord(actual)) {
      return false;
    }
    return Object.entries(desired).every(([key, value]) => value === undefined || isSubset(value, actual[key]));
  }
  return false;
}

function listIsSubset(desired: unknown[], actual: unknown[]): boolean {
  if (desired.length > 0 && desired.every((item) => isRecord(item) && typeof item.name === 'string')) {
    const byName = new Map(actual.filter(isRecord).map((item) => [item.name, item]));
    return desired.every((item) => isSubset(item, byName.get((item as Record<string, unknown>).name)));
  }
  return desired.length === actual.length && desired.every((item, index) => isSubset(item, actual[index]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
