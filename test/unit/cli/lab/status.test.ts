import { expect, test } from '@jest/globals';
import { renderStatusTable, totalResident, type LabStatus } from '../../../../src/cli/lab/status.js';

const status: LabStatus = {
  state: {} as LabStatus['state'],
  components: [
    { cluster: undefined, component: 'etcd', pid: 10, ports: { client: 1, peer: 2 }, running: true, resident: 64 * 1048576, log: '/lab/logs/etcd.log' },
    { cluster: 'gcek8s', component: 'kwok', pid: 11, ports: {}, running: false, resident: undefined, log: '/lab/logs/gcek8s-kwok.log' },
  ],
};

test('the status table aligns one row per process', () => {
  expect(renderStatusTable(status).split('\n')).toEqual([
    'CLUSTER   COMPONENT  PID  PORT  STATE    RSS   LOG',
    '(shared)  etcd       10   1,2   running  64Mi  /lab/logs/etcd.log',
    'gcek8s    kwok       11   -     stopped  -     /lab/logs/gcek8s-kwok.log',
  ]);
  expect(totalResident(status)).toBe(64 * 1048576);
});
