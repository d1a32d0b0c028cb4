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

  test('an entry leaves after its time, when read and when the expiry runs, whichever comes first', () => {
    let now = 0;
    const cache = new MutationCache<KubeObject>({ ttlMs: 1000, now: () => now });
    cache.remember('ns/a', version('6'));
    cache.remember('ns/b', version('6'));
    now = 500;
    cache.remember('ns/c', version('6'));
    now = 1000;
    expect(cache.newest('ns/a', version('5'))?.metadata.resourceVersion).toBe('5');
    cache.expire();
    expect(cache.size).toBe(1);
    expect(cache.newest('ns/c', version('5'))?.metadata.resourceVersion).toBe('6');
    now = 1500;
    cache.expire();
    expect(cache.size).toBe(0);
  });

  test('holds at most max entries, dropping the oldest write (a rewrite counts as new)', () => {
    const cache = new MutationCache<KubeObject>({ max: 2 });
    cache.remember('ns/a', version('6'));
    cache.remember('ns/b', version('6'));
    cache.remember('ns/a', version('7'));
    cache.remember('ns/c', version('6'));
    expect(cache.size).toBe(2);
    expect(cache.newest('ns/b', version('5'))?.metadata.resourceVersion).toBe('5');
    expect(cache.newest('ns/a', version('5'))?.metadata.resourceVersion).toBe('7');
    cache.forget('ns/c');
    expect(cache.size).toBe(1);
  });
});

