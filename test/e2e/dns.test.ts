// Federated Service DNS: one DNSEndpoint per LoadBalancer Service in the federation API server, with
// zone, region and global records that follow member health and ready endpoints. Members' load
// balancers are written into Service status by the test, as a cloud would; only documentation
// addresses are used, and nothing connects to them.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { type ClusterObject, isClusterReady } from '../../src/members/cluster.js';
import { startMember, stopMember } from '../../src/cli/lab/index.js';
import { labDirectory } from '../lab/lab-environment.js';
import type { ControllerManager } from './support/controller-manager.js';
import { startSuite, stopSuite } from './support/suite.js';
import { events, getJson, run, uniqueName, waitFor } from './support/federation.js';

const crd = fileURLToPath(new URL('../../manifests/dns/dnsendpoints.externaldns.k8s.io.yaml', import.meta.url));
const zone = 'example.com';
const namespace = uniqueName('dns');
const addresses: Record<string, string> = { gcek8s: '192.0.2.10', awsk8s: '198.51.100.10', azurek8s: '203.0.113.10' };

interface Endpoint {
  dnsName: string;
  recordType: string;
  recordTTL?: number;
  targets: string[];
}
interface DnsEndpoint {
  metadata: { name: string; resourceVersion: string; labels?: Record<string, string>; ownerReferences?: { kind: string; name: string; uid: string }[] };
  spec?: { endpoints?: Endpoint[] };
}

let federation: string;
let members: string[];
let manager: ControllerManager;
let locations: Record<string, { zone: string; region: string }>;

beforeAll(async () => {
  ({ federation, members, manager } = await startSuite(namespace, {
    prepare: async (federation) => {
      await run(federation, ['apply', '--server-side', '-f', crd]);
      await run(federation, ['wait', '--for=condition=Established', 'crd/dnsendpoints.externaldns.k8s.io', '--timeout=30s']);
    },
    flags: [`--dns-zone-name=${zone}`],
  }));
  expect(manager.lines.some((line) => line.msg === 'controllers started' && JSON.stringify(line.controllers).includes('service-dns'))).toBe(true);
  await waitFor('every member to report its zones and region', async () => {
    const list = await getJson<{ items: ClusterObject[] }>(federation, ['clusters']);
    locations = Object.fromEntries((list?.items ?? []).map((cluster): [string, { zone: string; region: string }] => [cluster.metadata.name ?? '', { zone: cluster.status?.zones?.[0] ?? '', region: cluster.status?.region ?? '' }]));
    return members.every((member) => locations[member]?.zone && locations[member]?.region) || locations;
  }, 30_000);
});

afterAll(() => stopSuite(federation, namespace, manager));

const global = (service: string) => `${service}.${namespace}.${federation}.svc.${zone}`;
const regionName = (service: string, member: string) => `${service}.${namespace}.${federation}.svc.${locations[member]!.region}.${zone}`;
const zoneName = (service: string, member: string) => `${service}.${namespace}.${federation}.svc.${locations[member]!.zone}.${locations[member]!.region}.${zone}`;

/**
 * expectedRecords restates the rules for the lab, where every member is a region of its own: healthy
 * members' addresses at their zone, region and globally; CNAMEs zone → region → global for the others.
 * A load balancer known by hostname is a CNAME at its own zone and region, and gives way to IPs globally.
 */
function expectedRecords(service: string, healthy: string[]): Endpoint[] {
  const record = (dnsName: string, recordType: string, targets: string[]) => ({ dnsName, recordType, recordTTL: 180, targets });
  const isHostname = (address: string) => /[a-z]/.test(address);
  const ips = healthy.map((member) => addresses[member]!).filter((address) => !isHostname(address)).sort();
  const own = (dnsName: string, address: string) => record(dnsName, isHostname(address) ? 'CNAME' : 'A', [address]);
  const records = [
    ...(ips.length > 0 ? [record(global(service), 'A', ips)] : []),
    ...members.flatMap((member) =>
      healthy.includes(member)
        ? [own(regionName(service, member), addresses[member]!), own(zoneName(service, member), addresses[member]!)]
        : [record(regionName(service, member), 'CNAME', [global(service)]), record(zoneName(service, member), 'CNAME', [regionName(service, member)])],
    ),
  ];
  return records.sort((a, b) => (a.dnsName < b.dnsName ? -1 : a.dnsName > b.dnsName ? 1 : 0));
}

const dnsEndpoint = (service: string) => getJson<DnsEndpoint>(federation, ['dnsendpoints.externaldns.k8s.io', `service-${service}`, '-n', namespace]);

async function waitForRecords(service: string, healthy: string[], timeoutMs = 30_000): Promise<DnsEndpoint> {
  const expected = expectedRecords(service, healthy);
  let found: DnsEndpoint | undefined;
  await waitFor(`records of ${service} with ${healthy.join(', ') || 'no member'} healthy`, async () => {
    found = await dnsEndpoint(service);
    const line = (record: Endpoint) => `${record.dnsName} ${record.recordTTL} ${record.recordType} ${record.targets.join(',')}`;
    const have = (found?.spec?.endpoints ?? []).map(line);
    const want = expected.map(line);
    // Reported on timeout: what differs, shortened to what is not shared by every name.
    const short = (text: string) => text.replaceAll(`.${namespace}.${federation}.svc`, '…');
    return JSON.stringify(have) === JSON.stringify(want) || { missing: want.filter((x) => !have.includes(x)).map(short), unexpected: have.filter((x) => !want.includes(x)).map(short) };
  }, timeoutMs);
  return found!;
}

const loadBalancerService = (name: string) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Service',
    // No selector: the test owns the EndpointSlices, as a cloud does for external endpoints.
    metadata: { name, namespace },
    spec: { type: 'LoadBalancer', ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] },
  });

