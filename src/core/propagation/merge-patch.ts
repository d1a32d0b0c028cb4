import { canonicalJson } from './canonical.js';

/**
 * mergePatch computes the RFC 7386 JSON merge patch that turns current into wanted: changed and new
 * fields are set, removed fields become null, nested objects are diffed, and lists are replaced whole.
 * It returns undefined when nothing differs.
 */
export function mergePatch(current: unknown, wanted: unknown): unknown {
  if (!isRecord(current) || !isRecord(wanted)) {
    return canonicalJson(current) === canonicalJson(wanted) ? undefined : wanted;
  }
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(current)) {
    if (!(key in wanted) || wanted[key] === undefined) {
      patch[key] = null;
    }
  }
  for (const [key, value] of Object.entries(wanted)) {
    if (value === undefined) {
      continue;
    }
    const change = key in current ? mergePatch(current[key], value) : value;
    if (change !== undefined) {
      patch[key] = change;
    }
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * withoutEmpty drops zero values (0, '', false, null, empty lists and objects) recursively. The API
 * server omits most of them when it stores an object, so a status is compared in this form: otherwise
 * a written 0 that reads back as absent would look like a change on every reconcile.
 */
export function withoutEmpty(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(withoutEmpty).filter((item) => item !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (isRecord(value)) {
    const entries = Object.entries(value)
      .map(([key, field]) => [key, withoutEmpty(field)] as const)
      .filter(([, field]) => field !== undefined);
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  }
  return value === 0 || value === '' || value === false || value === null ? undefined : value;
}
