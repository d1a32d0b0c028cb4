import { describe, expect, it } from '@jest/globals';
import { topologyOf } from '../../../src/members/health.js';

const zone = 'topology.kubernetes.io/zone';
const region = 'topology.kubernetes.io/region';
const betaZone = 'failure-domain.beta.kubernetes.io/zone';
const betaRegion = 'failure-domain.beta.kubernetes.io/region';

function node(name: string, labels: Record<string, string>, options: { unschedulable?: boolean; cpu?: string } = {}) {
  return {
    metadata: { name, labels },
    spec: { unschedulable: options.unschedulable ?? false },
    status: { allocatable: { cpu: options.cpu ?? '4', memory: '8Gi' } },
  };
}

describe('topologyOf', () => {
  it('collects sorted, unique zones and the region from current labels', () => {
    const topology = topologyOf([node('n1', { [zone]: 'eu-b', [region]: 'eu' }), node('n2', { [zone]: 'eu-a', [region]: 'eu' }), node('n3', { [zone]: 'eu-b' })]);
    expect(topology.zones).toEqual(['eu-a', 'eu-b']);
    expect(topology.region).toBe('eu');
  });

  it('falls back to the beta labels, preferring current ones on the same node', () => {
    const topology = topologyOf([
      node('n1', { [betaZone]: 'old-a', [betaRegion]: 'old' }),
      node('n2', { [zone]: 'new-b', [betaZone]: 'old-b', [region]: '' }),
      node('n3', { [zone]: '', [betaZone]: 'old-c' }),
    ]);
    expect(topology.zones).toEqual(['new-b', 'old-a', 'old-c']);
    expect(topology.region).toBe('old');
  });

  it('has no zones or region when nodes carry no topology labels', () => {
    const topology = topologyOf([node('n1', {})]);
    expect(topology.zones).toEqual([]);
    expect('region' in topology).toBe(false);
  });

  it('signs schedulable nodes and their allocatable resources, in any order', () => {
    const base = topologyOf([node('n1', {}), node('n2', {})]);
    expect(topologyOf([node('n2', {}), node('n1', {})]).nodes).toBe(base.nodes);
    expect(topologyOf([node('n1', {}), node('n2', {}), node('n3', {}, { unschedulable: true })]).nodes).toBe(base.nodes);
    expect(topologyOf([node('n1', {}), node('n2', {}, { cpu: '8' })]).nodes).not.toBe(base.nodes);
    expect(topologyOf([node('n1', {})]).nodes).not.toBe(base.nodes);
    expect(topologyOf([node('n1', { [zone]: 'z' }), node('n2', {})]).nodes).toBe(base.nodes);
  });
});
