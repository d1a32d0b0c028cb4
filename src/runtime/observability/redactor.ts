import type { Condition } from '../../core/objects.js';

/** Values shorter than this are too common to find reliably (and to leak much); they are not searched for. */
const shortest = 4;
/** Lines of a multi-line value (a PEM key, a file) are searched for on their own from this length on. */
const shortestLine = 8;
/** Values that were in play stay known this long after they left, for errors still on their way out. */
const retainMs = 10 * 60_000;
const mask = '[redacted]';

/**
 * Redactor knows every secret value in play (the data of federated Secrets, member credentials) and
 * blanks them out of the text that leaves the process: the logger's format, the event recorder and the
 * condition writers all pass their text through the one instance, so no call site has to remember to.
 * Lookup is by each value's first characters, so a line costs one map probe per character, however
 * many Secrets the federation holds (a few microseconds for a 200-character line).
 */
export class Redactor {
  readonly #now: () => number;
  readonly #owners = new Map<string, readonly string[]>();
  readonly #retired: { values: readonly string[]; until: number }[] = [];
  readonly #counts = new Map<string, number>();
  /** Values by their first three characters (as one number, so a lookup allocates nothing), longest first. */
  readonly #byPrefix = new Map<number, string[]>();

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** set records the values an owner (a Secret, a member's credentials) holds now, replacing what it held. */
  set(owner: string, values: Iterable<string>): void {
    const next = [...new Set([...values].filter((value) => value.length >= shortest))];
    const previous = this.#owners.get(owner) ?? [];
    next.forEach((value) => this.#hold(value));
    this.#owners.set(owner, next);
    this.#retire(previous.filter((value) => !next.includes(value)));
    previous.forEach((value) => this.#release(value));
  }

  /** delete forgets an owner; its values stay known for a while, for errors about it still being reported. */
  delete(owner: string): void {
    const previous = this.#owners.get(owner);
    if (previous) {
      this.#owners.delete(owner);
      this.#retire(previous);
      previous.forEach((value) => this.#release(value));
    }
  }

  /** redact replaces every known value found in text. */
  redact(text: string): string {
    if (this.#byPrefix.size === 0 || text.length < shortest) {
      return text;
    }
    let result = '';
    let copied = 0;
    for (let index = 0; index <= text.length - shortest; ) {
      const found = this.#byPrefix.get(prefixKey(text, index))?.find((value) => text.startsWith(value, index));
      if (found === undefined) {
        index += 1;
        continue;
      }
      result += text.slice(copied, index) + mask;
      index += found.length;
      copied = index;
    }
    return copied === 0 ? text : result + text.slice(copied);
  }

  /** redactValue redacts every string inside a log field: strings, arrays and plain objects (a patch, say). */
  redactValue(value: unknown, depth = 0): unknown {
    if (typeof value === 'string') {
      return this.redact(value);
    }
    if (depth > 8 || value === null || typeof value !== 'object' || this.#byPrefix.size === 0) {
      return value;
    }
    if (Array.isArray(value)) {
      return value.map((item) => this.redactValue(item, depth + 1));
    }
    if (value instanceof Error) {
      return this.redact(value.message);
    }
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.redactValue(item, depth + 1)]));
  }

  /** conditions redacts condition messages, for every status kubefed writes. */
  conditions<T extends Condition>(conditions: T[]): T[] {
    return conditions.map((condition) => (condition.message === undefined ? condition : { ...condition, message: this.redact(condition.message) }));
  }

  #retire(values: readonly string[]): void {
    const now = this.#now();
    while (this.#retired.length > 0 && (this.#retired[0]?.until ?? 0) <= now) {
      this.#retired.shift()?.values.forEach((value) => this.#release(value));
    }
    if (values.length > 0) {
      values.forEach((value) => this.#hold(value));
      this.#retired.push({ values, until: now + retainMs });
    }
  }

  #hold(value: string): void {
    const count = this.#counts.get(value) ?? 0;
    this.#counts.set(value, count + 1);
    if (count === 0) {
      const prefix = prefixKey(value, 0);
      const bucket = this.#byPrefix.get(prefix) ?? [];
      bucket.push(value);
      bucket.sort((a, b) => b.length - a.length);
      this.#byPrefix.set(prefix, bucket);
    }
  }

  #release(value: string): void {
    const count = (this.#counts.get(value) ?? 0) - 1;
    if (count > 0) {
      this.#counts.set(value, count);
      return;
    }
    this.#counts.delete(value);
    const prefix = prefixKey(value, 0);
    const bucket = (this.#byPrefix.get(prefix) ?? []).filter((candidate) => candidate !== value);
    if (bucket.length > 0) {
      this.#byPrefix.set(prefix, bucket);
    } else {
      this.#byPrefix.delete(prefix);
    }
  }
}

/** prefixKey packs three UTF-16 code units from index into one safe integer. */
function prefixKey(text: string, index: number): number {
  return (text.charCodeAt(index) * 65_536 + text.charCodeAt(index + 1)) * 65_536 + text.charCodeAt(index + 2);
}

/**
 * secretDataValues are the forms in which a Secret's data can show up in a message: each value as stored
 * (base64), decoded, and each long enough line of a decoded multi-line value, which a member may quote alone.
 */
export function secretDataValues(data: Record<string, string> | undefined): string[] {
  return Object.values(data ?? {}).flatMap((value) => {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const lines = decoded.includes('\n') ? decoded.split(/\r?\n/).map((line) => line.trim()).filter((line) => line.length >= shortestLine) : [];
    return [value, decoded, ...lines];
  });
}
