import type { Secret } from '../../core/kinds.js';
import { secrets } from '../../kube/resources.js';
import { secretDataValues } from '../../runtime/observability/redactor.js';
import type { KindAdapter } from '../adapter.js';
import { isFederatedNamespaceObject } from './system-objects.js';
import { wholeObjectIntents } from './whole-object.js';

/** Secret types that are credentials of the cluster they were made in, meaningless anywhere else. */
const clusterBoundTypes = new Set(['kubernetes.io/service-account-token', 'bootstrap.kubernetes.io/token']);

/** secretAdapter propagates Secrets whole; their data is kept out of events and logs. */
export const secretAdapter: KindAdapter<undefined, Secret> = {
  type: secrets,
  controller: 'secret',
  splitsReplicas: false,
  federates: (object) =>
    isFederatedNamespaceObject(object.metadata.namespace) && !(typeof object.type === 'string' && clusterBoundTypes.has(object.type)),
  render: (object, context) =>
    wholeObjectIntents(object, context, { type: object.type, data: object.data, immutable: object.immutable }),
  sensitiveValues: (object) => secretDataValues(object.data),
};
