import { describe, expect, it } from '@jest/globals';
import { AnnotationError, readAnnotation } from '../../../../src/core/annotations/codec.js';
import { deploymentPreferencesCodec, jobPreferencesCodec, preferencesCodec, replicaSetPreferencesCodec } from '../../../../src/core/annotations/preferences.js';
import {
  defaultPreferences,
  deploymentPreferencesAnnotation,
  jobPreferencesAnnotation,
  type ReplicaPreferences,
  replicaSetPreferencesAnnotation,
} from '../../../../src/scheduling/preferences.js';

// v1's decoding itself (case-insensitive fields, null as zero) is tested in test/unit/scheduling/preferences.test.ts.
describe('preferences codecs', () => {
  it.each([
    [deploymentPreferencesCodec, deploymentPreferencesAnnotation],
    [replicaSetPreferencesCodec, replicaSetPreferencesAnnotation],
    [jobPreferencesCodec, jobPreferencesAnnotation],
  ])('one per v1 annotation (%#)', (codec, annotation) => {
    expect(codec.annotation).toBe(annotation);
  });

  it.each<[string, ReplicaPreferences, string]>([
    ['the default', defaultPreferences, '{"clusters":{"*":{"minReplicas":0,"weight":1}},"rebalance":false}'],
    [
      'bounds and rebalance',
      { rebalance: true, clusters: { 'us-east': { minReplicas: 2, maxReplicas: 10, weight: 3 } } },
      '{"clusters":{"us-east":{"maxReplicas":10,"minReplicas":2,"weight":3}},"rebalance":true}',
    ],
  ])('round-trips %s', (_name, preferences, text) => {
    expect(deploymentPreferencesCodec.encode(preferences)).toBe(text);
    expect(deploymentPreferencesCodec.decode(text)).toEqual(preferences);
  });

  it.each<[string, string, string]>([
    ['text that is not JSON', '{', 'preferences: invalid JSON: '],
    ['rebalance as text', '{"rebalance":"yes"}', 'preferences: rebalance must be true or false, got "yes"'],
    ['a negative weight', '{"clusters":{"a":{"weight":-1}}}', 'preferences: clusters["a"].weight must be a non-negative integer, got -1'],
    ['min above max', '{"clusters":{"a":{"minReplicas":3,"maxReplicas":1}}}', 'preferences: clusters["a"]: minReplicas 3 is greater than maxReplicas 1'],
  ])('rejects %s precisely, naming the annotation', (_name, text, message) => {
    const codec = preferencesCodec(jobPreferencesAnnotation);
    expect(() => codec.decode(text)).toThrow(AnnotationError);
    expect(() => codec.decode(text)).toThrow(message);
    expect(() => readAnnotation(codec, { [jobPreferencesAnnotation]: text })).toThrow(expect.objectContaining({ annotation: jobPreferencesAnnotation }));
  });

  it('reads nothing when the annotation is absent (the caller applies v1’s default)', () => {
    expect(readAnnotation(deploymentPreferencesCodec, { [replicaSetPreferencesAnnotation]: '{}' })).toBeUndefined();
  });
});
