import { describe, expect, it } from '@jest/globals';
import type { ObserveContext } from '../../../../src/controllers/adapter.js';
import { replicaWorkloadAdapter, youngerThan } from '../../../../src/controllers/kinds/replica-workload.js';
import { deploymentPreferencesCodec } from '../../../../src/core/annotations/preferences.js';
import type { Workload } from '../../../../src/core/kinds.js';
import { deployments } from '../../../../src/kube/resources.js';
import type { MemberPort } from '../../../../src/members/ports.js';

const thresholdMs = 60_000;
const now = new Date('2026-12-07T12:00:00Z');
const adapter = replicaWorkloadAdapter(deployments, 'deployment', deploymentPreferencesCodec, { unschedulableThresholdMs: thresholdMs, capacityRetryMs: 600_000 });

const unschedulablePod = {
  status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', lastTransitionTime: '2026-12-07T11:00:00Z' }] },
};

const web: Workload = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { replicas: 2, selector: { matchLabels: { app: 'web' } } },
};

/** observe runs the adapter's observe with one member whose copy was created at created and has no ready replica. */
async function observe(created: string | undefined): Promise<{ lists: number; unschedulable: number | undefined }> {
  let lists = 0;
  const member = {
    name: 'east',
    client: {
      request: <T>(): Promise<T> => {
        lists += 1;
        return Promise.resolve({ items: [unschedulablePod] } as T);
      },
    },
    informer: () => ({ list: () => [] }),
  } as unknown as MemberPort;
  const copy: Workload = { ...web, metadata: { ...web.metadata, ...(created ? { creationTimestamp: created } : {}) }, spec: { replicas: 1 }, status: {} };
  const context = {
    clusters: [{ name: 'east', labels: {}, cluster: { metadata: { name: 'east' } }, member, ready: true, failed: false }],
    actual: () => copy,
    member: () => member,
    federated: () => ({ known: false }),
    federatedIn: () => [],
    now,
  } as unknown as ObserveContext<Workload>;
  const observations = (await adapter.observe?.(web, context)) as { members: Record<string, { unschedulable: number }> };
  return { lists, unschedulable: observations.members.east?.unschedulable };
}

describe('observing a Deployment’s members', () => {
  it.each<[string, string | undefined, { lists: number; unschedulable: number }]>([
    ['a copy younger than the threshold: its pods are not listed (none can count yet)', '2026-12-07T11:59:30Z', { lists: 0, unschedulable: 0 }],
    ['a copy older than the threshold: its pods are listed and counted', '2026-12-07T11:58:00Z', { lists: 1, unschedulable: 1 }],
    ['a copy of unknown age: its pods are listed', undefined, { lists: 1, unschedulable: 1 }],
  ])('%s', async (_name, created, expected) => {
    expect(await observe(created)).toEqual(expected);
  });
});

describe('youngerThan', () => {
  it.each<[string, string | undefined, boolean]>([
    ['created a second ago', '2026-12-07T11:59:59Z', true],
    ['created exactly the threshold ago', '2026-12-07T11:59:00Z', false],
    ['created long ago', '2026-12-01T00:00:00Z', false],
    ['no creation time', undefined, false],
    ['an unreadable creation time', 'yesterday', false],
  ])('%s', (_name, created, expected) => {
    expect(youngerThan({ metadata: { name: 'x', ...(created ? { creationTimestamp: created } : {}) } }, now, thresholdMs)).toBe(expected);
  });
});

describe('rendering a Deployment’s member copies', () => {
  const federation = { name: 'fed', id: 'fed-id' };
  const view = (name: string) => ({ name, labels: {}, cluster: { metadata: { name } }, ready: true, failed: false });
  const render = (object: Workload, clusters: string[]) =>
    adapter.render(object, {
      federation,
      clusters: clusters.map(view),
      actual: () => undefined,
      observations: { members: {}, nodes: {}, hpaClusters: [], hpaTargets: [] },
      now,
    });

  it('gives members with the same replicas one intent, and renders an unchanged object only once', () => {
    const even = { ...web, spec: { ...web.spec, replicas: 2 } };
    const first = render(even, ['east', 'west']).intents;
    expect(first.get('east')).toBe(first.get('west'));
    expect(first.get('east')?.object.spec).toMatchObject({ replicas: 1 });
    expect(render(even, ['east', 'west']).intents.get('east')).toBe(first.get('east'));
  });

  it('renders members with different replicas, and a changed object, afresh', () => {
    const odd = { ...web, spec: { ...web.spec, replicas: 3 } };
    const intents = render(odd, ['east', 'west']).intents;
    expect(intents.get('east')?.hash).not.toBe(intents.get('west')?.hash);
    const changed = { ...odd, metadata: { ...odd.metadata, labels: { tier: 'web' } } };
    expect(render(changed, ['east', 'west']).intents.get('east')?.object.metadata.labels).toMatchObject({ tier: 'web' });
  });
});
