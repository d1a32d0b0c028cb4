import { isJsonObject } from '../../scheduling/go-json.js';

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
  if (isJsonObject(desired)) {
    if (!isJsonObject(actual)) {
      return false;
    }
    return Object.entries(desired).every(([key, value]) => value === undefined || isSubset(value, actual[key]));
  }
  return false;
}

function listIsSubset(desired: unknown[], actual: unknown[]): boolean {
  const named = desired.filter((item) => isJsonObject(item) && typeof item.name === 'string').filter(isJsonObject);
  if (desired.length > 0 && named.length === desired.length) {
    const byName = new Map(actual.filter(isJsonObject).map((item) => [item.name, item]));
    return named.every((item) => isSubset(item, byName.get(item.name)));
  }
  return desired.length === actual.length && desired.every((item, index) => isSubset(item, actual[index]));
}
