const offsetBasis = 2166136261;
const prime = 16777619;
const encoder = new TextEncoder();

/**
 * FNV-1 (not 1a) 32-bit hash of the UTF-8 bytes of `text`, as Go's `hash/fnv.New32`.
 * The planner orders equal-weight clusters by it, so it must match v1 bit for bit.
 */
export function fnv1Hash32(text: string): number {
  let hash = offsetBasis;
  for (const byte of encoder.encode(text)) {
    // Math.imul keeps the product exact modulo 2^32; a float multiply would lose the low bits.
    hash = (Math.imul(hash, prime) ^ byte) >>> 0;
  }
  return hash;
}
