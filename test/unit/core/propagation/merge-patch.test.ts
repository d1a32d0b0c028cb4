import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { mergePatch, withoutEmpty } from '../../../../src/core/propagation/merge-patch.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** applyMergePatch is RFC 7386 §2 MergePatch, written out from the RFC's pseudocode. */
function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) {
    return patch;
  }
  const result: Record<string, unknown> = isRecord(target) ? { ...target } : {};
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[name];
    } else {
      result[name] = applyMergePatch(result[name], value);
    }
  }
  return result;
}

// A merge patch cannot set a member to null (null means remove), so objects here hold no null members.
const { document } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.boolean(), fc.integer(), fc.string()),
    fc.array(fc.oneof(fc.constant(null), fc.integer(), tie('document')), { maxLength: 3 }),
    tie('document'),
  ),
  document: fc.dictionary(fc.constantFrom('a', 'b', 'c', 'spec', 'replicas'), tie('value'), { maxKeys: 4 }),
}));

describe('mergePatch', () => {
  it.each<[string, unknown, unknown, unknown]>([
    ['equal documents', { a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }, undefined],
    ['a changed field', { a: 1, b: 2 }, { a: 1, b: 3 }, { b: 3 }],
    ['a new field', { a: 1 }, { a: 1, c: { d: 1 } }, { c: { d: 1 } }],
    ['a removed field', { a: 1, b: 2 }, { a: 1 }, { b: null }],
    ['a field set to undefined', { a: 1, b: 2 }, { a: 1, b: undefined }, { b: null }],
    ['a nested change', { s: { x: 1, y: 1 } }, { s: { x: 1, y: 2 } }, { s: { y: 2 } }],
    ['a list, replaced whole', { l: [1, 2, 3] }, { l: [1, 2] }, { l: [1, 2] }],
    ['an object replacing a scalar', { s: 'x' }, { s: { y: 1 } }, { s: { y: 1 } }],
  ])('patches %s', (_name, current, wanted, expected) => {
    expect(mergePatch(current, wanted)).toEqual(expected);
  });

  it('produces a patch that, applied to current, yields wanted', () => {
    fc.assert(
      fc.property(document, document, (current, wanted) => {
        const patch = mergePatch(current, wanted);
        expect(applyMergePatch(current, patch ?? {})).toEqual(wanted);
      }),
      { numRuns: 500 },
    );
  });

  it('returns undefined exactly when nothing differs', () => {
    fc.assert(
      fc.property(document, (value) => {
        expect(mergePatch(value, structuredClone(value))).toBeUndefined();
        expect(mergePatch(value, { ...value, extra: 1 })).toEqual({ extra: 1 });
      }),
    );
  });
});

describe('withoutEmpty', () => {
  it.each<[string, unknown, unknown]>([
    ['zero values', { a: 0, b: '', c: false, d: null, e: 1 }, { e: 1 }],
    ['empty lists and objects, recursively', { a: [], b: {}, c: { d: { e: [] } }, f: 'x' }, { f: 'x' }],
    ['a status with nothing set', { replicas: 0, conditions: [] }, undefined],
    ['zeros inside lists', { l: [0, 1, ''] }, { l: [1] }],
    ['non-zero values unchanged', { n: -1, t: true, s: 'x' }, { n: -1, t: true, s: 'x' }],
  ])('drops %s', (_name, value, expected) => {
    expect(withoutEmpty(value)).toEqual(expected);
  });

  it('lets a written zero and its absence compare equal', () => {
    expect(mergePatch(withoutEmpty({ replicas: 2 }) ?? {}, withoutEmpty({ replicas: 2, readyReplicas: 0 }) ?? {})).toBeUndefined();
  });
});
