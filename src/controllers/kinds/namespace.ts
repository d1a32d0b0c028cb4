import type { KubeObject } from '../../core/objects.js';
import { namespaces } from '../../kube/resources.js';
import type { KindAdapter } from '../adapter.js';
import { builtInScopes, inScope } from './federated-scope.js';
import { wholeObjectIntents } from './whole-object.js';

/**
 * namespaceAdapter propagates Namespaces: labels and annotations only, since spec.finalizers belongs
 * to each cluster's namespace controller. Deleting one deletes the member namespaces kubefed made.
 */
export const namespaceAdapter: KindAdapter = {
  type: namespaces,
  controller: 'namespace',
  splitsReplicas: false,
  federates: (object: KubeObject) => inScope(builtInScopes.namespaces.scope, object),
  render: (object, context) => wholeObjectIntents(object, context, {}),
};
