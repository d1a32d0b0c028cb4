// The service-dns controller: DNS records for federated LoadBalancer Services, published through
// external-dns's DNSEndpoint CRD (see docs/dns.md).
import type { CachedController } from '../controller.js';
import { ServiceDnsController, type ServiceDnsControllerOptions } from './service-dns-controller.js';

export { serviceDnsControllerName, type ServiceDnsControllerOptions } from './service-dns-controller.js';
export { dnsEndpointType } from './dns-endpoint.js';

/**
 * createServiceDnsController builds the service-dns controller. It registers its registry handlers
 * here, so it must be called before registry.start().
 */
export function createServiceDnsController(options: ServiceDnsControllerOptions): CachedController {
  return new ServiceDnsController(options);
}
