import { describe, expect, it } from '@jest/globals';
import type { PlacementContext } from '../../../../src/controllers/adapter.js';
import { federatesGeneric, genericAdapter, genericBody } from '../../../../src/controllers/kinds/generic.js';
import type { KubeObject } from '../../../../src/core/objects.js';
import { appliedHashAnnotation, memberStatesAnnotation, overridesAnnotation } from '../../../../src/core/well-known.js';
import type { ResourceType } from '../../../../src/kube/resources.js';
import type { MemberView } from '../../../../src/members/registry.js';

const widgets: ResourceType = { group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets', namespaced: true };
const priorityClasses: ResourceType = { group: 'scheduling.k8s.io', version: 'v1', kind: 'PriorityClass', plural: 'priorityclasses', namespaced: false };
const serviceAccounts: ResourceType = { group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true };

const widget = (annotations: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w', namespace: 'shop', uid: 'u', resourceVersion: '7', annotations },
  spec: { size: 3, color: 'blue' },
  extra: ['kept'],
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
});

const context = (actual: Record<string, KubeObject> = {}): PlacementContext => ({
  federation: { name: 'fed', id: 'id' },
  clusters: ['awsk8s', 'gcek8s'].map((name) => ({ name, labels: {}, ready: true, failed: false }) as MemberView),
  actual: (cluster) => actual[cluster],
  observations: undefined,
  now: new Date(0),
});

describe('genericBody', () => {
  it('keeps every field of the type but its type, metadata and status', () => {
    expect(genericBody(widget())).toEqual({ spec: { size: 3, color: 'blue' }, extra: ['kept'] });
  });
});

describe('federatesGeneric', () => {
  it.each([
    ['a namespaced object', widgets, { name: 'w', namespace: 'shop' }, true],
    ["an object in a cluster's own namespace", widgets, { name: 'w', namespace: 'kube-system' }, false],
    ['a cluster-scoped object', priorityClasses, { name: 'high' }, true],
    ["the system's priority class", priorityClasses, { name: 'system-node-critical' }, false],
    ["each namespace's default ServiceAccount", serviceAccounts, { name: 'default', namespace: 'shop' }, false],
    ['any other ServiceAccount', serviceAccounts, { name: 'builder', namespace: 'shop' }, true],
  ])('%s: %s', (_name, type, metadata, expected) => {
    expect(federatesGeneric(type, { metadata })).toBe(expected);
  });
});

describe('genericAdapter', () => {
  const adapter = genericAdapter(widgets);

  it('sends the same whole copy to every placed member, never the status, and names its controller by resource and group', () => {
    const rendered = adapter.render(widget(), context());
    expect(adapter.controller).toBe('widgets.example.com');
    // Only its absence is checked: unknown types send and aggregate no status.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    expect(adapter.status).toBeUndefined();
    const copies = [...rendered.intents.values()].map((intent) => intent.object);
    expect(copies).toHaveLength(2);
    expect(copies[0]).toEqual(copies[1]);
    expect(copies[0]).not.toHaveProperty('status');
    expect(copies[0]?.spec).toEqual({ size: 3, color: 'blue' });
    expect(copies[0]?.metadata).not.toHaveProperty('uid');
  });

  it('shows each member as out of sync until its copy carries the rendered hash, then in sync with its Ready condition', () => {
    const first = adapter.render(widget(), context());
    expect(first.annotations?.[memberStatesAnnotation]).toBe('{"awsk8s":{"synced":false},"gcek8s":{"synced":false}}');
    const intent = first.intents.get('awsk8s')!;
    const applied = { ...intent.object, status: { conditions: [{ type: 'Ready', status: 'True', reason: 'Issued', lastTransitionTime: '2026-12-07T10:00:00Z' }] } };
    const second = adapter.render(widget(), context({ awsk8s: applied }));
    expect(second.annotations?.[memberStatesAnnotation]).toBe('{"awsk8s":{"Ready":{"reason":"Issued","status":"True"},"synced":true},"gcek8s":{"synced":false}}');
  });

  it('applies per-cluster overrides, and compares the copies with the overridden intents', () => {
    const overrides = { [overridesAnnotation]: '[{"clusters":["gcek8s"],"patches":[{"op":"replace","path":"/spec/color","value":"red"}]}]' };
    const rendered = adapter.render(widget(overrides), context());
    expect(rendered.intents.get('gcek8s')?.object.spec).toEqual({ size: 3, color: 'red' });
    expect(rendered.intents.get('awsk8s')?.object.spec).toEqual({ size: 3, color: 'blue' });
    const gce = rendered.intents.get('gcek8s')!;
    const again = adapter.render(widget(overrides), context({ gcek8s: gce.object }));
    expect(gce.object.metadata.annotations?.[appliedHashAnnotation]).toBe(gce.hash);
    expect(again.annotations?.[memberStatesAnnotation]).toBe('{"awsk8s":{"synced":false},"gcek8s":{"synced":true}}');
  });
});
