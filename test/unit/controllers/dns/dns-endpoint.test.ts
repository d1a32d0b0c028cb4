import { describe, expect, it } from '@jest/globals';
import { desiredDnsEndpoint, type DnsEndpointObject, dnsEndpointName, isOwnDnsEndpoint, needsWrite, type ServiceObject, wantsRecords } from '../../../../src/controllers/dns/dns-endpoint.js';
import type { DnsRecord } from '../../../../src/core/dns/records.js';

const service = (overrides: Partial<ServiceObject['metadata']> = {}, type = 'LoadBalancer'): ServiceObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'shop', uid: 'uid-1', ...overrides },
  spec: { type },
});
const records: DnsRecord[] = [{ dnsName: 'web.shop.myfed.svc.example.com', recordType: 'A', recordTTL: 180, targets: ['192.0.2.1'] }];

describe('wantsRecords', () => {
  it.each<[string, ServiceObject | undefined, boolean]>([
    ['a LoadBalancer Service', service(), true],
    ['a deleted Service', undefined, false],
    ['a Service being deleted', service({ deletionTimestamp: '2024-01-01T00:00:00Z' }), false],
    ['a ClusterIP Service', service({}, 'ClusterIP'), false],
    ['a NodePort Service', service({}, 'NodePort'), false],
    ['a LoadBalancer Service in a cluster namespace', service({ namespace: 'kube-system' }), false],
  ])('%s: %s', (_name, object, expected) => {
    expect(wantsRecords(object)).toBe(expected);
  });
});

describe('desiredDnsEndpoint', () => {
  it('is named after the Service, labelled as the federation’s and owned by the Service', () => {
    expect(desiredDnsEndpoint(service(), 'myfed', records)).toEqual({
      apiVersion: 'externaldns.k8s.io/v1alpha1',
      kind: 'DNSEndpoint',
      metadata: {
        name: 'service-web',
        namespace: 'shop',
        labels: { 'federation.kubefed.dev/managed-by': 'myfed', 'federation.kubefed.dev/service-name': 'web' },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'uid-1', controller: true }],
      },
      spec: { endpoints: records },
    });
    expect(dnsEndpointName('web')).toBe('service-web');
  });

  it('is recognisably kubefed’s, and only this federation’s', () => {
    const desired = desiredDnsEndpoint(service(), 'myfed', records);
    expect(isOwnDnsEndpoint(desired, 'myfed')).toBe(true);
    expect(isOwnDnsEndpoint(desired, 'otherfed')).toBe(false);
    expect(isOwnDnsEndpoint({ metadata: { name: 'service-web' } }, 'myfed')).toBe(false);
  });
});

describe('needsWrite', () => {
  const desired = desiredDnsEndpoint(service(), 'myfed', records);
  const stored = (): DnsEndpointObject => ({
    ...structuredClone(desired),
    metadata: { ...structuredClone(desired.metadata), resourceVersion: '7', uid: 'dns-uid', generation: 2, labels: { ...desired.metadata.labels, extra: 'kept' } },
    status: { observedGeneration: 2 },
  });

  it('is false when the stored object already holds the records, whatever the server or others added', () => {
    expect(needsWrite(stored(), desired)).toBe(false);
  });

  it.each<[string, (object: DnsEndpointObject) => void]>([
    ['a record changed', (object) => (object.spec!.endpoints![0]!.targets = ['192.0.2.2'])],
    ['a record was removed', (object) => (object.spec!.endpoints = [])],
    ['kubefed’s label was removed', (object) => delete object.metadata.labels!['federation.kubefed.dev/managed-by']],
    ['the owner is an older Service of that name', (object) => (object.metadata.ownerReferences![0]!.uid = 'uid-0')],
  ])('is true when %s', (_name, change) => {
    const object = stored();
    change(object);
    expect(needsWrite(object, desired)).toBe(true);
  });

  it('is true when nothing is stored yet', () => {
    expect(needsWrite(undefined, desired)).toBe(true);
  });
});
