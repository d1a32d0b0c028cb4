/** A parsed JSON object (not null, not an array). */
export type JsonObject = Record<string, unknown>;

/** parseJson parses text, or throws the error fail makes of the parser's message. */
export function parseJson(text: string, fail: (message: string) => Error): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw fail(error instanceof Error ? error.message : String(error));
  }
}

/** isStringArray is true for an array of strings only. */
export function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** True when `value` is a JSON object rather than null, an array or a scalar. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads the members of `object` that fill `fields`, matching keys case-insensitively as Go's
 * encoding/json does for struct fields; when several spellings of one field appear, the last wins.
 * v1 stored the annotations in Go structs, so `Rebalance` and `rebalance` must mean the same thing.
 */
export function readGoFields<Field extends string>(
  object: JsonObject,
  fields: readonly Field[],
): Partial<Record<Field, unknown>> {
  const byFolded = new Map(fields.map((field) => [field.toLowerCase(), field]));
  const result: Partial<Record<Field, unknown>> = {};
  for (const [key, value] of Object.entries(object)) {
    const field = byFolded.get(key.toLowerCase());
    if (field !== undefined) {
      result[field] = value;
    }
  }
  return result;
}

/** A JSON value quoted for an error message, cut short so a huge annotation cannot flood a log line. */
export function describeJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
