import type { Informer } from '../../informers/informer.js';
import type { KubeObject } from '../../core/objects.js';
import { endpointSlices, services } from '../../kube/resources.js';
import type { Member } from '../../members/member.js';
import type { MemberView } from '../../members/registry.js';
import type { ServiceObject } from './dns-endpoint.js';
import { type ReadyEndpoints, servingSlice, sliceServiceLabel } from './endpoint-slices.js';
import type { MemberService } from '../../core/dns/records.js';

/** sliceCache is the member's cache of EndpointSlices that belong to a Service (kubefed does not manage them), trimmed. */
export function sliceCache(member: Member): Informer<KubeObject> {
  return member.informer(endpointSlices, { labelSelector: sliceServiceLabel, transform: servingSlice });
}

/** copyCache is the member's cache of the Service copies this federation manages there. */
export function copyCache(member: Member): Informer<KubeObject> {
  return member.informer(services);
}

/**
 * memberServices reads, from the members' caches, what each member says about one federated Service:
 * its location, health, ready endpoints and load balancer. It answers "wait" while a Ready member's
 * caches are still loading, since a partial picture would publish a fallback and then take it back.
 * A member whose list fails is not waited for: it counts as not serving until its cache loads.
 */
export function memberServices(key: string, views: readonly MemberView[], index: (member: Member) => ReadyEndpoints | undefined): MemberService[] | 'wait' {
  const found: MemberService[] = [];
  for (const view of views) {
    const member = view.member;
    if (!member) {
      continue;
    }
    const copies = copyCache(member);
    if (!copies.hasSynced()) {
      if (view.ready && copies.lastError === undefined) {
        return 'wait';
      }
      continue;
    }
    const copy = copies.get(key) as ServiceObject | undefined;
    if (!copy) {
      continue;
    }
    let readyEndpoints = false;
    if (view.ready) {
      const slices = sliceCache(member);
      if (!slices.hasSynced() && slices.lastError === undefined) {
        return 'wait';
      }
      readyEndpoints = slices.hasSynced() && (index(member)?.hasReady(key) ?? false);
    }
    found.push({
      cluster: view.name,
      zone: view.cluster.status?.zones?.[0],
      region: view.cluster.status?.region,
      ready: view.ready,
      readyEndpoints,
      ingress: copy.status?.loadBalancer?.ingress ?? [],
    });
  }
  return found;
}
