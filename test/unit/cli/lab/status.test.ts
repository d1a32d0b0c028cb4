import { expect, test } from '@jest/globals';
import { renderStatusTable, totalResident, type LabStatus } from '../../../../src/cli/lab/status.js';

const status: LabStatus = {
  state: {} as LabStatus['state'],
  components: [
    { cluster: undefined, component: 'etcd', pid: 10, ports: { client: 1, peer: 2 }, running: true, resident: 64 * 1048576, log: '/lab/logs/etcd.log' },
    { cluster: 'gcek8s', component: 'kwok', pid: 11, ports: {}, running: false, resident: undefined, log: '/lab/logs/gcek8s-kwok.log' },
  ],
  paths: [],
};

test('the status table aligns one row per process', () => {
  expect(renderStatusTable(status).split('\n')).toEqual([
    'CLUSTER   COMPONENT  PID  PORT  STATE    RSS   LOG',
    '(shared)  etcd       10   1,2   running  64Mi  /lab/logs/etcd.log',
    'gcek8s    kwok       11   -     stopped  -     /lab/logs/gcek8s-kwok.log',
  ]);
  expect(totalResident(status)).toBe(64 * 1048576);
});

test("kubefed's path to each member follows, as its proxy reports it or why it cannot", () => {
  const withPaths: LabStatus = {
    ...status,
    paths: [
      { cluster: 'gcek8s', server: 'https://127.0.0.1:20010', path: { mode: 'slow', delayMilliseconds: 3000, connections: 2, closedByKubefed: 1, heldBytes: 512 } },
      { cluster: 'awsk8s', server: 'https://127.0.0.1:20012', path: { mode: 'partitioned', connections: 1, closedByKubefed: 0, heldBytes: 0 } },
      { cluster: 'azurek8s', server: 'https://127.0.0.1:20014', path: { error: 'the proxy of azurek8s is not answering' } },
    ],
  };
  expect(renderStatusTable(withPaths).split('\n').slice(3)).toEqual([
    '',
    "MEMBER    KUBEFED'S PATH  VIA                      PROXY",
    'gcek8s    slow 3s         https://127.0.0.1:20010  2 connections (1 closed by kubefed), 512 bytes held',
    'awsk8s    partitioned     https://127.0.0.1:20012  1 connections (0 closed by kubefed), 0 bytes held',
    'azurek8s  unknown         https://127.0.0.1:20014  the proxy of azurek8s is not answering',
  ]);
});
