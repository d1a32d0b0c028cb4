import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { canonicalJson, contentHash } from '../../../../src/core/propagation/canonical.js';

/** reorder rebuilds every object of a JSON value with its keys in reverse order. */
function reorder(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(reorder);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).reverse().map(([key, field]) => [key, reorder(field)]));
  }
  return value;
}

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: { d: [3, 1], c: null } }, '{"a":{"c":null,"d":[3,1]},"b":1}'],
    [[{ z: 1, y: 2 }], '[{"y":2,"z":1}]'],
    [{ a: undefined, b: 'x' }, '{"b":"x"}'],
    ['text', '"text"'],
    [undefined, 'null'],
  ])('serializes %j as %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('does not depend on key order, and parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(reorder(value))).toBe(canonicalJson(value));
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('keeps list order significant', () => {
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });
});

describe('contentHash', () => {
  it('is stable across releases (a changed hash would rewrite every member copy on upgrade)', () => {
    expect(contentHash({ b: [2, { c: 'x' }], a: 1 })).toBe('UHE7Lt4G-HOe8z9eNkOAO0');
  });

  it('is a 22-character base64url digest that ignores key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const hash = contentHash(value);
        expect(hash).toMatch(/^[A-Za-z0-9_-]{22}$/);
        expect(contentHash(reorder(value))).toBe(hash);
      }),
    );
  });

  it('differs when a value differs', () => {
    expect(contentHash({ spec: { replicas: 1 } })).not.toBe(contentHash({ spec: { replicas: 2 } }));
  });
});
