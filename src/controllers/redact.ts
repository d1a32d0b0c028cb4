/** Values shorter than this are too common to find reliably (and to leak much); they are not searched for. */
const shortest = 4;

/** redact replaces every sensitive value found in text, so Secret data cannot leak into events or logs. */
export function redact(text: string, sensitive: readonly string[]): string {
  let result = text;
  for (const value of [...sensitive].sort((a, b) => b.length - a.length)) {
    if (value.length >= shortest) {
      result = result.split(value).join('[redacted]');
    }
  }
  return result;
}
