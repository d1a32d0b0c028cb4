import type { KubeObject } from '../../kube/objects.js';
import { services } from '../../kube/resources.js';
import { loadBalancerIngress } from '../../status/load-balancer.js';
import type { KindAdapter } from '../adapter.js';
import { isFederatedNamespaceObject } from './system-objects.js';
import { wholeObjectIntents } from './whole-object.js';

interface ServicePort {
  nodePort?: number;
  [field: string]: unknown;
}

/**
 * serviceSpec drops what the federation API server allocated for itself: cluster IPs, node ports, the
 * health-check node port and IP families. Sent to a member they would collide with its own
 * allocations; each member allocates its own. A headless Service keeps clusterIP: None.
 */
export function serviceSpec(spec: Record<string, unknown> | undefined): Record<string, unknown> {
  const { clusterIP, clusterIPs, healthCheckNodePort: _health, ipFamilies: _families, ports, ...rest } = spec ?? {};
  const headless = clusterIP === 'None';
  return {
    ...rest,
    ...(headless ? { clusterIP, clusterIPs } : {}),
    ...(Array.isArray(ports) ? { ports: (ports as ServicePort[]).map(({ nodePort: _port, ...port }) => port) } : {}),
  };
}

/** serviceAdapter propagates Services and gathers their members' load-balancer addresses. */
export const serviceAdapter: KindAdapter = {
  type: services,
  controller: 'service',
  splitsReplicas: false,
  // The default/kubernetes Service is each API server's own endpoint.
  federates: (object: KubeObject) =>
    isFederatedNamespaceObject(object.metadata.namespace) && !(object.metadata.namespace === 'default' && object.metadata.name === 'kubernetes'),
  render: (object, context) =>
    wholeObjectIntents(object, context, { spec: serviceSpec(object.spec as Record<string, unknown> | undefined) }),
  status: (_object, copies) => ({ loadBalancer: { ingress: loadBalancerIngress(copies) } }),
};
