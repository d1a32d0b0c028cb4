import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../../../src/core/objects.js';
import { decideNamespaceDeparture, keptMessage, type NamespaceItem } from '../../../../src/core/propagation/namespace-departure.js';
import { federationIdLabel, managedByLabel } from '../../../../src/core/well-known.js';

const federation = { name: 'master-control', id: 'f-1' };
const ours = { [managedByLabel]: 'master-control', [federationIdLabel]: 'f-1' };

function item(kind: string, name: string, extra: { labels?: Record<string, string>; owner?: string } = {}): NamespaceItem<string> {
  const object: KubeObject = {
    kind,
    metadata: {
      name,
      namespace: 'team',
      uid: `${kind}-${name}`,
      ...(extra.labels ? { labels: extra.labels } : {}),
      ...(extra.owner ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Owner', name: 'owner', uid: extra.owner }] } : {}),
    },
  };
  return { type: kind, object };
}

const names = (items: NamespaceItem<string>[]) => items.map((entry) => `${entry.object.kind}/${entry.object.metadata.name}`);

describe('decideNamespaceDeparture', () => {
  it.each([
    { case: 'an empty namespace', items: [], unseen: [], kind: 'delete' },
    { case: "the cluster's defaults and Events", items: [item('ConfigMap', 'kube-root-ca.crt'), item('ServiceAccount', 'default'), item('Event', 'x.1')], unseen: [], kind: 'delete' },
    { case: "kubefed's copies", items: [item('ConfigMap', 'app', { labels: ours }), item('Secret', 'token', { labels: ours })], unseen: [], kind: 'delete' },
    {
      case: "what kubefed's copies own, transitively, and a Service's Endpoints",
      items: [
        item('Deployment', 'web', { labels: ours }),
        item('ReplicaSet', 'web-1', { owner: 'Deployment-web' }),
        item('Pod', 'web-1-a', { owner: 'ReplicaSet-web-1' }),
        item('Service', 'web', { labels: ours }),
        item('EndpointSlice', 'web-x', { owner: 'Service-web' }),
        item('Endpoints', 'web'),
      ],
      unseen: [],
      kind: 'delete',
    },
    { case: 'a ConfigMap made in the member', items: [item('ConfigMap', 'app', { labels: ours }), item('ConfigMap', 'local')], unseen: [], kind: 'release' },
    { case: "another federation's copy", items: [item('ConfigMap', 'theirs', { labels: { [managedByLabel]: 'other', [federationIdLabel]: 'o-1' } })], unseen: [], kind: 'release' },
    { case: "a copy labelled with this federation's name but another id", items: [item('ConfigMap', 'twin', { labels: { [managedByLabel]: 'master-control', [federationIdLabel]: 'f-2' } })], unseen: [], kind: 'release' },
    { case: 'Endpoints of a Service that is not ours', items: [item('Endpoints', 'local')], unseen: [], kind: 'release' },
    { case: "a Pod owned by a foreign ReplicaSet", items: [item('ReplicaSet', 'local'), item('Pod', 'local-a', { owner: 'ReplicaSet-local' })], unseen: [], kind: 'release' },
    { case: 'resources kubefed may not list', items: [], unseen: ['roles.rbac.authorization.k8s.io'], kind: 'release' },
  ])('$case: $kind', ({ items, unseen, kind }) => {
    expect(decideNamespaceDeparture({ items, unseen }, federation).kind).toBe(kind);
  });

  it("on release, names kubefed's own copies to delete and the foreign objects that kept the namespace", () => {
    const departure = decideNamespaceDeparture(
      { items: [item('ConfigMap', 'app', { labels: ours }), item('ConfigMap', 'local'), item('ReplicaSet', 'local'), item('Pod', 'local-a', { owner: 'ReplicaSet-local' })], unseen: [] },
      federation,
    );
    expect(departure.kind).toBe('release');
    if (departure.kind === 'release') {
      expect(names(departure.own)).toEqual(['ConfigMap/app']);
      expect(names(departure.foreign)).toEqual(['ConfigMap/local', 'ReplicaSet/local', 'Pod/local-a']);
    }
  });
});

describe('keptMessage', () => {
  it('says why, naming at most five objects and the resources it could not list', () => {
    const foreign = Array.from({ length: 7 }, (_, index) => item('ConfigMap', `local-${index}`));
    expect(keptMessage('team', 'awsk8s', foreign, ['roles.rbac.authorization.k8s.io'])).toBe(
      'namespace "team" no longer goes to cluster awsk8s but was kept there: it holds objects kubefed did not create ' +
        '(ConfigMap/local-0, ConfigMap/local-1, ConfigMap/local-2, ConfigMap/local-3, ConfigMap/local-4 and 2 more); ' +
        'kubefed may not list roles.rbac.authorization.k8s.io there, so it cannot tell what they hold. kubefed removed only its own copies and released the namespace',
    );
  });
});
