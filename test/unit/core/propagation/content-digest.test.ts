import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isSubset } from '../../../../src/core/propagation/subset.js';
import type { KubeObject } from '../../../../src/core/objects.js';
import { comparableContent, contentDigestsField, digestContent, valueDigest } from '../../../../src/core/propagation/content-digest.js';

const big = 'x'.repeat(900 * 1024);

function configMap(data?: Record<string, string>, binaryData?: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'apps' }, ...(data ? { data } : {}), ...(binaryData ? { binaryData } : {}) };
}

describe('valueDigest', () => {
  it.each<[string, string, string, boolean]>([
    ['equal values', 'a', 'a', true],
    ['different values', 'a', 'b', false],
    ['a value and its prefix', big, big.slice(1), false],
  ])('%s', (_name, first, second, equal) => {
    expect(valueDigest(first) === valueDigest(second)).toBe(equal);
  });

  it('is short whatever the size of the value, and does not contain it', () => {
    expect(valueDigest(big).length).toBeLessThan(64);
    expect(valueDigest('c2VjcmV0')).not.toContain('c2VjcmV0');
  });
});

describe('digestContent', () => {
  it.each<[string, KubeObject, KubeObject]>([
    [
      'a ConfigMap keeps digests of data and binaryData, not the bytes',
      configMap({ large: big }, { blob: 'AAEC' }),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'apps' }, [contentDigestsField]: { data: { large: valueDigest(big) }, binaryData: { blob: valueDigest('AAEC') } } },
    ],
    [
      'a Secret keeps digests of data, and its type as it is',
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token' }, type: 'Opaque', data: { token: 'c2VjcmV0' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token' }, type: 'Opaque', [contentDigestsField]: { data: { token: valueDigest('c2VjcmV0') } } },
    ],
    [
      'an empty data map is the same as none',
      configMap({}),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'apps' }, [contentDigestsField]: {} },
    ],
    ['a ConfigMap without data is left alone', configMap(), configMap()],
    [
      'another kind with a data field is left alone',
      { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'web-1' }, data: { spec: {} } },
      { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'web-1' }, data: { spec: {} } },
    ],
  ])('%s', (_name, object, expected) => {
    expect(digestContent(object)).toEqual(expected);
  });

  it('is idempotent: a digested copy comes back as it is', () => {
    const digested = digestContent(configMap({ large: big }));
    expect(digestContent(digested)).toBe(digested);
  });
});

describe('digestContent of what kubefed sent', () => {
  it('gives the digests hashing would give, whatever the member stored (property)', () => {
    const values = fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.constantFrom('', '1', '2', 'x'.repeat(10)));
    fc.assert(
      fc.property(values, values, (sent, stored) => {
        expect(digestContent(configMap(stored), configMap(sent))).toEqual(digestContent(configMap(stored)));
      }),
    );
  });
});

describe('comparableContent', () => {
  it('hashes one shared object once, however often it is compared', () => {
    const shared = configMap({ large: big });
    expect(comparableContent(shared)).toBe(comparableContent(shared));
    expect(comparableContent(shared)).toEqual(digestContent(shared));
  });
});

describe('comparing digests', () => {
  it('tells the same as comparing the values (property): what the member cache keeps is all the drift check needs', () => {
    const values = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), fc.constantFrom('', '1', '2', 'x'.repeat(10)));
    fc.assert(
      fc.property(values, values, fc.option(values, { nil: undefined }), (desired, actual, binary) => {
        const intent = configMap(desired, binary);
        const copy = configMap(actual, binary);
        expect(isSubset(digestContent(intent), digestContent(copy))).toBe(isSubset(intent, copy));
      }),
    );
  });
});
