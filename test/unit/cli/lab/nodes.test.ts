import { expect, test } from '@jest/globals';
import { fakeNodes, nodeIsSchedulable } from '../../../../src/cli/lab/nodes.js';

test('fake nodes carry fixed room, kwok annotation, hostname, type and alternating zones of one region', () => {
  const nodes = fakeNodes('gcek8s', 3);
  expect(nodes.map((node) => node.metadata?.name)).toEqual(['gcek8s-node-0', 'gcek8s-node-1', 'gcek8s-node-2']);
  expect(nodes.map((node) => node.metadata?.labels?.['topology.kubernetes.io/zone'])).toEqual(['gcek8s-zone-a', 'gcek8s-zone-b', 'gcek8s-zone-a']);
  for (const node of nodes) {
    expect(node.metadata?.labels).toMatchObject({
      'kubernetes.io/hostname': node.metadata?.name,
      type: 'kwok',
      'topology.kubernetes.io/region': 'gcek8s-region',
    });
    expect(node.metadata?.annotations).toMatchObject({ 'kwok.x-k8s.io/node': 'fake' });
    expect(node.status?.allocatable).toEqual({ cpu: '4', memory: '8Gi', pods: '20' });
    expect(node.spec?.taints).toBeUndefined();
  }
});

test('a node is schedulable once Ready and untainted', () => {
  const ready = { type: 'Ready', status: 'True' };
  expect(nodeIsSchedulable({ status: { conditions: [ready] } })).toBe(true);
  expect(nodeIsSchedulable({ status: { conditions: [{ type: 'Ready', status: 'False' }] } })).toBe(false);
  expect(nodeIsSchedulable({ spec: { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }] }, status: { conditions: [ready] } })).toBe(false);
  expect(nodeIsSchedulable({})).toBe(false);
});
