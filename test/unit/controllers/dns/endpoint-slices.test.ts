import { describe, expect, it } from '@jest/globals';
import { ReadyEndpoints, servingSlice, sliceServiceKey } from '../../../../src/controllers/dns/endpoint-slices.js';
import type { KubeObject } from '../../../../src/core/objects.js';

const slice = (name: string, service: string | undefined, ready: (boolean | undefined)[]): KubeObject => ({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: {
    name,
    namespace: 'shop',
    resourceVersion: '5',
    labels: service === undefined ? { other: 'x' } : { 'kubernetes.io/service-name': service, 'endpointslice.kubernetes.io/managed-by': 'someone' },
    managedFields: [{ manager: 'x' }],
  },
  addressType: 'IPv4',
  ports: [{ port: 80 }],
  endpoints: ready.map((value, index) => ({ addresses: [`192.0.2.${index + 1}`], conditions: value === undefined ? {} : { ready: value } })),
});

describe('servingSlice', () => {
  it('keeps only the name, namespace, version, Service label and whether an endpoint is ready', () => {
    expect(servingSlice(slice('web-abc', 'web', [false, true]))).toEqual({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'web-abc', namespace: 'shop', resourceVersion: '5', labels: { 'kubernetes.io/service-name': 'web' } },
      ready: true,
    });
  });

  it.each<[string, (boolean | undefined)[], boolean]>([
    ['no endpoints', [], false],
    ['only unready endpoints', [false, false], false],
    ['a ready endpoint', [false, true], true],
    ['an endpoint of unknown readiness (ready unset means ready)', [undefined], true],
  ])('%s → ready %s', (_name, ready, expected) => {
    expect((servingSlice(slice('s', 'web', ready)) as KubeObject & { ready: boolean }).ready).toBe(expected);
  });

  it('treats null endpoints (an empty slice as the API server sends it) as not ready', () => {
    expect((servingSlice({ metadata: { name: 's', namespace: 'shop' }, endpoints: null }) as KubeObject & { ready: boolean }).ready).toBe(false);
  });
});

describe('ReadyEndpoints', () => {
  const served = (name: string, service: string | undefined, ready: boolean) => servingSlice(slice(name, service, [ready]));

  it('says whether any slice of a Service has a ready endpoint, following adds, updates and deletes', () => {
    const index = new ReadyEndpoints();
    expect(index.hasReady('shop/web')).toBe(false);
    expect(index.set(served('web-1', 'web', false))).toBe('shop/web');
    expect(index.hasReady('shop/web')).toBe(false);
    index.set(served('web-2', 'web', true));
    expect(index.hasReady('shop/web')).toBe(true);
    index.set(served('web-2', 'web', false));
    expect(index.hasReady('shop/web')).toBe(false);
    index.set(served('web-2', 'web', true));
    expect(index.delete(served('web-2', 'web', true))).toBe('shop/web');
    expect(index.hasReady('shop/web')).toBe(false);
    expect(index.hasReady('shop/api')).toBe(false);
  });

  it('ignores slices that name no Service', () => {
    const index = new ReadyEndpoints();
    expect(index.set(served('loose', undefined, true))).toBeUndefined();
    expect(index.delete(served('loose', undefined, true))).toBeUndefined();
    expect(sliceServiceKey(served('web-1', 'web', true))).toBe('shop/web');
  });
});
