import { isJsonObject } from '../../scheduling/go-json.js';
/**
 * JSON Patch (RFC 6902) add, replace and remove, applied without mutating the input, and JSON Pointers
 * (RFC 6901) to name where. A pointer is kept as its list of reference tokens: ['spec', 'replicas'].
 */
export type Pointer = readonly string[];

export type PatchOperation = { op: 'add' | 'replace'; path: Pointer; value: unknown } | { op: 'remove'; path: Pointer };

/** PatchError says why an operation cannot be applied to a document; the caller adds which rule it came from. */
export class PatchError extends Error {
  override readonly name = 'PatchError';
}

/** parsePointer reads "/spec/template/spec/containers/0" into its tokens, or says why it is not a pointer. */
export function parsePointer(text: string): Pointer | string {
  if (text === '') {
    return [];
  }
  if (!text.startsWith('/')) {
    return 'must start with "/"';
  }
  const tokens = text.slice(1).split('/');
  if (tokens.some((token) => /~(?![01])/.test(token))) {
    return '"~" must be followed by 0 or 1 ("~0" is "~", "~1" is "/")';
  }
  return tokens.map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** formatPointer writes tokens back as a pointer string. */
export function formatPointer(path: Pointer): string {
  return path.map((token) => `/${token.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** isPrefix says whether every token of prefix starts path. */
export function isPrefix(prefix: Pointer, path: Pointer): boolean {
  return prefix.length <= path.length && prefix.every((token, index) => path[index] === token);
}

/** applyOperation returns a new document with one operation applied; what it does not touch is shared. */
export function applyOperation(document: unknown, operation: PatchOperation): unknown {
  if (operation.path.length === 0) {
    throw new PatchError(`${operation.op} of the whole document is not allowed`);
  }
  return edit(document, operation.path, 0, operation);
}

/** applyOperations applies operations in order. */
export function applyOperations(document: unknown, operations: readonly PatchOperation[]): unknown {
  return operations.reduce(applyOperation, document);
}

function edit(container: unknown, path: Pointer, depth: number, operation: PatchOperation): unknown {
  const token = path[depth] as string;
  const last = depth === path.length - 1;
  const where = () => formatPointer(path.slice(0, depth + 1));
  if (Array.isArray(container)) {
    const index = arrayIndex(token, container.length, operation.op === 'add' && last, where);
    if (last) {
      const copy: unknown[] = container.slice();
      if (operation.op === 'add') {
        copy.splice(index, 0, operation.value);
      } else if (operation.op === 'replace') {
        copy[index] = operation.value;
      } else {
        copy.splice(index, 1);
      }
      return copy;
    }
    const copy: unknown[] = container.slice();
    copy[index] = edit(container[index], path, depth + 1, operation);
    return copy;
  }
  if (isJsonObject(container)) {
    const record = container;
    const exists = Object.hasOwn(record, token);
    if (!exists && !(last && operation.op === 'add')) {
      throw new PatchError(`${where()} does not exist`);
    }
    const copy = { ...record };
    if (!last) {
      setOwn(copy, token, edit(record[token], path, depth + 1, operation));
    } else if (operation.op === 'remove') {
      delete copy[token];
    } else {
      setOwn(copy, token, operation.value);
    }
    return copy;
  }
  throw new PatchError(`${formatPointer(path.slice(0, depth))} is ${container === undefined ? 'missing' : `a ${typeof container}`}, not an object or a list`);
}

/** setOwn sets a key as an own property: "__proto__" in a path is a field like any other, never the prototype. */
function setOwn(record: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

function arrayIndex(token: string, length: number, adding: boolean, where: () => string): number {
  if (token === '-' && adding) {
    return length;
  }
  if (!/^(0|[1-9][0-9]*)$/.test(token)) {
    throw new PatchError(`${where()}: "${token}" is not a list index${adding ? ' or "-"' : ''}`);
  }
  const index = Number(token);
  if (index > length || (!adding && index === length)) {
    throw new PatchError(`${where()} does not exist (the list has ${length} item${length === 1 ? '' : 's'})`);
  }
  return index;
}
