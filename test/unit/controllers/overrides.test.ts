import { describe, expect, it } from '@jest/globals';
import type { PlacementContext } from '../../../src/controllers/adapter.js';
import { createAdapters } from '../../../src/controllers/kinds/index.js';
import type { KubeObject } from '../../../src/core/objects.js';
import { appliedHashAnnotation, overridesAnnotation } from '../../../src/core/well-known.js';
import type { MemberView } from '../../../src/members/registry.js';

const adapters = createAdapters({ unschedulableThresholdMs: 60_000, hpaScaleForbiddenWindowMs: 120_000 });
const federation = { name: 'fed', id: 'fed-id' };

const deployment = (annotations: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'nodejs', namespace: 'shop', annotations },
  spec: {
    replicas: 4,
    selector: { matchLabels: { app: 'nodejs' } },
    template: { metadata: { labels: { app: 'nodejs' } }, spec: { containers: [{ name: 'nodejs', image: 'node:22' }] } },
  },
});

const view = (name: string, labels: Record<string, string>) => ({ name, labels, ready: true, failed: false }) as MemberView;

function render(object: KubeObject, actual: Record<string, KubeObject> = {}) {
  const context: PlacementContext<unknown> = {
    federation,
    clusters: [view('awsk8s', { cloud: 'aws' }), view('gcek8s', { cloud: 'gce' })],
    actual: (cluster) => actual[cluster],
    observations: { members: {}, nodes: {}, hpaClusters: [], hpaTargets: [] },
    now: new Date(0),
  };
  return adapters.deployments!.render(object, context);
}

const rules = JSON.stringify([
  { clusters: ['awsk8s'], image: [{ registry: 'mirror.example' }] },
  { clusterSelector: [{ key: 'cloud', operator: '=', values: ['gce'] }], podLabels: { add: { region: 'eu' } } },
]);

const image = (object?: KubeObject) => (object?.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]?.image;
const podLabels = (object?: KubeObject) => (object?.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels;

describe('per-cluster overrides on a rendered Deployment', () => {
  const plain = render(deployment());

  it('changes only the copies the rules select, after the replica split, and re-hashes them', () => {
    const overridden = render(deployment({ [overridesAnnotation]: rules }));
    const [aws, gce] = [overridden.intents.get('awsk8s'), overridden.intents.get('gcek8s')];
    expect(image(aws?.object)).toBe('mirror.example/node:22');
    expect(podLabels(aws?.object)).toEqual({ app: 'nodejs' });
    expect(image(gce?.object)).toBe('node:22');
    expect(podLabels(gce?.object)).toEqual({ app: 'nodejs', region: 'eu' });
    expect((aws?.object.spec as { replicas: number }).replicas).toBe((plain.intents.get('awsk8s')?.object.spec as { replicas: number }).replicas);
    expect(aws?.hash).not.toBe(plain.intents.get('awsk8s')?.hash);
    expect(aws?.object.metadata.annotations?.[appliedHashAnnotation]).toBe(aws?.hash);
    expect(overridden.warnings ?? []).toEqual([]);
  });

  it('returns every copy to the template when the annotation is removed', () => {
    expect(render(deployment()).intents).toEqual(plain.intents);
  });

  it.each([
    ['bad JSON', '[{', 'invalid JSON'],
    ["the split workload's replicas", '[{"clusters":["awsk8s"],"patches":[{"op":"replace","path":"/spec/replicas","value":9}]}]', '/spec/replicas is computed by kubefed for each member'],
    ['a path that does not exist', '[{"clusters":["gcek8s"],"patches":[{"op":"remove","path":"/spec/strategy"}]}]', '/spec/strategy does not exist (cluster gcek8s)'],
    ['a container one member lacks', '[{"clusterSelector":[],"image":[{"container":"db","tag":"1"}]}]', 'no container named "db"'],
  ])('leaves every copy as it is and warns InvalidOverrides for %s', (_name, annotation, message) => {
    const copies = Object.fromEntries([...plain.intents].map(([cluster, intent]) => [cluster, { ...intent.object, status: { readyReplicas: 1 } }]));
    const result = render(deployment({ [overridesAnnotation]: annotation }), copies);
    for (const [cluster, copy] of Object.entries(copies)) {
      expect(result.intents.get(cluster)).toEqual({ object: copy, hash: plain.intents.get(cluster)?.hash, retainedPaths: [] });
    }
    expect(result.annotations).toBeUndefined();
    expect(result.warnings).toEqual([{ reason: 'InvalidOverrides', message: expect.stringContaining(message) }]);
  });

  it('creates no copy on a member that has none while the annotation is invalid', () => {
    expect(render(deployment({ [overridesAnnotation]: '{}' })).intents.size).toBe(0);
  });
});
