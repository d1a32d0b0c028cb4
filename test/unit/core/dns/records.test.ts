import { describe, expect, it } from '@jest/globals';
import { type DnsRecord, type MemberService, serviceRecords, type Unpublished } from '../../../../src/core/dns/records.js';

const scope = { service: 'web', namespace: 'shop', federation: 'myfed', suffix: 'example.com', ttl: 180 };
const global = 'web.shop.myfed.svc.example.com';
const region = (name: string) => `web.shop.myfed.svc.${name}.example.com`;
const zone = (zoneName: string, regionName: string) => `web.shop.myfed.svc.${zoneName}.${regionName}.example.com`;

/** member is a healthy member in its own zone and region unless told otherwise. */
const member = (cluster: string, overrides: Partial<MemberService> = {}): MemberService => ({
  cluster,
  zone: `${cluster}-zone-a`,
  region: `${cluster}-region`,
  ready: true,
  readyEndpoints: true,
  ingress: [],
  ...overrides,
});
const ip = (...ips: string[]) => ips.map((value) => ({ ip: value }));
const host = (...hostnames: string[]) => hostnames.map((hostname) => ({ hostname }));
const a = (dnsName: string, ...targets: string[]): DnsRecord => ({ dnsName, recordType: 'A', recordTTL: 180, targets });
const aaaa = (dnsName: string, ...targets: string[]): DnsRecord => ({ dnsName, recordType: 'AAAA', recordTTL: 180, targets });
const cname = (dnsName: string, target: string): DnsRecord => ({ dnsName, recordType: 'CNAME', recordTTL: 180, targets: [target] });
const byName = (records: DnsRecord[]) => [...records].sort((x, y) => (x.dnsName < y.dnsName ? -1 : x.dnsName > y.dnsName ? 1 : x.recordType < y.recordType ? -1 : 1));

interface Case {
  name: string;
  members: MemberService[];
  records: DnsRecord[];
  unpublished?: Unpublished[];
}

const cases: Case[] = [
  {
    name: 'all healthy: every level holds the addresses below it',
    members: [member('gce', { ingress: ip('192.0.2.10') }), member('aws', { ingress: ip('198.51.100.7') }), member('azure', { ingress: ip('203.0.113.5') })],
    records: [
      a(global, '192.0.2.10', '198.51.100.7', '203.0.113.5'),
      a(region('gce-region'), '192.0.2.10'),
      a(zone('gce-zone-a', 'gce-region'), '192.0.2.10'),
      a(region('aws-region'), '198.51.100.7'),
      a(zone('aws-zone-a', 'aws-region'), '198.51.100.7'),
      a(region('azure-region'), '203.0.113.5'),
      a(zone('azure-zone-a', 'azure-region'), '203.0.113.5'),
    ],
  },
  {
    name: 'a member without ready endpoints: its zone CNAMEs to its region, which still has a healthy member',
    members: [
      member('east-a', { zone: 'east-a', region: 'east', readyEndpoints: false, ingress: ip('192.0.2.1') }),
      member('east-b', { zone: 'east-b', region: 'east', ingress: ip('192.0.2.2') }),
    ],
    records: [a(global, '192.0.2.2'), a(region('east'), '192.0.2.2'), cname(zone('east-a', 'east'), region('east')), a(zone('east-b', 'east'), '192.0.2.2')],
  },
  {
    name: 'a region with no healthy member: zone CNAMEs to region, region CNAMEs to global',
    members: [member('gce', { ingress: ip('192.0.2.10') }), member('aws', { readyEndpoints: false, ingress: ip('198.51.100.7') })],
    records: [
      a(global, '192.0.2.10'),
      cname(region('aws-region'), global),
      cname(zone('aws-zone-a', 'aws-region'), region('aws-region')),
      a(region('gce-region'), '192.0.2.10'),
      a(zone('gce-zone-a', 'gce-region'), '192.0.2.10'),
    ],
  },
  {
    name: 'a member that is not Ready is dropped even with ready endpoints',
    members: [member('gce', { ingress: ip('192.0.2.10') }), member('azure', { ready: false, ingress: ip('203.0.113.5') })],
    records: [
      a(global, '192.0.2.10'),
      cname(region('azure-region'), global),
      cname(zone('azure-zone-a', 'azure-region'), region('azure-region')),
      a(region('gce-region'), '192.0.2.10'),
      a(zone('gce-zone-a', 'gce-region'), '192.0.2.10'),
    ],
  },
  {
    name: 'nothing healthy anywhere: CNAMEs down to a global name without records (v1)',
    members: [member('gce', { readyEndpoints: false, ingress: ip('192.0.2.10') }), member('aws', { ready: false })],
    records: [
      cname(region('aws-region'), global),
      cname(zone('aws-zone-a', 'aws-region'), region('aws-region')),
      cname(region('gce-region'), global),
      cname(zone('gce-zone-a', 'gce-region'), region('gce-region')),
    ],
  },
  {
    name: 'a healthy member whose load balancer has no address yet contributes names only',
    members: [member('gce')],
    records: [cname(region('gce-region'), global), cname(zone('gce-zone-a', 'gce-region'), region('gce-region'))],
  },
  {
    name: 'no member holds the Service: no records',
    members: [],
    records: [],
  },
  {
    name: 'a hostname load balancer is a CNAME where it is alone; IPs win where both meet',
    members: [member('aws', { ingress: host('a1b2.elb.amazonaws.com') }), member('gce', { ingress: ip('192.0.2.10') })],
    records: [
      a(global, '192.0.2.10'),
      cname(region('aws-region'), 'a1b2.elb.amazonaws.com'),
      cname(zone('aws-zone-a', 'aws-region'), 'a1b2.elb.amazonaws.com'),
      a(region('gce-region'), '192.0.2.10'),
      a(zone('gce-zone-a', 'gce-region'), '192.0.2.10'),
    ],
    unpublished: [{ dnsName: global, hostnames: ['a1b2.elb.amazonaws.com'] }],
  },
  {
    name: 'several hostnames at one name: a CNAME to the first in order, the others reported',
    members: [
      member('aws-2', { zone: 'use1-b', region: 'us-east-1', ingress: host('zz.elb.amazonaws.com.') }),
      member('aws-1', { zone: 'use1-a', region: 'us-east-1', ingress: host('AA.elb.amazonaws.com') }),
    ],
    records: [
      cname(global, 'aa.elb.amazonaws.com'),
      cname(region('us-east-1'), 'aa.elb.amazonaws.com'),
      cname(zone('use1-a', 'us-east-1'), 'aa.elb.amazonaws.com'),
      cname(zone('use1-b', 'us-east-1'), 'zz.elb.amazonaws.com'),
    ],
    unpublished: [
      { dnsName: global, hostnames: ['zz.elb.amazonaws.com'] },
      { dnsName: region('us-east-1'), hostnames: ['zz.elb.amazonaws.com'] },
    ],
  },
  {
    name: 'IPv6 addresses are AAAA records beside the A records of the same name',
    members: [member('gce', { ingress: ip('192.0.2.10', '2001:DB8:0:0::1') })],
    records: [
      a(global, '192.0.2.10'),
      aaaa(global, '2001:db8::1'),
      a(region('gce-region'), '192.0.2.10'),
      aaaa(region('gce-region'), '2001:db8::1'),
      a(zone('gce-zone-a', 'gce-region'), '192.0.2.10'),
      aaaa(zone('gce-zone-a', 'gce-region'), '2001:db8::1'),
    ],
  },
  {
    name: 'members without a region have the global name only; a region without zones has no zone name',
    members: [
      member('bare', { zone: undefined, region: undefined, ingress: ip('192.0.2.1') }),
      member('zone-only', { zone: 'somewhere-a', region: undefined, ingress: ip('192.0.2.2') }),
      member('region-only', { zone: undefined, region: 'west', ingress: ip('192.0.2.3') }),
    ],
    records: [a(global, '192.0.2.1', '192.0.2.2', '192.0.2.3'), a(region('west'), '192.0.2.3')],
  },
  {
    name: 'members sharing a zone share its name; zone and region labels are lower-cased, unusable ones skipped',
    members: [
      member('one', { zone: 'EU-West-1A', region: 'eu-west-1', ingress: ip('198.51.100.2') }),
      member('two', { zone: 'eu-west-1a', region: 'EU-WEST-1', ingress: ip('198.51.100.1') }),
      member('odd', { zone: 'zone.with.dots', region: 'eu-west-1', ingress: ip('198.51.100.3') }),
    ],
    records: [
      a(global, '198.51.100.1', '198.51.100.2', '198.51.100.3'),
      a(region('eu-west-1'), '198.51.100.1', '198.51.100.2', '198.51.100.3'),
      a(zone('eu-west-1a', 'eu-west-1'), '198.51.100.1', '198.51.100.2'),
    ],
  },
  {
    name: 'ingress entries with neither a usable ip nor hostname are skipped; an IP given as hostname is an IP',
    members: [member('gce', { ingress: [{}, { ip: 'not-an-ip' }, { hostname: 'bad host' }, { hostname: '192.0.2.9' }] })],
    records: [a(global, '192.0.2.9'), a(region('gce-region'), '192.0.2.9'), a(zone('gce-zone-a', 'gce-region'), '192.0.2.9')],
  },
];

