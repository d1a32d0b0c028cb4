import { describe, expect, it } from '@jest/globals';
import type { MemberCopy } from '../../../../src/core/status/member-copy.js';
import type { LoadBalancerIngress } from '../../../../src/core/kinds.js';
import { loadBalancerIngress } from '../../../../src/core/status/load-balancer.js';

const copy = (cluster: string, ingress?: LoadBalancerIngress[]): MemberCopy => ({
  cluster,
  hash: 'h',
  object: { metadata: { name: 'web' }, status: ingress ? { loadBalancer: { ingress } } : {} },
});

describe('loadBalancerIngress', () => {
  it('concatenates every member address, sorted by IP then hostname', () => {
    const copies = [
      copy('b', [{ ip: '10.0.0.2' }, { hostname: 'z.example.com' }]),
      copy('a', [{ ip: '10.0.0.1', ports: [{ port: 80, protocol: 'TCP' }] }, { hostname: 'a.example.com' }]),
      copy('c'),
      { cluster: 'd', hash: 'h' },
    ];
    expect(loadBalancerIngress(copies)).toEqual([
      { hostname: 'a.example.com' },
      { hostname: 'z.example.com' },
      { ip: '10.0.0.1', ports: [{ port: 80, protocol: 'TCP' }] },
      { ip: '10.0.0.2' },
    ]);
  });

  it('gives the same order whatever order the members come in', () => {
    const copies = [copy('a', [{ ip: '10.0.0.9' }]), copy('b', [{ ip: '10.0.0.1' }]), copy('c', [{ hostname: 'h' }])];
    expect(loadBalancerIngress([...copies].reverse())).toEqual(loadBalancerIngress(copies));
  });
});
