import { trimObject } from '../../informers/trim.js';
import type { KubeObject } from '../../core/objects.js';
import { services } from '../../kube/resources.js';
import { loadBalancerIngress } from '../../core/status/load-balancer.js';
import type { KindAdapter } from '../adapter.js';
import { isFederatedNamespaceObject } from './system-objects.js';
import { userNodePorts, portKey } from './user-node-ports.js';
import { wholeObjectIntents } from './whole-object.js';

interface ServicePort {
  nodePort?: number;
  [field: string]: unknown;
}

/**
 * serviceSpec drops what the federation API server allocated for itself: cluster IPs, node ports, the
 * health-check node port and IP families. Sent to a member they would collide with its own
 * allocations; each member allocates its own. A node port the user set (userPorts, see
 * userNodePorts) is kept, for every member. A headless Service keeps clusterIP: None.
 */
export function serviceSpec(spec: Record<string, unknown> | undefined, userPorts: readonly string[] = []): Record<string, unknown> {
  const { clusterIP, clusterIPs, healthCheckNodePort: _health, ipFamilies: _families, ports, ...rest } = spec ?? {};
  const headless = clusterIP === 'None';
  const memberPort = ({ nodePort, ...port }: ServicePort): ServicePort =>
    nodePort !== undefined && userPorts.includes(portKey(port)) ? { ...port, nodePort } : port;
  return {
    ...rest,
    ...(headless ? { clusterIP, clusterIPs } : {}),
    ...(Array.isArray(ports) ? { ports: (ports as ServicePort[]).map(memberPort) } : {}),
  };
}

/** trimService is the federated cache's trim, noting which node ports a user set before managedFields go. */
export function trimService(object: KubeObject): KubeObject {
  const trimmed = trimObject(object);
  const userPorts = userNodePorts(object);
  if (userPorts.length > 0) {
    trimmed.metadata.userNodePorts = userPorts;
  }
  return trimmed;
}

/** serviceAdapter propagates Services and gathers their members' load-balancer addresses. */
export const serviceAdapter: KindAdapter = {
  type: services,
  controller: 'service',
  splitsReplicas: false,
  // The default/kubernetes Service is each API server's own endpoint.
  federates: (object: KubeObject) =>
    isFederatedNamespaceObject(object.metadata.namespace) && !(object.metadata.namespace === 'default' && object.metadata.name === 'kubernetes'),
  trim: trimService,
  render: (object, context) =>
    wholeObjectIntents(object, context, { spec: serviceSpec(object.spec as Record<string, unknown> | undefined, object.metadata.userNodePorts) }),
  status: (_object, copies) => ({ loadBalancer: { ingress: loadBalancerIngress(copies) } }),
};
