import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { fnv1Hash32 } from '../../../src/scheduling/fnv.js';

// An independent FNV-1 in BigInt arithmetic, straight from the definition: multiply, then XOR.
function referenceFnv1(bytes: Iterable<number>): number {
  let hash = 2166136261n;
  for (const byte of bytes) {
    hash = ((hash * 16777619n) % 2n ** 32n) ^ BigInt(byte);
  }
  return Number(hash);
}

describe('fnv1Hash32', () => {
  it.each([
    ['', 2166136261],
    // 2166136261 * 16777619 mod 2^32 = 0x050c5d1f; XOR 0x61 ('a') = 0x050c5d7e, the published FNV-1 vector.
    ['a', 0x050c5d7e],
    ['foobar', 0x31f0b262],
    // Planner keys: cluster name followed by namespace/name (see planner tests, examples 1 and 2).
    ['eu-westdefault/web', 2615378103],
    ['us-eastdefault/web', 3009371363],
  ])('hashes %j to %d', (text, expected) => {
    expect(fnv1Hash32(text)).toBe(expected);
  });

  it('is FNV-1, not FNV-1a', () => {
    // FNV-1a of "a" is 0xe40c292c.
    expect(fnv1Hash32('a')).not.toBe(0xe40c292c);
  });

  it('hashes UTF-8 bytes, not UTF-16 code units', () => {
    expect(fnv1Hash32('é')).toBe(referenceFnv1([0xc3, 0xa9]));
    expect(fnv1Hash32('é')).not.toBe(referenceFnv1([0xe9]));
  });

  it('agrees with the BigInt reference and stays an unsigned 32-bit integer', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const hash = fnv1Hash32(text);
        expect(hash).toBe(referenceFnv1(new TextEncoder().encode(text)));
        expect(Number.isInteger(hash) && hash >= 0 && hash < 2 ** 32).toBe(true);
      }),
    );
  });
});
