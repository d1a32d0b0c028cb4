import { describe, expect, it } from '@jest/globals';
import { applyOperation, formatPointer, type PatchOperation, parsePointer } from '../../../../src/core/overrides/json-patch.js';
import { formatImage, parseImage, withParts } from '../../../../src/core/overrides/image.js';

describe('parsePointer and formatPointer', () => {
  it.each([
    ['', []],
    ['/spec/replicas', ['spec', 'replicas']],
    ['/metadata/labels/app.kubernetes.io~1name', ['metadata', 'labels', 'app.kubernetes.io/name']],
    ['/a~0b', ['a~b']],
    ['/list/-', ['list', '-']],
  ])('reads %j as %j and writes it back', (text, tokens) => {
    expect(parsePointer(text)).toEqual(tokens);
    expect(formatPointer(tokens)).toBe(text);
  });

  it.each([
    ['spec', 'must start with "/"'],
    ['/a~2', '"~" must be followed by 0 or 1 ("~0" is "~", "~1" is "/")'],
  ])('says why %j is not a pointer', (text, problem) => {
    expect(parsePointer(text)).toBe(problem);
  });
});

describe('applyOperation', () => {
  const document = { spec: { list: [1, 2], map: { a: 'x' } } };
  const op = (operation: string, path: string[], value?: unknown) => ({ op: operation, path, value }) as PatchOperation;

  it.each([
    ['adds a key', op('add', ['spec', 'map', 'b'], 'y'), { spec: { list: [1, 2], map: { a: 'x', b: 'y' } } }],
    ['replaces a key', op('replace', ['spec', 'map', 'a'], 'z'), { spec: { list: [1, 2], map: { a: 'z' } } }],
    ['removes a key', { op: 'remove' as const, path: ['spec', 'map', 'a'] }, { spec: { list: [1, 2], map: {} } }],
    ['inserts into a list', op('add', ['spec', 'list', '0'], 0), { spec: { list: [0, 1, 2], map: { a: 'x' } } }],
    ['appends with "-"', op('add', ['spec', 'list', '-'], 3), { spec: { list: [1, 2, 3], map: { a: 'x' } } }],
    ['replaces a list item', op('replace', ['spec', 'list', '1'], 9), { spec: { list: [1, 9], map: { a: 'x' } } }],
    ['removes a list item', { op: 'remove' as const, path: ['spec', 'list', '0'] }, { spec: { list: [2], map: { a: 'x' } } }],
  ])('%s without changing the input', (_name, operation, expected) => {
    const before = structuredClone(document);
    expect(applyOperation(document, operation)).toEqual(expected);
    expect(document).toEqual(before);
  });

  it('adds "__proto__" as a field of its own, leaving prototypes alone', () => {
    const result = applyOperation(document, op('add', ['spec', '__proto__'], { polluted: true })) as { spec: Record<string, unknown> };
    expect(Object.hasOwn(result.spec, '__proto__')).toBe(true);
    expect(JSON.parse(JSON.stringify(result))).toEqual(JSON.parse('{"spec":{"list":[1,2],"map":{"a":"x"},"__proto__":{"polluted":true}}}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(result.spec)).toBe(Object.prototype);
  });

  it.each([
    ['replace of a missing key', op('replace', ['spec', 'map', 'b'], 1), '/spec/map/b does not exist'],
    ['remove of a missing key', { op: 'remove' as const, path: ['spec', 'nothing'] }, '/spec/nothing does not exist'],
    ['add below a missing parent', op('add', ['spec', 'missing', 'x'], 1), '/spec/missing does not exist'],
    ['an index past the end', op('replace', ['spec', 'list', '2'], 1), '/spec/list/2 does not exist (the list has 2 items)'],
    ['a token that is no index', op('replace', ['spec', 'list', 'x'], 1), '/spec/list/x: "x" is not a list index'],
    ['a path through a scalar', op('add', ['spec', 'map', 'a', 'b'], 1), '/spec/map/a is a string, not an object or a list'],
    ['the whole document', op('replace', [], {}), 'replace of the whole document is not allowed'],
  ])('refuses %s', (_name, operation, message) => {
    expect(() => applyOperation(document, operation)).toThrow(message);
  });
});

describe('image references', () => {
  it.each([
    ['nginx', { repository: 'nginx' }],
    ['nginx:1.27', { repository: 'nginx', tag: '1.27' }],
    ['library/nginx', { repository: 'library/nginx' }],
    ['registry.example:5000/team/web:1.2', { registry: 'registry.example:5000', repository: 'team/web', tag: '1.2' }],
    ['localhost/web@sha256:abc123', { registry: 'localhost', repository: 'web', digest: 'sha256:abc123' }],
  ])('splits %j and writes it back unchanged', (text, reference) => {
    expect(parseImage(text)).toEqual(reference);
    expect(formatImage(reference)).toBe(text);
  });

  it.each(['', 'UPPER/case', 'web:', 'a//b'])('does not take %j for a reference', (text) => {
    expect(parseImage(text)).toBeUndefined();
  });

  it.each([
    ['nginx:1.27', { registry: 'mirror.example' }, 'mirror.example/nginx:1.27'],
    ['mirror.example/nginx:1.27', { registry: '' }, 'nginx:1.27'],
    ['web@sha256:abc', { tag: '2.0' }, 'web:2.0'],
    ['quay.io/team/web:1', { repository: 'other/web' }, 'quay.io/other/web:1'],
  ])('sets parts of %j: %j gives %j', (text, parts, expected) => {
    expect(formatImage(withParts(parseImage(text) ?? { repository: '' }, parts))).toBe(expected);
  });
});
