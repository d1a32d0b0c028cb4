import type { Counter } from 'prom-client';
import type { ReconcileContext, ReconcileResult, Reconciler } from '../controller.js';
import type { EventRecorder } from '../../runtime/events/recorder.js';
import type { Informer } from '../../informers/informer.js';
import { applyObject, getObject } from '../../kube/apply.js';
import type { KubeClient } from '../../kube/client.js';
import { errorMessage, isNotFound } from '../../kube/errors.js';
import { type KubeObject, splitKey } from '../../core/objects.js';
import { objectPath } from '../../kube/resources.js';
import type { Member } from '../../members/member.js';
import type { MemberRegistry } from '../../members/registry.js';
import { fieldManager } from '../../core/well-known.js';
import {
  type DnsEndpointObject,
  desiredDnsEndpoint,
  dnsEndpointName,
  dnsEndpointType,
  isOwnDnsEndpoint,
  needsWrite,
  type ServiceObject,
  wantsRecords,
} from './dns-endpoint.js';
import type { ReadyEndpoints } from './endpoint-slices.js';
import { memberServices } from './member-services.js';
import { normalizeSuffix } from '../../core/dns/names.js';
import { serviceRecords, type Unpublished } from '../../core/dns/records.js';

export interface ServiceDnsReconcilerOptions {
  client: KubeClient;
  registry: MemberRegistry;
  services: Informer<ServiceObject>;
  dnsEndpoints: Informer<DnsEndpointObject>;
  readyEndpoints: (member: Member) => ReadyEndpoints | undefined;
  federation: string;
  suffix: string;
  ttl: number;
  recorder: EventRecorder;
  writes: Counter<'action'>;
}

const notSyncedRetryMs = 1_000;

/**
 * ServiceDnsReconciler keeps one DNSEndpoint per federated LoadBalancer Service in line with what the
 * members report, and deletes it when the Service goes or stops being a LoadBalancer. The key is the
 * Service's "namespace/name". It writes only when the records (or kubefed's labels) changed.
 */
export class ServiceDnsReconciler implements Reconciler {
  readonly #options: ServiceDnsReconcilerOptions;

  constructor(options: ServiceDnsReconcilerOptions) {
    this.#options = options;
  }

  async reconcile(key: string, context: ReconcileContext): Promise<ReconcileResult> {
    const { services, dnsEndpoints, registry, federation } = this.#options;
    // The DNSEndpoint cache syncing (for instance once its CRD is installed) queues every Service again.
    if (!dnsEndpoints.hasSynced()) {
      return {};
    }
    if (!services.hasSynced() || !registry.hasSynced()) {
      return { requeueAfterMs: notSyncedRetryMs };
    }
    const { namespace = 'default', name } = splitKey(key);
    const logger = context.logger.child({ kind: 'Service', namespace, name });
    const service = services.get(key);
    const existing = dnsEndpoints.get(`${namespace}/${dnsEndpointName(name)}`);
    if (!wantsRecords(service)) {
      if (existing && isOwnDnsEndpoint(existing, federation)) {
        await this.#delete(existing);
        logger.info('DNSEndpoint deleted', { action: 'delete', dnsEndpoint: existing.metadata.name });
      }
      return {};
    }
    const members = memberServices(key, registry.views(), this.#options.readyEndpoints);
    if (members === 'wait') {
      return { requeueAfterMs: notSyncedRetryMs };
    }
    const { records, unpublished } = serviceRecords({
      service: name,
      namespace,
      federation,
      suffix: normalizeSuffix(this.#options.suffix),
      ttl: this.#options.ttl,
      members,
    });
    this.#reportUnpublished(service, unpublished);
    const desired = desiredDnsEndpoint(service, federation, records);
    if (!needsWrite(existing, desired)) {
      return {};
    }
    if (!existing && !(await this.#nameIsFree(service, desired))) {
      return {};
    }
    try {
      await applyObject(this.#options.client, dnsEndpointType, desired, fieldManager);
    } catch (error) {
      this.#options.recorder.record(service, 'Warning', 'DNSEndpointFailed', `writing DNSEndpoint ${desired.metadata.name}: ${errorMessage(error)}`);
      throw error;
    }
    const action = existing ? 'update' : 'create';
    this.#options.writes.inc({ action });
    this.#options.recorder.record(service, 'Normal', 'DNSEndpointUpdated', `DNSEndpoint ${desired.metadata.name} now holds ${describe(records.length)}`);
    logger.info('DNSEndpoint written', { action, dnsEndpoint: desired.metadata.name, records: records.map((record) => `${record.dnsName} ${record.recordType} ${record.targets.join(',')}`) });
    return {};
  }

  /**
   * nameIsFree checks, before creating, that no DNSEndpoint of that name exists that kubefed did not
   * create (the cache only holds kubefed's). Someone else's is never overwritten; the user is told.
   */
  async #nameIsFree(service: ServiceObject, desired: DnsEndpointObject): Promise<boolean> {
    const { client, federation, recorder } = this.#options;
    const found = await getObject(client, dnsEndpointType, desired.metadata.name ?? '', desired.metadata.namespace);
    if (!found || isOwnDnsEndpoint(found, federation)) {
      return true;
    }
    recorder.record(
      service,
      'Warning',
      'DNSEndpointClash',
      `DNSEndpoint ${desired.metadata.name} already exists and was not created by federation ${federation}; it is left alone and this Service gets no DNS records`,
    );
    return false;
  }

  async #delete(existing: KubeObject): Promise<void> {
    const { namespace, name = '', uid } = existing.metadata;
    try {
      await this.#options.client.request({
        method: 'DELETE',
        path: objectPath(dnsEndpointType, namespace, name),
        // The uid precondition keeps a DNSEndpoint recreated meanwhile (by someone else) from being deleted.
        body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid } },
      });
      this.#options.writes.inc({ action: 'delete' });
    } catch (error) {
      if (!isNotFound(error)) {
        throw error;
      }
    }
  }

  #reportUnpublished(service: ServiceObject, unpublished: Unpublished[]): void {
    for (const { dnsName, hostnames } of unpublished) {
      this.#options.recorder.record(
        service,
        'Warning',
        'DNSHostnamesUnpublished',
        `${dnsName}: load-balancer hostname(s) ${hostnames.join(', ')} not published: one name carries either IP addresses or a single CNAME, so IPs take precedence, then the first hostname in order`,
      );
    }
  }
}

function describe(count: number): string {
  return count === 1 ? '1 record' : `${count} records`;
}
