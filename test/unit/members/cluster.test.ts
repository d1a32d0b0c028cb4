import { describe, expect, it } from '@jest/globals';
import { type ClusterObject, isClusterReady, serverAddress } from '../../../src/members/cluster.js';

const cluster = (entries?: { clientCIDR?: string; serverAddress: string }[]): ClusterObject => ({
  metadata: { name: 'east' },
  spec: entries === undefined ? {} : { serverAddressByClientCIDRs: entries },
});

describe('serverAddress', () => {
  it.each<[string, { clientCIDR?: string; serverAddress: string }[] | undefined, string | undefined]>([
    ['adds https:// to a bare host', [{ clientCIDR: '0.0.0.0/0', serverAddress: '10.0.0.1:6443' }], 'https://10.0.0.1:6443'],
    ['keeps an explicit scheme', [{ serverAddress: 'http://127.0.0.1:8080' }], 'http://127.0.0.1:8080'],
    ['prefers the 0.0.0.0/0 entry', [{ clientCIDR: '10.0.0.0/8', serverAddress: 'inner' }, { clientCIDR: '0.0.0.0/0', serverAddress: 'outer' }], 'https://outer'],
    ['otherwise takes the first entry', [{ clientCIDR: '10.0.0.0/8', serverAddress: 'inner' }, { clientCIDR: '192.168.0.0/16', serverAddress: 'other' }], 'https://inner'],
    ['has none without entries', undefined, undefined],
    ['has none for an empty address', [{ clientCIDR: '0.0.0.0/0', serverAddress: '' }], undefined],
  ])('%s', (_name, entries, expected) => {
    expect(serverAddress(cluster(entries))).toBe(expected);
  });
});

describe('isClusterReady', () => {
  it.each([
    [[{ type: 'Ready', status: 'True' }], true],
    [[{ type: 'Offline', status: 'False' }, { type: 'Ready', status: 'True' }], true],
    [[{ type: 'Ready', status: 'False' }], false],
    [[{ type: 'Ready', status: 'Unknown' }], false],
    [[{ type: 'Offline', status: 'True' }], false],
    [undefined, false],
  ])('conditions %j → %s', (conditions, expected) => {
    expect(isClusterReady({ metadata: { name: 'east' }, ...(conditions ? { status: { conditions } } : {}) })).toBe(expected);
  });
});
