import type { KubeObject } from '../../core/objects.js';
import { daemonSets } from '../../kube/resources.js';
import { observedGeneration } from '../../core/status/generation.js';
import { sumStatus } from '../../core/status/sum.js';
import type { KindAdapter } from '../adapter.js';
import { builtInScopes, inScope } from './federated-scope.js';
import { wholeObjectIntents } from './whole-object.js';

const counts = [
  'currentNumberScheduled',
  'numberMisscheduled',
  'desiredNumberScheduled',
  'numberReady',
  'updatedNumberScheduled',
  'numberAvailable',
  'numberUnavailable',
] as const;

/** daemonSetAdapter runs a DaemonSet in every placed member and sums their status (v1 wrote none). */
export const daemonSetAdapter: KindAdapter = {
  type: daemonSets,
  controller: 'daemonset',
  splitsReplicas: false,
  federates: (object: KubeObject) => inScope(builtInScopes.daemonsets.scope, object),
  render: (object, context) => wholeObjectIntents(object, context, { spec: object.spec }),
  status: (object, copies) => {
    const generation = observedGeneration(object, copies);
    return { ...sumStatus(copies, counts), ...(generation === undefined ? {} : { observedGeneration: generation }) };
  },
};
