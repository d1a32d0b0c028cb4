import type { MemberCopy } from './member-copy.js';
import type { LoadBalancerIngress, LoadBalancerStatus } from '../kinds.js';
import type { KubeObject } from '../objects.js';

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
