import { isIP } from 'node:net';
import type { LoadBalancerIngress } from '../kinds.js';

/** Address is one load-balancer address as DNS will publish it. */
export type Address = { family: 'ipv4' | 'ipv6'; ip: string } | { family: 'hostname'; hostname: string };

const hostnamePattern = /^([a-z0-9_]([-a-z0-9_]{0,61}[a-z0-9_])?\.)*[a-z0-9_]([-a-z0-9_]{0,61}[a-z0-9_])?$/;

/**
 * loadBalancerAddresses reads a Service's status.loadBalancer.ingress the way v1 did (the ip, else
 * the hostname). Values are normalized so that the same address always looks the same: IPv6 in its
 * canonical form, hostnames lower-cased without a trailing dot, a "hostname" that is an IP literal
 * treated as the IP. Entries that are neither are skipped; nothing is ever resolved.
 */
export function loadBalancerAddresses(ingress: readonly LoadBalancerIngress[]): Address[] {
  return ingress.flatMap((entry) => {
    const address = parseIP(entry.ip) ?? parseIP(entry.hostname) ?? parseHostname(entry.hostname);
    return address ? [address] : [];
  });
}

function parseIP(value: unknown): Address | undefined {
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  switch (isIP(text)) {
    case 4:
      return { family: 'ipv4', ip: text };
    case 6:
      return { family: 'ipv6', ip: canonicalIPv6(text) };
    default:
      return undefined;
  }
}

function parseHostname(value: unknown): Address | undefined {
  const hostname = typeof value === 'string' ? value.trim().toLowerCase().replace(/\.$/, '') : '';
  return hostname.length <= 253 && hostnamePattern.test(hostname) ? { family: 'hostname', hostname } : undefined;
}

/** canonicalIPv6 uses the WHATWG URL serializer: lower case, longest zero run compressed (RFC 5952). */
function canonicalIPv6(ip: string): string {
  return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
}

/** sortAddresses sorts IPs numerically and hostnames alphabetically, dropping duplicates. */
export function sortAddresses(values: readonly string[], family: Address['family']): string[] {
  const unique = [...new Set(values)];
  const key = family === 'ipv4' ? ipv4Key : family === 'ipv6' ? ipv6Key : (value: string) => value;
  return unique.map((value) => [key(value), value] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, value]) => value);
}

function ipv4Key(ip: string): string {
  return ip
    .split('.')
    .map((octet) => octet.padStart(3, '0'))
    .join('.');
}

function ipv6Key(canonical: string): string {
  const [head = '', tail] = canonical.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.map((group) => group.padStart(4, '0')).join(':');
}
