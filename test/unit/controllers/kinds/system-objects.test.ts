import { describe, expect, it } from '@jest/globals';
import { isClusterNamespace, isFederatedNamespaceObject } from '../../../../src/controllers/kinds/system-objects.js';
import { builtInScopes, inScope } from '../../../../src/controllers/kinds/federated-scope.js';

describe('system objects', () => {
  it.each<[string | undefined, boolean, boolean, boolean]>([
    // namespace, is a cluster namespace, objects in it propagate, the Namespace itself propagates
    ['kube-system', true, false, false],
    ['kube-public', true, false, false],
    ['kube-node-lease', true, false, false],
    ['federation-system', true, false, false],
    ['default', false, true, false],
    ['shop', false, true, true],
    [undefined, false, true, true],
  ])('namespace %s', (namespace, cluster, objects, itself) => {
    expect(isClusterNamespace(namespace)).toBe(cluster);
    expect(isFederatedNamespaceObject(namespace)).toBe(objects);
    expect(inScope(builtInScopes.namespaces.scope, { metadata: { name: namespace } })).toBe(itself);
  });
});
