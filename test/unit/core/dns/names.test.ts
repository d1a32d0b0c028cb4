import { describe, expect, it } from '@jest/globals';
import { loadBalancerAddresses, sortAddresses } from '../../../../src/core/dns/addresses.js';
import { dnsLabel, globalName, normalizeSuffix, regionName, zoneName } from '../../../../src/core/dns/names.js';

const scope = { service: 'web', namespace: 'shop', federation: 'myfed', suffix: 'example.com' };

describe('record names', () => {
  it('follow v1: <svc>.<ns>.<federation>.svc[.<zone>][.<region>].<suffix>', () => {
    expect(globalName(scope)).toBe('web.shop.myfed.svc.example.com');
    expect(regionName(scope, { region: 'us-east-1' })).toBe('web.shop.myfed.svc.us-east-1.example.com');
    expect(zoneName(scope, { zone: 'us-east-1a', region: 'us-east-1' })).toBe('web.shop.myfed.svc.us-east-1a.us-east-1.example.com');
  });

  it('leave out the levels a member cannot name', () => {
    expect(regionName(scope, {})).toBeUndefined();
    expect(zoneName(scope, { zone: 'us-east-1a' })).toBeUndefined();
    expect(zoneName(scope, { region: 'us-east-1' })).toBeUndefined();
  });

  it.each<[string | undefined, string | undefined]>([
    ['us-central1', 'us-central1'],
    ['US-Central1', 'us-central1'],
    [' eu-west-1 ', 'eu-west-1'],
    ['', undefined],
    [undefined, undefined],
    ['has.dots', undefined],
    ['has_underscore', undefined],
    ['-leading', undefined],
    ['x'.repeat(64), undefined],
  ])('dnsLabel(%j) is %j', (value, expected) => {
    expect(dnsLabel(value)).toBe(expected);
  });

  it('normalizes the suffix written with dots or capitals', () => {
    expect(normalizeSuffix('Example.COM.')).toBe('example.com');
    expect(normalizeSuffix('.fed.example.com')).toBe('fed.example.com');
  });
});

describe('load-balancer addresses', () => {
  it('reads the ip, else the hostname, in canonical form', () => {
    expect(
      loadBalancerAddresses([{ ip: '192.0.2.1' }, { ip: '2001:DB8::0:1' }, { hostname: 'LB.Example.NET.' }, { hostname: '2001:db8::2' }, { ip: '192.0.2.3', hostname: 'ignored.example.net' }]),
    ).toEqual([
      { family: 'ipv4', ip: '192.0.2.1' },
      { family: 'ipv6', ip: '2001:db8::1' },
      { family: 'hostname', hostname: 'lb.example.net' },
      { family: 'ipv6', ip: '2001:db8::2' },
      { family: 'ipv4', ip: '192.0.2.3' },
    ]);
  });

  it('sorts IPs numerically and drops duplicates', () => {
    expect(sortAddresses(['198.51.100.1', '192.0.2.10', '192.0.2.9', '192.0.2.10'], 'ipv4')).toEqual(['192.0.2.9', '192.0.2.10', '198.51.100.1']);
    expect(sortAddresses(['2001:db8::1:0', '2001:db8::ff', '::1', '2001:db8::'], 'ipv6')).toEqual(['::1', '2001:db8::', '2001:db8::ff', '2001:db8::1:0']);
    expect(sortAddresses(['b.example', 'a.example'], 'hostname')).toEqual(['a.example', 'b.example']);
  });
});
