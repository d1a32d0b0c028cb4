/** DnsScope names one federated Service in the DNS: everything its record names share. */
export interface DnsScope {
  service: string;
  namespace: string;
  federation: string;
  /** suffix is --service-dns-suffix (default: the zone), without leading or trailing dots. */
  suffix: string;
}

/** Location is where one member runs: its first zone and its region (from its Cluster status). */
export interface Location {
  zone?: string;
  region?: string;
}

const label = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** dnsLabel lower-cases a zone or region name, or rejects it when it cannot be one label of a DNS name. */
export function dnsLabel(value: string | undefined): string | undefined {
  const lowered = value?.trim().toLowerCase();
  return lowered !== undefined && label.test(lowered) ? lowered : undefined;
}

/** normalizeSuffix drops the dots a user may write around a zone ("example.com." is "example.com"). */
export function normalizeSuffix(suffix: string): string {
  return suffix.trim().toLowerCase().replace(/^\.+|\.+$/g, '');
}

/** globalName is `<svc>.<ns>.<federation>.svc.<suffix>`: every healthy member. */
export function globalName(scope: DnsScope): string {
  return [scope.service, scope.namespace, scope.federation, 'svc', scope.suffix].join('.');
}

/** regionName is `<svc>.<ns>.<federation>.svc.<region>.<suffix>`, or undefined without a usable region. */
export function regionName(scope: DnsScope, location: Location): string | undefined {
  const region = dnsLabel(location.region);
  return region === undefined ? undefined : [scope.service, scope.namespace, scope.federation, 'svc', region, scope.suffix].join('.');
}

/**
 * zoneName is `<svc>.<ns>.<federation>.svc.<zone>.<region>.<suffix>` (v1's order); a zone without a
 * region has no name of its own, since the name must say which region it belongs to.
 */
export function zoneName(scope: DnsScope, location: Location): string | undefined {
  const zone = dnsLabel(location.zone);
  const region = dnsLabel(location.region);
  return zone === undefined || region === undefined
    ? undefined
    : [scope.service, scope.namespace, scope.federation, 'svc', zone, region, scope.suffix].join('.');
}
