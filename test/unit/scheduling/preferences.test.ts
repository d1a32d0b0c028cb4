import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  defaultPreferences,
  deploymentPreferencesAnnotation,
  jobPreferencesAnnotation,
  parsePreferences,
  PreferencesError,
  type ReplicaPreferences,
  replicaSetPreferencesAnnotation,
} from '../../../src/scheduling/preferences.js';

describe('parsePreferences', () => {
  it('uses v1 annotation keys', () => {
    expect(deploymentPreferencesAnnotation).toBe('federation.kubernetes.io/deployment-preferences');
    expect(replicaSetPreferencesAnnotation).toBe('federation.kubernetes.io/replica-set-preferences');
    expect(jobPreferencesAnnotation).toBe('federation.kubernetes.io/job-preferences');
  });

  it('gives the v1 default when the annotation is absent', () => {
    expect(parsePreferences(undefined)).toBe(defaultPreferences);
    expect(defaultPreferences).toEqual({ rebalance: false, clusters: { '*': { minReplicas: 0, weight: 1 } } });
    expect(Object.isFrozen(defaultPreferences.clusters['*'])).toBe(true);
  });

  it.each<[string, string, ReplicaPreferences]>([
    [
      'the documented camelCase form',
      '{"rebalance":true,"clusters":{"us-east":{"minReplicas":2,"maxReplicas":10,"weight":3},"*":{"weight":1}}}',
      {
        rebalance: true,
        clusters: { 'us-east': { minReplicas: 2, maxReplicas: 10, weight: 3 }, '*': { minReplicas: 0, weight: 1 } },
      },
    ],
    [
      'Go field names in any case',
      '{"Rebalance":true,"CLUSTERS":{"a":{"MinReplicas":1,"MAXREPLICAS":4,"Weight":2}}}',
      { rebalance: true, clusters: { a: { minReplicas: 1, maxReplicas: 4, weight: 2 } } },
    ],
    [
      'the last spelling of a field winning, as in Go',
      '{"rebalance":true,"REBALANCE":false}',
      { rebalance: false, clusters: {} },
    ],
    [
      'cluster names kept as written',
      '{"clusters":{"EU-West":{"weight":1},"eu-west":{"weight":2}}}',
      { rebalance: false, clusters: { 'EU-West': { minReplicas: 0, weight: 1 }, 'eu-west': { minReplicas: 0, weight: 2 } } },
    ],
    ['omitted fields as Go zero values', '{"clusters":{"a":{}}}', { rebalance: false, clusters: { a: { minReplicas: 0, weight: 0 } } }],
    ['no clusters at all', '{}', { rebalance: false, clusters: {} }],
    [
      'null as the zero value, and maxReplicas null as unbounded',
      '{"rebalance":null,"clusters":{"a":{"minReplicas":null,"maxReplicas":null,"weight":null},"b":null}}',
      { rebalance: false, clusters: { a: { minReplicas: 0, weight: 0 }, b: { minReplicas: 0, weight: 0 } } },
    ],
    ['unknown fields ignored, as Go did', '{"rebalanse":true,"clusters":{"a":{"wieght":5}}}', { rebalance: false, clusters: { a: { minReplicas: 0, weight: 0 } } }],
    ['min equal to max', '{"clusters":{"a":{"minReplicas":3,"maxReplicas":3}}}', { rebalance: false, clusters: { a: { minReplicas: 3, maxReplicas: 3, weight: 0 } } }],
  ])('parses %s', (_name, annotation, expected) => {
    expect(parsePreferences(annotation)).toEqual(expected);
  });

  it('keeps a cluster named like an Object.prototype member as an ordinary entry', () => {
    const parsed = parsePreferences('{"clusters":{"__proto__":{"weight":1},"constructor":{"weight":2}}}');
    expect(Object.keys(parsed.clusters).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.hasOwn(parsed.clusters, '__proto__')).toBe(true);
  });

  it.each([
    ['{"rebalance":', 'preferences: invalid JSON: '],
    ['[]', 'preferences: must be a JSON object, got []'],
    ['null', 'preferences: must be a JSON object, got null'],
    ['{"rebalance":"true"}', 'preferences: rebalance must be true or false, got "true"'],
    ['{"clusters":[]}', 'preferences: clusters must be an object keyed by cluster name, got []'],
    ['{"clusters":{"a":5}}', 'preferences: clusters["a"] must be an object, got 5'],
    ['{"clusters":{"a":{"weight":1.5}}}', 'preferences: clusters["a"].weight must be a non-negative integer, got 1.5'],
    ['{"clusters":{"a":{"weight":-1}}}', 'preferences: clusters["a"].weight must be a non-negative integer, got -1'],
    ['{"clusters":{"a":{"minReplicas":"2"}}}', 'preferences: clusters["a"].minReplicas must be a non-negative integer, got "2"'],
    ['{"clusters":{"a":{"maxReplicas":-3}}}', 'preferences: clusters["a"].maxReplicas must be a non-negative integer, got -3'],
    ['{"clusters":{"a":{"weight":1e300}}}', 'preferences: clusters["a"].weight must be a non-negative integer, got 1e+300'],
    ['{"clusters":{"*":{"minReplicas":5,"maxReplicas":3}}}', 'preferences: clusters["*"]: minReplicas 5 is greater than maxReplicas 3'],
  ])('rejects %s', (annotation, message) => {
    expect(() => parsePreferences(annotation)).toThrow(PreferencesError);
    expect(() => parsePreferences(annotation)).toThrow(message);
  });

  it('never throws anything but PreferencesError, and what it returns is consistent', () => {
    const field = (...names: string[]): fc.Arbitrary<string> => fc.constantFrom(...names, ...names.map((n) => n.toUpperCase()));
    const number = fc.oneof(fc.integer({ min: -3, max: 30 }), fc.double(), fc.constant(null), fc.jsonValue());
    const cluster = fc.dictionary(field('minReplicas', 'maxReplicas', 'weight'), number);
    const document = fc.dictionary(
      field('rebalance', 'clusters'),
      fc.oneof(fc.boolean(), fc.dictionary(fc.constantFrom('*', 'a', 'b'), fc.oneof(cluster, fc.jsonValue())), fc.jsonValue()),
    );
    const annotations = fc.oneof(fc.string(), fc.json(), document.map((d) => JSON.stringify(d)));
    fc.assert(
      fc.property(annotations, (annotation) => {
        let parsed: ReplicaPreferences;
        try {
          parsed = parsePreferences(annotation);
        } catch (error) {
          expect(error).toBeInstanceOf(PreferencesError);
          return;
        }
        for (const cluster of Object.values(parsed.clusters)) {
          expect(Number.isSafeInteger(cluster.minReplicas) && cluster.minReplicas >= 0).toBe(true);
          expect(Number.isSafeInteger(cluster.weight) && cluster.weight >= 0).toBe(true);
          expect(cluster.maxReplicas === undefined || cluster.maxReplicas >= cluster.minReplicas).toBe(true);
        }
      }),
    );
  });
});
