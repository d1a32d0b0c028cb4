import { describe, expect, it } from '@jest/globals';
import {
  apiVersionOf,
  clusters,
  collectionPath,
  configMaps,
  deployments,
  horizontalPodAutoscalers,
  namespaces,
  objectPath,
  type ResourceType,
} from '../../../src/kube/resources.js';

describe('apiVersionOf', () => {
  it.each<[ResourceType, string]>([
    [configMaps, 'v1'],
    [deployments, 'apps/v1'],
    [horizontalPodAutoscalers, 'autoscaling/v2'],
    [clusters, 'federation.kubefed.dev/v1beta1'],
  ])('%j', (type, expected) => {
    expect(apiVersionOf(type)).toBe(expected);
  });
});

describe('collectionPath', () => {
  it.each<[string, ResourceType, string | undefined, string]>([
    ['a core kind in a namespace', configMaps, 'shop', '/api/v1/namespaces/shop/configmaps'],
    ['a core kind across namespaces', configMaps, undefined, '/api/v1/configmaps'],
    ['a grouped kind in a namespace', deployments, 'shop', '/apis/apps/v1/namespaces/shop/deployments'],
    ['a cluster-scoped kind, ignoring the namespace', clusters, 'shop', '/apis/federation.kubefed.dev/v1beta1/clusters'],
    ['a namespace name that needs escaping', configMaps, 'a b', '/api/v1/namespaces/a%20b/configmaps'],
  ])('%s', (_name, type, namespace, expected) => {
    expect(collectionPath(type, namespace)).toBe(expected);
  });
});

describe('objectPath', () => {
  it.each<[string, ResourceType, string | undefined, string, string | undefined, string]>([
    ['a namespaced object', deployments, 'shop', 'web', undefined, '/apis/apps/v1/namespaces/shop/deployments/web'],
    ['a namespaced object without namespace goes to default', configMaps, undefined, 'cm', undefined, '/api/v1/namespaces/default/configmaps/cm'],
    ['a Namespace', namespaces, 'ignored', 'shop', undefined, '/api/v1/namespaces/shop'],
    ['a subresource', clusters, undefined, 'east', 'status', '/apis/federation.kubefed.dev/v1beta1/clusters/east/status'],
    ['a name that needs escaping', configMaps, 'shop', 'a/b', undefined, '/api/v1/namespaces/shop/configmaps/a%2Fb'],
  ])('%s', (_name, type, namespace, name, subresource, expected) => {
    expect(objectPath(type, namespace, name, subresource)).toBe(expected);
  });
});
