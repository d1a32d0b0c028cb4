import type { MemberCopy } from '../../controllers/adapter.js';
import type { KubeObject, ObjectStatus } from '../objects.js';

/** LoadBalancerIngress is one address of a load balancer, as Services and Ingresses report it. */
export interface LoadBalancerIngress {
  ip?: string;
  hostname?: string;
  [field: string]: unknown;
}

/** LoadBalancerStatus is the status of a Service or an Ingress. */
export interface LoadBalancerStatus extends ObjectStatus {
  loadBalancer?: { ingress?: LoadBalancerIngress[] };
}

/**
 * loadBalancerIngress concatenates every member's load-balancer addresses, sorted by IP then
 * hostname (as v1 did for Services; v1 copied only the first member's for Ingresses).
 */
export function loadBalancerIngress(copies: MemberCopy<KubeObject<unknown, LoadBalancerStatus>>[]): LoadBalancerIngress[] {
  const addresses = copies.flatMap(({ object }) => object?.status?.loadBalancer?.ingress ?? []);
  return addresses.sort((a, b) => compare(a.ip, b.ip) || compare(a.hostname, b.hostname));
}

function compare(a: string | undefined, b: string | undefined): number {
  return (a ?? '').localeCompare(b ?? '');
}
