import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isSubset } from '../../../../src/core/propagation/subset.js';

describe('isSubset', () => {
  it.each<[string, unknown, unknown, boolean]>([
    ['equal scalars', 3, 3, true],
    ['different scalars', 3, 4, false],
    ['a string against a number', '3', 3, false],
    ['fields only the member has', { a: 1 }, { a: 1, defaulted: true }, true],
    ['a field the member lacks', { a: 1, b: 2 }, { a: 1 }, false],
    ['a changed nested field', { spec: { x: { y: 1 } } }, { spec: { x: { y: 2 } } }, false],
    ['an undefined desired field', { a: 1, b: undefined }, { a: 1 }, true],
    ['an object against a scalar', { a: 1 }, 'a', false],
    ['null against null', { a: null }, { a: null }, true],
    ['null against a missing field', { a: null }, {}, false],
    ['a list against an object', [1], { 0: 1 }, false],
  ])('%s', (_name, desired, actual, expected) => {
    expect(isSubset(desired, actual)).toBe(expected);
  });

  describe('lists of named objects are matched by name', () => {
    const desired = [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }];
    it.each<[string, unknown, boolean]>([
      ['in another order', [{ name: 'b', image: 'y' }, { name: 'a', image: 'x' }], true],
      ['with extra fields and items in the member', [{ name: 'c' }, { name: 'b', image: 'y', pull: 'Always' }, { name: 'a', image: 'x' }], true],
      ['with an item missing', [{ name: 'a', image: 'x' }], false],
      ['with an item changed', [{ name: 'a', image: 'x' }, { name: 'b', image: 'z' }], false],
      ['against a non-list', { a: 1 }, false],
    ])('%s', (_name, actual, expected) => {
      expect(isSubset(desired, actual)).toBe(expected);
    });
  });

  describe('other lists are compared position by position', () => {
    it.each<[string, unknown, unknown, boolean]>([
      ['same items', [1, 2], [1, 2], true],
      ['reordered items', [1, 2], [2, 1], false],
      ['an extra member item', [1, 2], [1, 2, 3], false],
      ['an emptied list', [], [1], false],
      ['unnamed objects with member-added fields', [{ port: 80 }], [{ port: 80, protocol: 'TCP' }], true],
      ['a list where only some objects are named', [{ name: 'a' }, { port: 1 }], [{ port: 1 }, { name: 'a' }], false],
    ])('%s', (_name, desired, actual, expected) => {
      expect(isSubset(desired, actual)).toBe(expected);
    });
  });

  it('holds for every value against itself, and against itself with fields added', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(isSubset(value, structuredClone(value))).toBe(true);
        const extended = typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value, 'member-added': 1 } : value;
        expect(isSubset(value, extended)).toBe(true);
      }),
    );
  });
});
