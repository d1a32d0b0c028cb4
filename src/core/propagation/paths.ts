import { isJsonObject } from '../../scheduling/go-json.js';

/** A FieldPath names a field inside an object, e.g. ['spec', 'replicas']. */
export type FieldPath = readonly string[];

/** getPath reads a nested field, or undefined when any step is missing. */
export function getPath(object: unknown, path: FieldPath): unknown {
  let current = object;
  for (const step of path) {
    current = child(current, step);
  }
  return current;
}

/** child is a field of an object or, for a numeric step, an element of a list (override paths index containers). */
function child(value: unknown, step: string): unknown {
  if (Array.isArray(value)) {
    const list: unknown[] = value;
    return /^\d+$/.test(step) ? list[Number(step)] : undefined;
  }
  return isJsonObject(value) ? value[step] : undefined;
}

/** withoutPaths returns a copy of object with the given fields removed (structure is shared elsewhere). */
export function withoutPaths<T>(object: T, paths: readonly FieldPath[]): T {
  let result = object;
  for (const path of paths) {
    result = edit(result, path, undefined, true) as T;
  }
  return result;
}

/** withPath returns a copy of object with one field set, creating parents as needed. */
export function withPath<T>(object: T, path: FieldPath, value: unknown): T {
  return edit(object, path, value, false) as T;
}

function edit(object: unknown, path: FieldPath, value: unknown, remove: boolean): unknown {
  const [step, ...rest] = path;
  if (step === undefined) {
    return value;
  }
  const record = isJsonObject(object) ? object : undefined;
  if (remove && (record === undefined || !(step in record))) {
    return object;
  }
  const copy: Record<string, unknown> = { ...(record ?? {}) };
  if (remove && rest.length === 0) {
    delete copy[step];
  } else {
    copy[step] = edit(copy[step], rest, value, remove);
  }
  return copy;
}
