import type { LoadBalancerIngress } from '../kinds.js';
import { type Address, loadBalancerAddresses, sortAddresses } from './addresses.js';
import { type DnsScope, globalName, type Location, regionName, zoneName } from './names.js';

/** MemberService is what one member says about a federated Service: where it is, whether it serves, its load balancer. */
export interface MemberService extends Location {
  cluster: string;
  /** ready is the member's health verdict (Cluster Ready). */
  ready: boolean;
  /** readyEndpoints: the member's copy of the Service has at least one ready endpoint (EndpointSlices). */
  readyEndpoints: boolean;
  /** ingress is the member copy's status.loadBalancer.ingress, written by the member's cloud. */
  ingress: readonly LoadBalancerIngress[];
}

export interface RecordsInput extends DnsScope {
  ttl: number;
  /** members lists every member that holds a copy of the Service, healthy or not. */
  members: readonly MemberService[];
}

export type RecordType = 'A' | 'AAAA' | 'CNAME';

/** DnsRecord is one external-dns Endpoint: one name, one type, its targets. */
export interface DnsRecord {
  dnsName: string;
  recordType: RecordType;
  recordTTL: number;
  targets: string[];
}

/** Unpublished lists the load-balancer hostnames a name could not carry (see serviceRecords). */
export interface Unpublished {
  dnsName: string;
  hostnames: string[];
}

export interface RecordsResult {
  records: DnsRecord[];
  unpublished: Unpublished[];
}

interface Level {
  /** uplevel is where the name points (CNAME) when no healthy member serves it; the global name has none. */
  uplevel?: string;
  addresses: Address[];
}

/**
 * serviceRecords computes the DNS records of one federated Service of type LoadBalancer, following
 * v1's service-dns controller:
 *
 * - Names: a global name; a region name per region and a zone name per (first zone, region) of the
 *   members holding the Service. A member without a region has only the global name; a zone needs a region.
 * - A member's load-balancer addresses count only when the member is Ready and its copy has a ready
 *   endpoint (v1 kept dead clusters; this does not). They count at its zone, its region and globally.
 * - A name with IP addresses gets A (IPv4) and/or AAAA (IPv6) records, all addresses sorted.
 * - A name with no healthy address falls back to a CNAME: zone to region, region to global. The global
 *   name then has no record at all.
 *
 * external-dns publishes one record type per name, and a CNAME cannot sit beside other records or
 * have several targets. Load balancers known only by hostname (AWS-style) are never resolved, so:
 * a name whose healthy addresses are all hostnames gets a CNAME to the first hostname in sorted order;
 * a name with both IPs and hostnames publishes the IPs. Hostnames left out are reported in unpublished,
 * so the caller can tell the user.
 */
export function serviceRecords(input: RecordsInput): RecordsResult {
  const global = globalName(input);
  const levels = new Map<string, Level>([[global, { addresses: [] }]]);
  const level = (name: string, uplevel: string): Level => {
    let found = levels.get(name);
    if (!found) {
      found = { uplevel, addresses: [] };
      levels.set(name, found);
    }
    return found;
  };
  for (const member of input.members) {
    const region = regionName(input, member);
    const zone = zoneName(input, member);
    const names: Level[] = [levels.get(global)!];
    if (region !== undefined) {
      names.push(level(region, global));
      if (zone !== undefined) {
        names.push(level(zone, region));
      }
    }
    if (member.ready && member.readyEndpoints) {
      const addresses = loadBalancerAddresses(member.ingress);
      names.forEach((entry) => entry.addresses.push(...addresses));
    }
  }

  const records: DnsRecord[] = [];
  const unpublished: Unpublished[] = [];
  for (const [dnsName, entry] of levels) {
    const record = (recordType: RecordType, targets: string[]) => records.push({ dnsName, recordType, recordTTL: input.ttl, targets });
    const ipv4 = sortAddresses(valuesOf(entry.addresses, 'ipv4'), 'ipv4');
    const ipv6 = sortAddresses(valuesOf(entry.addresses, 'ipv6'), 'ipv6');
    const hostnames = sortAddresses(valuesOf(entry.addresses, 'hostname'), 'hostname');
    if (ipv4.length > 0 || ipv6.length > 0) {
      if (ipv4.length > 0) {
        record('A', ipv4);
      }
      if (ipv6.length > 0) {
        record('AAAA', ipv6);
      }
      if (hostnames.length > 0) {
        unpublished.push({ dnsName, hostnames });
      }
    } else if (hostnames.length > 0) {
      record('CNAME', hostnames.slice(0, 1));
      if (hostnames.length > 1) {
        unpublished.push({ dnsName, hostnames: hostnames.slice(1) });
      }
    } else if (entry.uplevel !== undefined) {
      record('CNAME', [entry.uplevel]);
    }
  }
  const order = (a: { dnsName: string }, b: { dnsName: string }) => (a.dnsName < b.dnsName ? -1 : a.dnsName > b.dnsName ? 1 : 0);
  records.sort((a, b) => order(a, b) || (a.recordType < b.recordType ? -1 : a.recordType > b.recordType ? 1 : 0));
  unpublished.sort(order);
  return { records, unpublished };
}

function valuesOf(addresses: Address[], family: Address['family']): string[] {
  return addresses.flatMap((address) => (address.family !== family ? [] : address.family === 'hostname' ? [address.hostname] : [address.ip]));
}
