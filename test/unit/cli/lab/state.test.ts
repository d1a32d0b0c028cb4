import { describe, expect, test } from '@jest/globals';
import { labComponents, parseLabState, renderLabState, type LabState } from '../../../../src/cli/lab/state.js';

const state: LabState = {
  version: 1,
  directory: '/lab',
  binaries: '/bin',
  kubeconfig: '/lab/kubeconfig',
  federation: 'master-control',
  startedAt: '2026-11-25T15:00:00.000Z',
  etcd: { component: 'etcd', pid: 10, ports: { client: 1, peer: 2 }, command: ['/bin/etcd', '--name=lab'], log: '/lab/logs/etcd.log' },
  clusters: [
    {
      name: 'master-control',
      role: 'federation',
      server: 'https://127.0.0.1:3',
      certificateAuthority: '/lab/clusters/master-control/ca.crt',
      workloads: false,
      nodes: 0,
      components: [
        { component: 'kube-apiserver', pid: 11, ports: { secure: 3 }, command: ['/bin/kube-apiserver'], log: '/lab/logs/master-control-kube-apiserver.log' },
      ],
    },
    {
      name: 'gcek8s',
      role: 'member',
      server: 'https://127.0.0.1:4',
      certificateAuthority: '/lab/clusters/gcek8s/ca.crt',
      workloads: true,
      nodes: 2,
      components: [{ component: 'kwok', pid: 12, ports: {}, command: ['/bin/kwok'], log: '/lab/logs/gcek8s-kwok.log' }],
    },
  ],
};

describe('lab state file', () => {
  test('round-trips', () => {
    expect(parseLabState(renderLabState(state), 'lab.json')).toEqual(state);
  });

  test('lists every component with its cluster, etcd first and shared', () => {
    expect(labComponents(state).map(({ cluster, component }) => `${cluster ?? '-'}/${component.component}`)).toEqual([
      '-/etcd',
      'master-control/kube-apiserver',
      'gcek8s/kwok',
    ]);
  });

  test('a lab that failed before etcd started has no etcd entry', () => {
    const { etcd: _etcd, ...early } = state;
    expect(labComponents(parseLabState(renderLabState(early), 'lab.json')).map(({ component }) => component.component)).toEqual([
      'kube-apiserver',
      'kwok',
    ]);
  });

  test.each([
    ['not json', /lab.json is not JSON/],
    ['[]', /the document is not an object/],
    [JSON.stringify({ ...state, version: 2 }), /unsupported version 2/],
    [JSON.stringify({ ...state, etcd: { ...state.etcd, pid: 0 } }), /etcd.pid is 0/],
    [JSON.stringify({ ...state, etcd: { ...state.etcd, command: [] } }), /etcd.command/],
    [JSON.stringify({ ...state, clusters: [{ ...state.clusters[0], role: 'leader' }] }), /clusters\[0\].role is "leader"/],
    [JSON.stringify({ ...state, clusters: [{ ...state.clusters[1], components: [{ component: 'kubelet' }] }] }), /components\[0\].component is "kubelet"/],
  ])('rejects %s', (text, message) => {
    expect(() => parseLabState(text, 'lab.json')).toThrow(message);
  });
});
