import { isFederatedNamespaceObject } from '../kinds/system-objects.js';
import type { KubeObject } from '../../core/objects.js';
import { apiVersionOf, dnsEndpoints } from '../../kube/resources.js';
import { canonicalJson } from '../../core/propagation/canonical.js';
import { managedByLabel } from '../../core/well-known.js';
import type { DnsRecord } from '../../core/dns/records.js';

/** dnsEndpointType is external-dns's CRD source kind, externaldns.k8s.io/v1alpha1 DNSEndpoint. */
export const dnsEndpointType = dnsEndpoints;

/** serviceNameLabel on a DNSEndpoint names the federated Service it publishes, so events map back to it. */
export const serviceNameLabel = 'federation.kubefed.dev/service-name';

/** DnsEndpointObject is a DNSEndpoint as kubefed writes and reads it. */
export interface DnsEndpointObject extends KubeObject {
  spec?: { endpoints?: DnsRecord[] };
}

/** ServiceObject is the part of a core/v1 Service the DNS controller reads. */
export interface ServiceObject extends KubeObject {
  spec?: { type?: string };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

/** dnsEndpointName derives the DNSEndpoint's name from the Service's, prefixed so a user's own DNSEndpoint of that name is left alone. */
export function dnsEndpointName(service: string): string {
  return `service-${service}`;
}

/** wantsRecords: only federated Services of type LoadBalancer that are not being deleted get DNS records (v1). */
export function wantsRecords(service: ServiceObject | undefined): service is ServiceObject {
  return (
    service !== undefined &&
    service.spec?.type === 'LoadBalancer' &&
    !service.metadata.deletionTimestamp &&
    isFederatedNamespaceObject(service.metadata.namespace)
  );
}

/** isOwnDnsEndpoint: the DNSEndpoint carries this federation's label, so kubefed may change or delete it. */
export function isOwnDnsEndpoint(object: KubeObject | undefined, federation: string): boolean {
  return object?.metadata.labels?.[managedByLabel] === federation;
}

/**
 * desiredDnsEndpoint is the DNSEndpoint that publishes a Service's records: in the Service's namespace,
 * labelled as this federation's, and owned by the Service (informational: no garbage collector runs
 * in the federation, so kubefed deletes it itself).
 */
export function desiredDnsEndpoint(service: ServiceObject, federation: string, records: DnsRecord[]): DnsEndpointObject {
  const { name = '', namespace, uid = '' } = service.metadata;
  return {
    apiVersion: apiVersionOf(dnsEndpointType),
    kind: dnsEndpointType.kind,
    metadata: {
      name: dnsEndpointName(name),
      namespace,
      labels: { [managedByLabel]: federation, [serviceNameLabel]: name },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name, uid, controller: true }],
    },
    spec: { endpoints: records },
  };
}

/** needsWrite: the stored DNSEndpoint differs from the desired one in anything kubefed sets. */
export function needsWrite(existing: DnsEndpointObject | undefined, desired: DnsEndpointObject): boolean {
  if (!existing) {
    return true;
  }
  const labels = existing.metadata.labels ?? {};
  const owner = desired.metadata.ownerReferences?.[0];
  return (
    canonicalJson(existing.spec?.endpoints ?? []) !== canonicalJson(desired.spec?.endpoints ?? []) ||
    Object.entries(desired.metadata.labels ?? {}).some(([key, value]) => labels[key] !== value) ||
    !(existing.metadata.ownerReferences ?? []).some((reference) => reference.uid === owner?.uid && reference.controller === true)
  );
}
