import type { KubeObject } from '../../core/objects.js';
import { ingresses } from '../../kube/resources.js';
import { loadBalancerIngress } from '../../core/status/load-balancer.js';
import type { KindAdapter } from '../adapter.js';
import { builtInScopes, inScope } from './federated-scope.js';
import { wholeObjectIntents } from './whole-object.js';

/** ingressAdapter propagates networking.k8s.io/v1 Ingresses and concatenates their members' addresses. */
export const ingressAdapter: KindAdapter = {
  type: ingresses,
  controller: 'ingress',
  splitsReplicas: false,
  federates: (object: KubeObject) => inScope(builtInScopes.ingresses.scope, object),
  render: (object, context) => wholeObjectIntents(object, context, { spec: object.spec }),
  status: (_object, copies) => ({ loadBalancer: { ingress: loadBalancerIngress(copies) } }),
};
