import type { KubeObject } from '../../core/objects.js';
import type { InitOptions } from './options.js';
import { serviceDnsNames } from './names.js';
import type { ServingNames } from './pki.js';

/** ServiceObject is the part of the API server's Service that addresses come from. */
export interface ServiceObject extends KubeObject {
  spec?: { clusterIP?: string; clusterIPs?: string[]; ports?: { name?: string; port?: number; nodePort?: number }[] };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

export interface NodeObject extends KubeObject {
  status?: { addresses?: { type: string; address: string }[] };
}

/** nodeAddress picks a node address for NodePort access: ExternalIP first, then InternalIP (as v1). */
export function nodeAddresses(nodes: NodeObject[]): string[] {
  const of = (type: string) => nodes.flatMap((node) => (node.status?.addresses ?? []).filter((address) => address.type === type).map((address) => address.address));
  return [...new Set([...of('ExternalIP'), ...of('InternalIP')])];
}

const isIpAddress = (value: string) => /^[0-9.]+$/.test(value) || value.includes(':');

/**
 * servingNames lists what the serving certificate must cover: the Service's DNS names and
 * cluster IP, localhost (kubectl port-forward), the load balancer's addresses, and for NodePort the
 * advertise address or the nodes' addresses.
 */
export function servingNames(options: Pick<InitOptions, 'apiServerServiceType' | 'apiServerAdvertiseAddress'>, service?: ServiceObject, nodes: NodeObject[] = []): ServingNames {
  const dnsNames = serviceDnsNames();
  const ips = ['127.0.0.1'];
  const add = (value: string | undefined) => {
    if (!value || value === 'None') {
      return;
    }
    const list = isIpAddress(value) ? ips : dnsNames;
    if (!list.includes(value)) {
      list.push(value);
    }
  };
  (service?.spec?.clusterIPs ?? [service?.spec?.clusterIP]).forEach(add);
  for (const ingress of service?.status?.loadBalancer?.ingress ?? []) {
    add(ingress.ip);
    add(ingress.hostname);
  }
  if (options.apiServerServiceType === 'NodePort') {
    if (options.apiServerAdvertiseAddress) {
      add(options.apiServerAdvertiseAddress);
    } else {
      nodeAddresses(nodes).forEach(add);
    }
  }
  return { dnsNames, ips };
}

/** Endpoint is how clients outside the host reach the federation API server, or what is still missing. */
export type Endpoint = { server: string } | { waiting: string };

/** apiServerEndpoint: https://<load balancer>, or https://<advertise address or node>:<nodePort>. */
export function apiServerEndpoint(options: Pick<InitOptions, 'apiServerServiceType' | 'apiServerAdvertiseAddress'>, service: ServiceObject | undefined, nodes: NodeObject[] = []): Endpoint {
  const host = (address: string) => (address.includes(':') ? `[${address}]` : address);
  if (options.apiServerServiceType === 'LoadBalancer') {
    const ingress = service?.status?.loadBalancer?.ingress?.[0];
    const address = ingress?.ip || ingress?.hostname;
    return address ? { server: `https://${host(address)}` } : { waiting: 'the load balancer has no address yet' };
  }
  const port = service?.spec?.ports?.find((candidate) => candidate.name === 'https')?.nodePort;
  if (!port) {
    return { waiting: 'the Service has no node port yet' };
  }
  const address = options.apiServerAdvertiseAddress ?? nodeAddresses(nodes)[0];
  return address ? { server: `https://${host(address)}:${port}` } : { waiting: 'no node address to reach the node port (give --api-server-advertise-address)' };
}
