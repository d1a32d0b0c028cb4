import type { Secret } from '../../core/kinds.js';
import { secrets } from '../../kube/resources.js';
import { secretDataValues } from '../../runtime/observability/redactor.js';
import type { KindAdapter } from '../adapter.js';
import { builtInScopes, inScope } from './federated-scope.js';
import { wholeObjectIntents } from './whole-object.js';

/** secretAdapter propagates Secrets whole; their data is kept out of events and logs. */
export const secretAdapter: KindAdapter<undefined, Secret> = {
  type: secrets,
  controller: 'secret',
  splitsReplicas: false,
  // Service-account and bootstrap tokens are credentials of the cluster they were made in, meaningless anywhere else.
  federates: (object) => inScope(builtInScopes.secrets.scope, object),
  render: (object, context) =>
    wholeObjectIntents(object, context, { type: object.type, data: object.data, immutable: object.immutable }),
  sensitiveValues: (object) => secretDataValues(object.data),
};
