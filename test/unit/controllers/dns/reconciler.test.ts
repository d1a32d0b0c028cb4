import { beforeEach, describe, expect, it } from '@jest/globals';
import type { Counter } from 'prom-client';
import { desiredDnsEndpoint, type DnsEndpointObject, type ServiceObject } from '../../../../src/controllers/dns/dns-endpoint.js';
import { ReadyEndpoints, servingSlice } from '../../../../src/controllers/dns/endpoint-slices.js';
import { ServiceDnsReconciler, type ServiceDnsReconcilerOptions } from '../../../../src/controllers/dns/reconciler.js';
import { serviceRecords } from '../../../../src/core/dns/records.js';
import type { EventRecorder } from '../../../../src/runtime/events/recorder.js';
import type { Informer } from '../../../../src/informers/informer.js';
import type { KubeClient, RequestOptions } from '../../../../src/kube/client.js';
import { ApiError } from '../../../../src/kube/errors.js';
import type { KubeObject } from '../../../../src/core/objects.js';
import type { ResourceType } from '../../../../src/kube/resources.js';
import type { Member } from '../../../../src/members/member.js';
import type { MemberRegistry, MemberView } from '../../../../src/members/registry.js';
import { silentLogger } from '../../../../src/runtime/observability/logger.js';

/** FakeCache stands in for an Informer: a map plus the synced flag and last error the reconciler reads. */
class FakeCache {
  readonly objects = new Map<string, KubeObject>();
  synced = true;
  lastError?: string;
  hasSynced = () => this.synced;
  get = (key: string) => this.objects.get(key);
  put(object: KubeObject): void {
    this.objects.set(`${object.metadata.namespace}/${object.metadata.name}`, object);
  }
}

interface FakeMember {
  member: Member;
  copies: FakeCache;
  slices: FakeCache;
  index: ReadyEndpoints;
}

function fakeMember(name: string): FakeMember {
  const copies = new FakeCache();
  const slices = new FakeCache();
  const member = { name, informer: (type: ResourceType) => (type.plural === 'services' ? copies : slices) } as unknown as Member;
  return { member, copies, slices, index: new ReadyEndpoints() };
}

const loadBalancer = (uid = 'uid-1', type = 'LoadBalancer'): ServiceObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'shop', uid },
  spec: { type },
});
const copyWith = (ip: string): KubeObject => ({ metadata: { name: 'web', namespace: 'shop' }, status: { loadBalancer: { ingress: [{ ip }] } } });
const readySlice = (name: string) =>
  servingSlice({ metadata: { name, namespace: 'shop', labels: { 'kubernetes.io/service-name': 'web' } }, endpoints: [{ conditions: { ready: true } }] });

let requests: RequestOptions[];
let stored: Map<string, KubeObject>;
let events: string[];
let services: FakeCache;
let dnsEndpoints: FakeCache;
let members: FakeMember[];
let views: MemberView[];
let options: ServiceDnsReconcilerOptions;
let reconciler: ServiceDnsReconciler;

const context = { reconcileID: 'test', logger: silentLogger() };

beforeEach(() => {
  requests = [];
  stored = new Map();
  events = [];
  services = new FakeCache();
  dnsEndpoints = new FakeCache();
  members = [fakeMember('gcek8s'), fakeMember('awsk8s')];
  views = members.map(({ member }) => ({
    name: member.name,
    labels: {},
    cluster: { metadata: { name: member.name }, status: { zones: [`${member.name}-zone-a`], region: `${member.name}-region` } },
    member,
    ready: true,
    failed: false,
  }));
  const client = {
    request: (options: RequestOptions) => {
      requests.push(options);
      if (options.method === undefined || options.method === 'GET') {
        const found = stored.get(options.path);
        return found ? Promise.resolve(found) : Promise.reject(new ApiError(404, 'NotFound', 'not found'));
      }
      return Promise.resolve(options.body);
    },
  } as unknown as KubeClient;
  const registry = { hasSynced: () => true, views: () => views } as unknown as MemberRegistry;
  const recorder = { record: (_object: KubeObject, type: string, reason: string, message: string) => events.push(`${type} ${reason} ${message}`) } as unknown as EventRecorder;
  options = {
    client,
    registry,
    services: services as unknown as Informer<ServiceObject>,
    dnsEndpoints: dnsEndpoints as unknown as Informer<DnsEndpointObject>,
    readyEndpoints: (member) => members.find((entry) => entry.member === member)?.index,
    federation: 'myfed',
    suffix: 'example.com.',
    ttl: 180,
    recorder,
    writes: { inc: () => undefined } as unknown as Counter<'action'>,
  };
  reconciler = new ServiceDnsReconciler(options);
  services.put(loadBalancer());
  members[0]!.copies.put(copyWith('192.0.2.1'));
  members[0]!.index.set(readySlice('web-1'));
  members[1]!.copies.put(copyWith('198.51.100.1'));
  members[1]!.index.set(readySlice('web-2'));
});

const writes = () => requests.filter((request) => request.method !== undefined && request.method !== 'GET');
const expectedRecords = (ips: [string, string][]) =>
  serviceRecords({
    service: 'web',
    namespace: 'shop',
    federation: 'myfed',
    suffix: 'example.com',
    ttl: 180,
    members: views.map((view, index) => ({
      cluster: view.name,
      zone: view.cluster.status?.zones?.[0],
      region: view.cluster.status?.region,
      ready: true,
      readyEndpoints: true,
      ingress: [{ ip: ips[index]![1] }],
    })),
  }).records;

