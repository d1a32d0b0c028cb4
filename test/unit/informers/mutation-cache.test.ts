import { describe, expect, test } from '@jest/globals';
import { MutationCache } from '../../../src/informers/mutation-cache.js';
import type { KubeObject } from '../../../src/core/objects.js';

const version = (resourceVersion: string, finalizers: string[] = []): KubeObject => ({ metadata: { namespace: 'ns', name: 'a', resourceVersion, finalizers } });

describe('MutationCache', () => {
  test.each([
    ['nothing written: the cache', undefined, version('5'), '5'],
    ['own write ahead of the watch: the write', version('6'), version('5'), '6'],
    ['the watch caught up: the cache', version('6'), version('6'), '6'],
    ['the watch moved past it: the cache', version('6'), version('7'), '7'],
    ['the object is gone: gone', version('6'), undefined, undefined],
  ])('%s', (_case, written, cached, expected) => {
    const cache = new MutationCache<KubeObject>();
    if (written) {
      cache.remember('ns/a', written);
    }
    expect(cache.newest('ns/a', cached)?.metadata.resourceVersion).toBe(expected);
  });

  test('forgets a write once the cache has caught up', () => {
    const cache = new MutationCache<KubeObject>();
    cache.remember('ns/a', version('6', ['kubefed']));
    expect(cache.newest('ns/a', version('5'))?.metadata.finalizers).toEqual(['kubefed']);
    expect(cache.newest('ns/a', version('6', ['kubefed']))).toBeDefined();
    expect(cache.size).toBe(0);
  });
});
