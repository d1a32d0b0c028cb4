import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../../../src/core/objects.js';
import { applyBody, intentFor, memberObject } from '../../../../src/core/propagation/render.js';
import { appliedHashAnnotation, federationIdLabel, managedByLabel } from '../../../../src/core/well-known.js';

const fed = { name: 'fed', id: '6f1c2a9e-0d4b-4c55-9a53-2b7e8f0c1d2e' };

const federated: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'shop',
    uid: 'fed-uid',
    resourceVersion: '42',
    generation: 3,
    creationTimestamp: '2024-01-01T00:00:00Z',
    finalizers: ['federation.kubefed.dev/delete-from-members'],
    ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'x', uid: 'u' }],
    managedFields: [{ manager: 'kubectl' }],
    labels: { app: 'web' },
    annotations: {
      team: 'payments',
      'federation.kubefed.dev/placement': '{}',
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
      'federation.kubernetes.io/deployment-preferences': '{"rebalance":true}',
    },
  },
  spec: { replicas: 6 },
  status: { replicas: 6 },
};

describe('memberObject', () => {
  const copy = memberObject(federated, { name: 'fed-a', id: 'id-a' }, { spec: { replicas: 2 } });

  it('keeps identity, user labels and user annotations, and adds the managed-by and federation-id labels', () => {
    expect(copy).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'web',
        namespace: 'shop',
        labels: { app: 'web', [managedByLabel]: 'fed-a', [federationIdLabel]: 'id-a' },
        annotations: { team: 'payments', 'federation.kubernetes.io/deployment-preferences': '{"rebalance":true}' },
      },
      spec: { replicas: 2 },
    });
  });

  it('carries no server metadata and no status of the federated object', () => {
    expect(Object.keys(copy.metadata).sort()).toEqual(['annotations', 'labels', 'name', 'namespace']);
    expect(copy.status).toBeUndefined();
  });

  it('omits namespace and annotations when there are none to carry', () => {
    const namespace: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', annotations: { 'federation.kubefed.dev/orphan': 'true' } } };
    expect(memberObject(namespace, fed, {}).metadata).toEqual({ name: 'shop', labels: { [managedByLabel]: 'fed', [federationIdLabel]: fed.id } });
  });

  it('does not modify the federated object', () => {
    const before = structuredClone(federated);
    memberObject(federated, fed, { spec: {} });
    expect(federated).toEqual(before);
  });
});

describe('intentFor', () => {
  const copy = (replicas: number, image = 'nginx'): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas, image } });
  const replicas = [['spec', 'replicas']] as const;

  it('stamps the object with its hash in the applied-hash annotation', () => {
    const intent = intentFor(copy(1));
    expect(intent.object.metadata.annotations?.[appliedHashAnnotation]).toBe(intent.hash);
    expect(intent.object.spec).toEqual({ replicas: 1, image: 'nginx' });
  });

  it('leaves retained paths out of the hash', () => {
    expect(intentFor(copy(1), replicas).hash).toBe(intentFor(copy(9), replicas).hash);
    expect(intentFor(copy(1), replicas).hash).not.toBe(intentFor(copy(1, 'httpd'), replicas).hash);
  });

  it('includes every field in the hash when nothing is retained', () => {
    expect(intentFor(copy(1)).hash).not.toBe(intentFor(copy(9)).hash);
  });

  it('keeps the retained value in the object it will create', () => {
    expect(intentFor(copy(4), replicas).object.spec).toEqual({ replicas: 4, image: 'nginx' });
  });
});

describe('applyBody', () => {
  const intent = intentFor(
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 1, image: 'nginx' } },
    [['spec', 'replicas']],
  );

  it("takes retained fields from the member's copy", () => {
    const actual: KubeObject = { metadata: { name: 'web' }, spec: { replicas: 7, image: 'old' } };
    expect(applyBody(intent, actual).spec).toEqual({ replicas: 7, image: 'nginx' });
  });

  it("keeps the intent's values for a new copy", () => {
    expect(applyBody(intent, undefined)).toBe(intent.object);
  });

  it('sends the intent unchanged when nothing is retained', () => {
    const whole = intentFor({ metadata: { name: 'cm' }, data: { a: '1' } });
    expect(applyBody(whole, { metadata: { name: 'cm' }, data: { a: '2' } })).toEqual(whole.object);
  });
});
