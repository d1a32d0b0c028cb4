import type { KubeObject } from '../../core/objects.js';
import { configMaps } from '../../kube/resources.js';
import type { KindAdapter } from '../adapter.js';
import { builtInScopes, inScope } from './federated-scope.js';
import { wholeObjectIntents } from './whole-object.js';

/** configMapAdapter propagates ConfigMaps whole (the seed's my-application-config). */
export const configMapAdapter: KindAdapter = {
  type: configMaps,
  controller: 'configmap',
  splitsReplicas: false,
  // kube-root-ca.crt is published into every namespace by each cluster for its own CA.
  federates: (object: KubeObject) => inScope(builtInScopes.configmaps.scope, object),
  render: (object, context) =>
    wholeObjectIntents(object, context, { data: object.data, binaryData: object.binaryData, immutable: object.immutable }),
};
