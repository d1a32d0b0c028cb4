import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { capacityCodec, type CapacityEstimates } from '../../../../src/core/annotations/capacity.js';
import { AnnotationError } from '../../../../src/core/annotations/codec.js';
import { capacityAnnotation } from '../../../../src/core/well-known.js';

describe('capacityCodec', () => {
  it('reads and writes federation.kubefed.dev/capacity', () => {
    expect(capacityCodec.annotation).toBe(capacityAnnotation);
  });

  it.each<[string, CapacityEstimates, string]>([
    ['an estimate with a node signature', { gcek8s: { replicas: 2, nodes: 'n1:4', at: 1_700_000_000_000 } }, '{"gcek8s":{"at":1700000000000,"nodes":"n1:4","replicas":2}}'],
    ['an estimate without one', { a: { replicas: 0, at: 5 } }, '{"a":{"at":5,"replicas":0}}'],
    ['no estimates', {}, '{}'],
  ])('round-trips %s', (_name, estimates, text) => {
    expect(capacityCodec.encode(estimates)).toBe(text);
    expect(capacityCodec.decode(text)).toEqual(estimates);
  });

  it.each<[string, string, string]>([
    ['text that is not JSON', 'nope', 'capacity: invalid JSON: '],
    ['a list', '[]', 'capacity: must be a JSON object keyed by cluster name, got []'],
    ['a bare number for a member', '{"a":2}', 'capacity["a"] must be an object, got 2'],
    ['negative replicas', '{"a":{"replicas":-2,"at":1}}', 'capacity["a"].replicas must be a non-negative integer, got -2'],
    ['no time', '{"a":{"replicas":2}}', 'capacity["a"].at must be a time in milliseconds, got undefined'],
    ['a time as text', '{"a":{"replicas":2,"at":"now"}}', 'capacity["a"].at must be a time in milliseconds, got "now"'],
    ['a node signature that is not text', '{"a":{"replicas":2,"at":1,"nodes":3}}', 'capacity["a"].nodes must be a string, got 3'],
  ])('rejects %s precisely', (_name, text, message) => {
    expect(() => capacityCodec.decode(text)).toThrow(AnnotationError);
    expect(() => capacityCodec.decode(text)).toThrow(message);
  });

  it('round-trips any estimates', () => {
    const estimate = fc.record({ replicas: fc.nat(), at: fc.nat(), nodes: fc.string() }, { requiredKeys: ['replicas', 'at'] });
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), estimate), (estimates) => {
        expect(capacityCodec.decode(capacityCodec.encode(estimates))).toEqual(estimates);
      }),
    );
  });
});
