// The service-dns controller: DNS records for federated LoadBalancer Services, published through
// external-dns's DNSEndpoint CRD (see docs/dns.md).
import { ServiceDnsController, type ServiceDnsControllerOptions } from './service-dns-controller.js';

export { serviceDnsControllerName, type ServiceDnsControllerOptions } from './service-dns-controller.js';
export { dnsEndpointType } from './dns-endpoint.js';

/** ServiceDnsHandle is what the manager drives: caches first, then workers, then a draining stop. */
export interface ServiceDnsHandle {
  readonly name: string;
  startCache(): void;
  hasSynced(): boolean;
  waitForSync(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
  enqueueAll(): void;
}

/**
 * createServiceDnsController builds the service-dns controller. It registers its registry handlers
 * here, so it must be called before registry.start().
 */
export function createServiceDnsController(options: ServiceDnsControllerOptions): ServiceDnsHandle {
  return new ServiceDnsController(options);
}
