import type { KubeObject } from '../../core/objects.js';

/** Conversion is an object rewritten for today's API versions, with what changed and what to know. */
export interface Conversion {
  object: KubeObject;
  /** changes lists every rewrite, for stderr. */
  changes: string[];
  /** notes are things the operator should know that convert did not change (defaults that differ, bad annotations). */
  notes: string[];
}

/** ConvertError: an object convert cannot turn into a valid current manifest; nothing is written. */
export class ConvertError extends Error {
  override readonly name = 'ConvertError';
}

/** clone deep-copies plain JSON data, so conversions never touch their input. */
export function clone<T>(value: T): T {
  // Through JSON rather than structuredClone: the copy is made of this realm's plain objects, which
  // YAML dumpers require (structuredClone's come from the main realm under test runners' VMs).
  return JSON.parse(JSON.stringify(value)) as T;
}

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** record returns the object at key, or undefined when absent or not an object. */
export function record(parent: unknown, key: string): JsonRecord | undefined {
  if (!isRecord(parent)) {
    return undefined;
  }
  const value = parent[key];
  return isRecord(value) ? value : undefined;
}
