import { describe, expect, it } from '@jest/globals';
import { plannedCopies } from '../../../../src/cli/plan/copies.js';
import { type PlanCluster, planObject } from '../../../../src/cli/plan/plan.js';
import type { KubeObject } from '../../../../src/core/objects.js';
import { overridesAnnotation } from '../../../../src/core/well-known.js';

const now = new Date('2026-01-01T00:00:00Z');
const clusters: PlanCluster[] = [
  { name: 'awsk8s', labels: { cloud: 'aws' } },
  { name: 'gcek8s', labels: { cloud: 'gce' } },
];

const object = (kind: string, body: Record<string, unknown>, overrides?: unknown[]): KubeObject => ({
  apiVersion: kind === 'ConfigMap' ? 'v1' : 'apps/v1',
  kind,
  metadata: { name: 'web', namespace: 'shop', ...(overrides ? { annotations: { [overridesAnnotation]: JSON.stringify(overrides), team: 'a' } } : {}) },
  ...body,
});

const deployment = (overrides?: unknown[]) =>
  object('Deployment', { spec: { replicas: 3, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } } } }, overrides);

function preview(input: KubeObject, planned = clusters) {
  return plannedCopies(input, planObject(input, { clusters: planned, now }), planned, now);
}

describe('plannedCopies', () => {
  it("gives each member its share of the replicas and its overrides, without kubefed's bookkeeping", () => {
    const { copies, notes } = preview(deployment([{ clusterSelector: [{ key: 'cloud', operator: '=', values: ['aws'] }], image: [{ tag: '2' }] }]));
    expect(notes).toEqual([]);
    expect(copies.map((copy) => copy.cluster)).toEqual(['awsk8s', 'gcek8s']);
    const [aws, gce] = copies.map((copy) => copy.object.spec as { replicas: number; template: { spec: { containers: { image: string }[] } } });
    expect((aws?.replicas ?? 0) + (gce?.replicas ?? 0)).toBe(3);
    expect([aws?.template.spec.containers[0]?.image, gce?.template.spec.containers[0]?.image]).toEqual(['web:2', 'web:1']);
    // The overrides annotation is kubefed's own and never reaches a member; the user's annotations do.
    expect(copies[0]?.object.metadata).toEqual({ name: 'web', namespace: 'shop', annotations: { team: 'a' } });
  });

  it('renders whole kinds through their adapter, patches included', () => {
    const { copies } = preview(object('ConfigMap', { data: { x: '1' } }, [{ clusters: ['gcek8s'], patches: [{ op: 'replace', path: '/data/x', value: '2' }] }]));
    expect(copies.map((copy) => [copy.cluster, copy.object.data])).toEqual([
      ['awsk8s', { x: '1' }],
      ['gcek8s', { x: '2' }],
    ]);
  });

  it('sets the HPA bounds and the Job share, and gives a member without parallelism no Job', () => {
    const hpa = preview(object('HorizontalPodAutoscaler', { spec: { minReplicas: 2, maxReplicas: 4, scaleTargetRef: { kind: 'Deployment', name: 'web' } } }));
    expect(hpa.copies.map((copy) => copy.object.spec)).toEqual([
      expect.objectContaining({ minReplicas: 1, maxReplicas: 2 }),
      expect.objectContaining({ minReplicas: 1, maxReplicas: 2 }),
    ]);
    const job = preview(object('Job', { spec: { parallelism: 1, template: {} } }));
    expect(job.copies).toHaveLength(1);
    expect(job.copies[0]?.object.spec).toEqual({ parallelism: 1, template: { metadata: { labels: {} } } });
  });

  it('shows no copies and says why when the controller would refuse the overrides', () => {
    const { copies, notes } = preview(deployment([{ clusters: ['gcek8s'], patches: [{ op: 'replace', path: '/spec/replicas', value: 1 }] }]));
    expect(copies).toEqual([]);
    expect(notes).toEqual([expect.stringMatching(/^InvalidOverrides: .*\/spec\/replicas is computed by kubefed for each member.*\(no copies shown\)$/)]);
  });

  it('says when a cluster selector cannot be matched because only names are known', () => {
    const { notes } = preview(deployment([{ clusterSelector: [], labels: { add: { a: 'b' } } }]), [{ name: 'awsk8s' }]);
    expect(notes).toEqual(['overrides with a clusterSelector are matched against no labels: cluster labels are unknown with --clusters']);
  });
});
