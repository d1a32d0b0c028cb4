import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { AnnotationError, readAnnotation, readAnnotationIfValid } from '../../../../src/core/annotations/codec.js';
import { placementCodec, type PlacementShares, replicaShares } from '../../../../src/core/annotations/placement.js';
import { describePlacementChange } from '../../../../src/core/annotations/placement-change.js';
import { placementAnnotation } from '../../../../src/core/well-known.js';

describe('placementCodec', () => {
  it('reads and writes federation.kubefed.dev/placement', () => {
    expect(placementCodec.annotation).toBe(placementAnnotation);
  });

  it.each<[string, PlacementShares, string]>([
    ['replica counts, keys sorted', { gcek8s: 2, awsk8s: 4 }, '{"awsk8s":4,"gcek8s":2}'],
    ['no members', {}, '{}'],
    ['Job shares', { a: { parallelism: 2, completions: 5 }, b: { parallelism: 0 } }, '{"a":{"completions":5,"parallelism":2},"b":{"parallelism":0}}'],
    ['a cluster called __proto__', Object.fromEntries([['__proto__', 1]]), '{"__proto__":1}'],
  ])('round-trips %s', (_name, shares, text) => {
    expect(placementCodec.encode(shares)).toBe(text);
    expect(placementCodec.decode(text)).toEqual(shares);
  });

  it.each<[string, string, string]>([
    ['text that is not JSON', '{"a":', 'placement: invalid JSON: '],
    ['an array', '[1,2]', 'placement: must be a JSON object keyed by cluster name, got [1,2]'],
    ['null', 'null', 'placement: must be a JSON object keyed by cluster name, got null'],
    ['a negative count', '{"a":-1}', 'placement["a"] must be a replica count or {"parallelism","completions"}, got -1'],
    ['a fraction', '{"a":1.5}', 'placement["a"] must be a replica count or {"parallelism","completions"}, got 1.5'],
    ['a string count', '{"a":"2"}', 'placement["a"] must be a replica count or {"parallelism","completions"}, got "2"'],
    ['a Job share without parallelism', '{"a":{"completions":2}}', 'placement["a"].parallelism must be a non-negative integer, got undefined'],
    ['a Job share with text completions', '{"a":{"parallelism":1,"completions":"x"}}', 'placement["a"].completions must be a non-negative integer, got "x"'],
  ])('rejects %s precisely', (_name, text, message) => {
    expect(() => placementCodec.decode(text)).toThrow(AnnotationError);
    expect(() => placementCodec.decode(text)).toThrow(message);
  });

  it('names the annotation in its errors', () => {
    expect(() => placementCodec.decode('[]')).toThrow(expect.objectContaining({ annotation: placementAnnotation }));
  });

  it('round-trips any split', () => {
    const share = fc.oneof(fc.nat(), fc.record({ parallelism: fc.nat() }), fc.record({ parallelism: fc.nat(), completions: fc.nat() }));
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), share), (shares) => {
        expect(placementCodec.decode(placementCodec.encode(shares))).toEqual(shares);
      }),
    );
  });
});

describe('reading the placement from annotations', () => {
  it.each<[string, Record<string, string> | undefined, PlacementShares | undefined]>([
    ['no annotations', undefined, undefined],
    ['no placement', { other: 'x' }, undefined],
    ['a placement', { [placementAnnotation]: '{"a":1}' }, { a: 1 }],
  ])('%s', (_name, annotations, shares) => {
    expect(readAnnotation(placementCodec, annotations)).toEqual(shares);
    expect(readAnnotationIfValid(placementCodec, annotations)).toEqual(shares);
  });

  it('an unusable placement throws, or with readAnnotationIfValid counts as absent', () => {
    const annotations = { [placementAnnotation]: '{"a":"one"}' };
    expect(() => readAnnotation(placementCodec, annotations)).toThrow(AnnotationError);
    expect(readAnnotationIfValid(placementCodec, annotations)).toBeUndefined();
  });

  it.each<[string, PlacementShares | undefined, Record<string, number> | undefined]>([
    ['nothing', undefined, undefined],
    ['replica counts', { a: 1, b: 0 }, { a: 1, b: 0 }],
    ['Job shares, which are not replica counts', { a: { parallelism: 1 }, b: 2 }, { b: 2 }],
  ])('replicaShares keeps the replica counts of %s', (_name, shares, counts) => {
    expect(replicaShares(shares)).toEqual(counts);
  });
});

describe('describePlacementChange', () => {
  it.each<[string, string | undefined, string | undefined, string | undefined]>([
    ['a first placement', undefined, '{"a":2}', undefined],
    ['no move', '{"a":2,"b":2}', '{"b":2,"a":2}', undefined],
    ['replicas moving', '{"gcek8s":2,"awsk8s":2}', '{"gcek8s":0,"awsk8s":4}', 'awsk8s 2→4, gcek8s 2→0'],
    ['a member joining and one leaving', '{"a":3}', '{"b":3}', 'a 3→0, b 0→3'],
    ['a Job share moving', '{"a":{"parallelism":2}}', '{"a":{"parallelism":1},"b":{"parallelism":1}}', 'a {"parallelism":2}→{"parallelism":1}, b 0→{"parallelism":1}'],
    ['an unusable previous placement', 'not json', '{"a":2}', undefined],
  ])('%s', (_name, previous, next, described) => {
    expect(describePlacementChange(previous, next)).toBe(described);
  });
});
