import { trimObject } from '../../informers/trim.js';
import type { Service, ServicePort, ServiceSpec } from '../../core/kinds.js';
import { services } from '../../kube/resources.js';
import { loadBalancerIngress } from '../../core/status/load-balancer.js';
import type { KindAdapter } from '../adapter.js';
import { builtInScopes, inScope } from './federated-scope.js';
import { userNodePorts, portKey } from './user-node-ports.js';
import { wholeObjectIntents } from './whole-object.js';

/**
 * serviceSpec drops what the federation API server allocated for itself: cluster IPs, node ports, the
 * health-check node port and IP families. Sent to a member they would collide with its own
 * allocations; each member allocates its own. A node port the user set (userPorts, see
 * userNodePorts) is kept, for every member. A headless Service keeps clusterIP: None.
 */
export function serviceSpec(spec: ServiceSpec | undefined, userPorts: readonly string[] = []): ServiceSpec {
  const { clusterIP, clusterIPs, healthCheckNodePort: _health, ipFamilies: _families, ports, ...rest } = spec ?? {};
  const headless = clusterIP === 'None';
  const memberPort = ({ nodePort, ...port }: ServicePort): ServicePort =>
    nodePort !== undefined && userPorts.includes(portKey(port)) ? { ...port, nodePort } : port;
  return {
    ...rest,
    ...(headless ? { clusterIP, clusterIPs } : {}),
    ...(Array.isArray(ports) ? { ports: ports.map(memberPort) } : {}),
  };
}

/** trimService is the federated cache's trim, noting which node ports a user set before managedFields go. */
export function trimService(object: Service): Service {
  const trimmed = trimObject(object);
  const userPorts = userNodePorts(object);
  if (userPorts.length > 0) {
    trimmed.metadata.userNodePorts = userPorts;
  }
  return trimmed;
}

/** serviceAdapter propagates Services and gathers their members' load-balancer addresses. */
export const serviceAdapter: KindAdapter<undefined, Service> = {
  type: services,
  controller: 'service',
  splitsReplicas: false,
  // The default/kubernetes Service is each API server's own endpoint.
  federates: (object) => inScope(builtInScopes.services.scope, object),
  trim: trimService,
  render: (object, context) =>
    wholeObjectIntents(object, context, { spec: serviceSpec(object.spec, object.metadata.userNodePorts) }),
  status: (_object, copies) => ({ loadBalancer: { ingress: loadBalancerIngress(copies) } }),
};