const endpointSlice = (service: string, ready: boolean) =>
  JSON.stringify({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: `${service}-e2e`,
      namespace,
      labels: { 'kubernetes.io/service-name': service, 'endpointslice.kubernetes.io/managed-by': 'e2e.kubefed.dev' },
    },
    addressType: 'IPv4',
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    endpoints: [{ addresses: ['192.0.2.200'], conditions: { ready } }],
  });

/** serve makes a member's copy of the Service look like a cloud load balancer with ready endpoints behind it. */
async function serve(service: string, member: string): Promise<void> {
  await waitFor(`${service} in ${member}`, async () => (await getJson(member, ['service', service, '-n', namespace])) !== undefined, 30_000);
  await setLoadBalancer(service, member);
  await run(member, ['apply', '-f', '-'], endpointSlice(service, true));
}

/** setLoadBalancer writes the member's address into its copy's status, as the member's cloud would. */
async function setLoadBalancer(service: string, member: string): Promise<void> {
  const address = addresses[member]!;
  const ingress = /[a-z]/.test(address) ? { hostname: address } : { ip: address };
  const status = { status: { loadBalancer: { ingress: [ingress] } } };
  await run(member, ['patch', 'service', service, '-n', namespace, '--subresource=status', '--type=merge', '-p', JSON.stringify(status)]);
}

async function waitForReady(member: string, ready: boolean): Promise<void> {
  await waitFor(`${member} ${ready ? 'Ready' : 'not Ready'}`, async () => {
    const cluster = await getJson<ClusterObject>(federation, ['cluster', member]);
    return isClusterReady(cluster ?? { metadata: {} }) === ready;
  }, 60_000);
}

describe('a federated LoadBalancer Service', () => {
  test('gets zone, region and global records for every member that serves it, written once', async () => {
    await run(federation, ['create', '-f', '-'], loadBalancerService('web'));
    for (const member of members) {
      await serve('web', member);
    }
    const found = await waitForRecords('web', members);
    const service = await getJson<{ metadata: { uid: string } }>(federation, ['service', 'web', '-n', namespace]);
    expect(found.metadata.labels).toEqual(expect.objectContaining({ 'federation.kubefed.dev/managed-by': federation, 'federation.kubefed.dev/service-name': 'web' }));
    expect(found.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Service', name: 'web', uid: service?.metadata.uid })]);
    // Member probes, resyncs and status write-backs go on; with nothing changed, nothing is written.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect((await dnsEndpoint('web'))?.metadata.resourceVersion).toBe(found.metadata.resourceVersion);
  });

  test('repairs a hand edit and a deletion of its DNSEndpoint', async () => {
    await run(federation, ['patch', 'dnsendpoints.externaldns.k8s.io', 'service-web', '-n', namespace, '--type=merge', '-p', '{"spec":{"endpoints":[]}}']);
    await waitForRecords('web', members);
    await run(federation, ['delete', 'dnsendpoints.externaldns.k8s.io', 'service-web', '-n', namespace]);
    await waitForRecords('web', members);
  });

  test('falls back to CNAMEs in a member that loses its ready endpoints, and comes back with them', async () => {
    await run('awsk8s', ['apply', '-f', '-'], endpointSlice('web', false));
    await waitForRecords('web', ['gcek8s', 'azurek8s']);
    await run('awsk8s', ['delete', 'endpointslice', 'web-e2e', '-n', namespace]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await waitForRecords('web', ['gcek8s', 'azurek8s']);
    await run('awsk8s', ['apply', '-f', '-'], endpointSlice('web', true));
    await waitForRecords('web', members);
  });

  test('drops a member that stops, and takes it back when it returns', async () => {
    await stopMember(labDirectory(), 'azurek8s');
    try {
      await waitForReady('azurek8s', false);
      await waitForRecords('web', ['gcek8s', 'awsk8s']);
    } finally {
      await startMember(labDirectory(), 'azurek8s');
    }
    await waitForReady('azurek8s', true);
    await waitForRecords('web', members, 60_000);
  });

  test('follows its load balancer address, a hostname included', async () => {
    addresses.gcek8s = '192.0.2.11';
    await setLoadBalancer('web', 'gcek8s');
    await waitForRecords('web', members);
    addresses.awsk8s = 'web-1234.lb.example.net';
    await setLoadBalancer('web', 'awsk8s');
    await waitForRecords('web', members);
    await waitFor('a warning that the hostname is not in the global name', async () => {
      const found = await events(federation, namespace, 'web');
      return found.some((line) => line.startsWith('Warning DNSHostnamesUnpublished') && line.includes(addresses.awsk8s!)) || found;
    }, 30_000);
  });

  test('loses its records when deleted', async () => {
    await run(federation, ['delete', 'service', 'web', '-n', namespace, '--wait=false']);
    await waitFor('the DNSEndpoint of web deleted', async () => (await dnsEndpoint('web')) === undefined, 30_000);
  });

  test('loses its records when it stops being a LoadBalancer', async () => {
    await run(federation, ['create', '-f', '-'], loadBalancerService('api'));
    await serve('api', 'gcek8s');
    await waitFor('the DNSEndpoint of api', async () => (await dnsEndpoint('api'))?.spec?.endpoints?.some((record) => record.targets.includes(addresses.gcek8s!)) === true, 30_000);
    await run(federation, ['patch', 'service', 'api', '-n', namespace, '--type=merge', '-p', '{"spec":{"type":"ClusterIP"}}']);
    await waitFor('the DNSEndpoint of api deleted', async () => (await dnsEndpoint('api')) === undefined, 30_000);
  });
});