describe('serviceRecords', () => {
  it.each(cases)('$name', ({ members, records, unpublished }) => {
    const result = serviceRecords({ ...scope, members });
    expect(result.records).toEqual(byName(records));
    expect(result.unpublished).toEqual(unpublished ?? []);
  });

  it('orders names and addresses the same whatever order the members and addresses come in', () => {
    const members = [
      member('gce', { zone: 'a', region: 'r', ingress: ip('192.0.2.10', '192.0.2.9', '2001:db8::10', '2001:db8::9') }),
      member('aws', { zone: 'b', region: 'r', ingress: ip('192.0.2.100', '192.0.2.9') }),
      member('azure', { zone: 'c', region: 's', ingress: ip('10.0.0.1') }),
    ];
    const expected = serviceRecords({ ...scope, members }).records;
    const reversed = members.map((entry) => ({ ...entry, ingress: [...entry.ingress].reverse() })).reverse();
    expect(serviceRecords({ ...scope, members: reversed }).records).toEqual(expected);
    // Sorted by name, then type.
    expect(expected.map((record) => `${record.dnsName} ${record.recordType}`)).toEqual([
      `${zone('a', 'r')} A`,
      `${zone('a', 'r')} AAAA`,
      `${zone('b', 'r')} A`,
      `${zone('c', 's')} A`,
      `${global} A`,
      `${global} AAAA`,
      `${region('r')} A`,
      `${region('r')} AAAA`,
      `${region('s')} A`,
    ]);
    const targets = (name: string, type: string) => expected.find((record) => record.dnsName === name && record.recordType === type)?.targets;
    expect(targets(global, 'A')).toEqual(['10.0.0.1', '192.0.2.9', '192.0.2.10', '192.0.2.100']);
    expect(targets(global, 'AAAA')).toEqual(['2001:db8::9', '2001:db8::10']);
  });

  it('uses the TTL it is given', () => {
    const { records } = serviceRecords({ ...scope, ttl: 30, members: [member('gce', { ingress: ip('192.0.2.1') })] });
    expect(records.every((record) => record.recordTTL === 30)).toBe(true);
  });
});
