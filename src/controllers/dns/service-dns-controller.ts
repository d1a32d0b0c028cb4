import { Counter } from 'prom-client';
import { type CachedController, Controller } from '../controller.js';
import { enqueueHandlers } from '../enqueue-handlers.js';
import type { EventRecorder } from '../../runtime/events/recorder.js';
import { Informer } from '../../informers/informer.js';
import type { KubeClient } from '../../kube/client.js';
import { type KubeObject, objectKey } from '../../core/objects.js';
import { services } from '../../kube/resources.js';
import type { Member } from '../../members/member.js';
import type { MemberRegistry } from '../../members/registry.js';
import type { Logger } from '../../runtime/observability/logger.js';
import type { Metrics } from '../../runtime/observability/metrics.js';
import type { Clock } from '../../runtime/clock.js';
import { managedByLabel } from '../../core/well-known.js';
import { type DnsEndpointObject, dnsEndpointType, serviceNameLabel, type ServiceObject } from './dns-endpoint.js';
import type { Runnable } from '../../runtime/runnable.js';
import { ReadyEndpoints } from './endpoint-slices.js';
import { copyCache, sliceCache } from './member-services.js';
import { ServiceDnsReconciler } from './reconciler.js';

export interface ServiceDnsControllerOptions {
  client: KubeClient;
  registry: MemberRegistry;
  federationName: string;
  /** zone is --dns-zone-name; it only enables the controller, the names use suffix. */
  zone: string;
  /** suffix is --service-dns-suffix, which defaults to the zone. */
  suffix: string;
  ttl: number;
  recorder: EventRecorder;
  logger: Logger;
  metrics: Metrics;
  clock: Clock;
  workers: number;
  /** resyncMs re-queues every Service periodically, a safety net for anything a watch missed. */
  resyncMs: number;
}

/** serviceDnsControllerName is the controller's name in --controllers, logs and metrics. */
export const serviceDnsControllerName = 'service-dns';

/**
 * ServiceDnsController wires the service-dns controller: caches of federated Services and of
 * kubefed's DNSEndpoints in the federation API server; in every member, the managed Service copies
 * and the EndpointSlices; and the triggers. Every handler only queues the key of the federated
 * Service concerned; the reconciler does the rest.
 */
export class ServiceDnsController implements CachedController {
  readonly name = serviceDnsControllerName;
  readonly services: Informer<ServiceObject>;
  readonly dnsEndpoints: Informer<DnsEndpointObject>;
  readonly controller: Controller;
  readonly caches: Runnable[];
  readonly #readyEndpoints = new WeakMap<Member, ReadyEndpoints>();

  constructor(options: ServiceDnsControllerOptions) {
    const { client, logger, registry, federationName, clock } = options;
    this.services = new Informer<ServiceObject>({ client, type: services, logger, clock, transform: serviceShape });
    this.dnsEndpoints = new Informer<DnsEndpointObject>({ client, type: dnsEndpointType, logger, clock, labelSelector: `${managedByLabel}=${federationName}` });
    this.caches = [this.services, this.dnsEndpoints];
    this.controller = new Controller({
      name: this.name,
      workers: options.workers,
      logger,
      metrics: options.metrics,
      clock: options.clock,
      resyncMs: options.resyncMs,
      keys: () => this.#keys(),
      reconciler: new ServiceDnsReconciler({
        client,
        registry,
        services: this.services,
        dnsEndpoints: this.dnsEndpoints,
        readyEndpoints: (member) => this.#readyEndpoints.get(member),
        federation: federationName,
        suffix: options.suffix,
        ttl: options.ttl,
        recorder: options.recorder,
        writes: writesCounter(options.metrics),
      }),
    });
    const enqueue = this.controller.enqueue;
    this.services.addHandlers(enqueueHandlers(objectKey, enqueue));
    this.dnsEndpoints.addHandlers(enqueueHandlers(serviceKey, enqueue));
    void this.dnsEndpoints.waitForSync().then(() => this.controller.enqueueAll());
    // Readiness, labels and zones of members change the records of every Service.
    registry.onChange(() => this.controller.enqueueAll());
    registry.onMember((member) => this.#watchMember(member));
  }

  #watchMember(member: Member): void {
    const enqueue = this.controller.enqueue;
    const copies = copyCache(member);
    copies.addHandlers(enqueueHandlers(objectKey, enqueue));
    // A rebuilt member (new credentials) gets new caches, so the index belongs to the Member object.
    const index = new ReadyEndpoints();
    this.#readyEndpoints.set(member, index);
    const slices = sliceCache(member);
    const changed = (key: string | undefined) => {
      if (key !== undefined) {
        enqueue(key);
      }
    };
    slices.addHandlers({
      add: (slice) => changed(index.set(slice)),
      update: (previous, current) => {
        changed(index.delete(previous));
        changed(index.set(current));
      },
      delete: (slice) => changed(index.delete(slice)),
    });
    void Promise.all([copies.waitForSync(), slices.waitForSync()]).then(() => this.controller.enqueueAll());
  }

  /** keys are every federated Service and every Service with a DNSEndpoint, so orphans are swept too. */
  *#keys(): Iterable<string> {
    yield* this.services.keys();
    for (const object of this.dnsEndpoints.list()) {
      const key = serviceKey(object);
      if (key !== undefined) {
        yield key;
      }
    }
  }

  /**
   * waitForSync covers the federated Services only. The DNSEndpoint cache waits for its CRD, an
   * optional component; a missing CRD must not hold up the manager (the cache logs its list failures,
   * and its sync queues everything once the CRD is installed).
   */
  waitForSync(): Promise<void> {
    return this.services.waitForSync();
  }
}

/** serviceKey is the key of the federated Service a DNSEndpoint belongs to. */
function serviceKey(endpoint: KubeObject): string | undefined {
  const service = endpoint.metadata.labels?.[serviceNameLabel];
  return service ? `${endpoint.metadata.namespace}/${service}` : undefined;
}

/** serviceShape keeps only what DNS reads of a federated Service, so the cache stays small. */
function serviceShape(object: ServiceObject): ServiceObject {
  const { managedFields: _managed, annotations: _annotations, ...metadata } = object.metadata;
  return { apiVersion: object.apiVersion, kind: object.kind, metadata, spec: { type: object.spec?.type } };
}

/** writesCounter counts DNSEndpoint writes; prom-client rejects a second registration, so an existing one is reused. */
function writesCounter(metrics: Metrics): Counter<'action'> {
  const name = 'kubefed_dns_endpoint_writes_total';
  const existing = metrics.registry.getSingleMetric(name);
  return existing instanceof Counter
    ? existing
    : new Counter({ name, help: 'DNSEndpoint writes by the service-dns controller', labelNames: ['action'], registers: [metrics.registry] });
}