describe('ServiceDnsReconciler', () => {
  it('creates the DNSEndpoint by server-side apply after checking that the name is free', async () => {
    expect(await reconciler.reconcile('shop/web', context)).toEqual({});
    expect(requests.map((request) => `${request.method ?? 'GET'} ${request.path}`)).toEqual([
      'GET /apis/externaldns.k8s.io/v1alpha1/namespaces/shop/dnsendpoints/service-web',
      'PATCH /apis/externaldns.k8s.io/v1alpha1/namespaces/shop/dnsendpoints/service-web',
    ]);
    const applied = requests[1]!;
    expect(applied.query).toEqual({ fieldManager: 'kubefed', force: true });
    expect((applied.body as DnsEndpointObject).spec?.endpoints).toEqual(
      expectedRecords([
        ['gcek8s', '192.0.2.1'],
        ['awsk8s', '198.51.100.1'],
      ]),
    );
    expect(events).toEqual(['Normal DNSEndpointUpdated DNSEndpoint service-web now holds 5 records']);
  });

  it('writes nothing when the stored DNSEndpoint already holds the records', async () => {
    await reconciler.reconcile('shop/web', context);
    dnsEndpoints.put(requests[1]!.body as KubeObject);
    requests = [];
    expect(await reconciler.reconcile('shop/web', context)).toEqual({});
    expect(requests).toEqual([]);
  });

  it('updates without a name check when the records change', async () => {
    dnsEndpoints.put(desiredDnsEndpoint(loadBalancer(), 'myfed', []));
    await reconciler.reconcile('shop/web', context);
    expect(requests.map((request) => request.method)).toEqual(['PATCH']);
  });

  it.each<[string, () => void]>([
    ['the Service is gone', () => services.objects.clear()],
    ['the Service is no longer a LoadBalancer', () => services.put(loadBalancer('uid-1', 'ClusterIP'))],
    ['the Service is being deleted', () => services.put({ ...loadBalancer(), metadata: { ...loadBalancer().metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } })],
  ])('deletes its DNSEndpoint, guarded by its uid, when %s', async (_name, change) => {
    dnsEndpoints.put({ ...desiredDnsEndpoint(loadBalancer(), 'myfed', []), metadata: { ...desiredDnsEndpoint(loadBalancer(), 'myfed', []).metadata, uid: 'dns-uid' } });
    change();
    await reconciler.reconcile('shop/web', context);
    expect(writes()).toEqual([
      expect.objectContaining({
        method: 'DELETE',
        path: '/apis/externaldns.k8s.io/v1alpha1/namespaces/shop/dnsendpoints/service-web',
        body: expect.objectContaining({ preconditions: { uid: 'dns-uid' } }),
      }),
    ]);
  });

  it('leaves a same-name DNSEndpoint it did not create alone and says so', async () => {
    stored.set('/apis/externaldns.k8s.io/v1alpha1/namespaces/shop/dnsendpoints/service-web', { metadata: { name: 'service-web', namespace: 'shop' } });
    expect(await reconciler.reconcile('shop/web', context)).toEqual({});
    expect(writes()).toEqual([]);
    expect(events).toEqual([expect.stringMatching(/^Warning DNSEndpointClash DNSEndpoint service-web already exists/)]);
  });

  it('waits while a Ready member’s caches are loading', async () => {
    members[1]!.slices.synced = false;
    expect(await reconciler.reconcile('shop/web', context)).toEqual({ requeueAfterMs: 1000 });
    members[1]!.slices.synced = true;
    members[1]!.copies.synced = false;
    expect(await reconciler.reconcile('shop/web', context)).toEqual({ requeueAfterMs: 1000 });
    expect(requests).toEqual([]);
  });

  it('does not wait for a member whose list fails, nor for one that is not Ready: they do not serve', async () => {
    members[1]!.slices.synced = false;
    members[1]!.slices.lastError = 'forbidden';
    await reconciler.reconcile('shop/web', context);
    const endpoints = (requests[1]!.body as DnsEndpointObject).spec?.endpoints ?? [];
    expect(endpoints.find((record) => record.dnsName === 'web.shop.myfed.svc.example.com')?.targets).toEqual(['192.0.2.1']);
    expect(endpoints.find((record) => record.dnsName === 'web.shop.myfed.svc.awsk8s-region.example.com')).toEqual(
      expect.objectContaining({ recordType: 'CNAME', targets: ['web.shop.myfed.svc.example.com'] }),
    );

    requests = [];
    members[1]!.copies.synced = false;
    views[1] = { ...views[1]!, ready: false };
    expect(await reconciler.reconcile('shop/web', context)).toEqual({});
    expect(writes()).toHaveLength(1);
  });

  it('does nothing until the DNSEndpoint cache has synced (its CRD may not be installed yet)', async () => {
    dnsEndpoints.synced = false;
    expect(await reconciler.reconcile('shop/web', context)).toEqual({});
    expect(requests).toEqual([]);
  });

  it('reports a write failure as a Warning event and fails the reconcile, so it is retried', async () => {
    const rejected = new ApiError(422, 'Invalid', 'spec.endpoints[0].dnsName: Invalid value');
    const client = {
      request: async (request: RequestOptions) => (request.method === 'PATCH' ? Promise.reject(rejected) : Promise.reject(new ApiError(404, 'NotFound', 'not found'))),
    } as unknown as KubeClient;
    await expect(new ServiceDnsReconciler({ ...options, client }).reconcile('shop/web', context)).rejects.toBe(rejected);
    expect(events).toEqual([expect.stringMatching(/^Warning DNSEndpointFailed writing DNSEndpoint service-web: spec.endpoints\[0\].dnsName: Invalid value/)]);
  });
});
