import { describe, expect, test } from '@jest/globals';
import { trimObject } from '../../../src/informers/trim.js';
import type { KubeObject } from '../../../src/core/objects.js';
import { contentDigestsField, digestContent } from '../../../src/core/propagation/content-digest.js';
import { decideAction } from '../../../src/core/propagation/decide.js';
import { intentFor } from '../../../src/core/propagation/render.js';
import { appliedHashAnnotation } from '../../../src/core/well-known.js';

const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration';

const object = (metadata: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { a: '1' } });

describe('trimObject', () => {
  test.each([
    ['drops managedFields', { name: 'x', managedFields: [{ manager: 'kubectl' }] }, [], { name: 'x' }],
    ['drops the last-applied annotation, keeps the others', { name: 'x', annotations: { [lastApplied]: '{}', keep: 'yes' } }, [], { name: 'x', annotations: { keep: 'yes' } }],
    ['drops fields named in omit', { name: 'x', creationTimestamp: '2026-11-25T00:00:00Z', ownerReferences: [] }, ['creationTimestamp', 'ownerReferences'], { name: 'x' }],
    ['keeps an object with nothing to drop as it is', { name: 'x', labels: { a: 'b' } }, [], { name: 'x', labels: { a: 'b' } }],
  ])('%s', (_case, metadata, omit, expected) => {
    const trimmed = trimObject(object(metadata), omit);
    expect(trimmed.metadata).toEqual(expected);
    expect((trimmed as { data?: unknown }).data).toEqual({ a: '1' });
  });

  test('leaves the object it was given untouched', () => {
    const original = object({ name: 'x', managedFields: [{}], annotations: { [lastApplied]: '{}' } });
    const before = structuredClone(original);
    trimObject(original, ['name']);
    expect(original).toEqual(before);
  });

  test('gives equal labels one frozen map, whatever object or member copy they come from', () => {
    const first = trimObject(object({ name: 'x', labels: { app: 'web', tier: 'front' } }));
    const second = trimObject(object({ name: 'y', labels: JSON.parse('{"app":"web","tier":"front"}') as Record<string, string> }));
    expect(second.metadata.labels).toBe(first.metadata.labels);
    expect(Object.isFrozen(first.metadata.labels)).toBe(true);
    expect(trimObject(object({ name: 'z', labels: { app: 'web' } })).metadata.labels).not.toBe(first.metadata.labels);
  });

  test("keeps a member copy's value digests as they are", () => {
    const digested = { ...object({ name: 'x' }), [contentDigestsField]: { data: { a: 'digest-a', b: 'digest-b' } } };
    expect(trimObject(digested)[contentDigestsField]).toEqual({ data: { a: 'digest-a', b: 'digest-b' } });
  });

  describe('a member copy as its cache keeps it (digested, trimmed, labels shared) is all the drift check needs', () => {
    const intent = intentFor({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'apps', labels: { app: 'web' } }, data: { mode: 'fast', payload: 'x'.repeat(200) } });
    /** cached is the member's copy after `edit`, the way a member cache holds it (see trimMemberObject). */
    const cached = (edit: (copy: KubeObject) => KubeObject = (copy) => copy): KubeObject => {
      const copy = structuredClone(intent.object);
      copy.metadata = { ...copy.metadata, uid: 'u-1', resourceVersion: '7', creationTimestamp: '2026-12-07T00:00:00Z', managedFields: [{ manager: 'kubefed' }] };
      return trimObject(digestContent(edit(copy)), ['creationTimestamp', 'ownerReferences']);
    };

    test.each<[string, (copy: KubeObject) => KubeObject, string]>([
      ['the copy as written', (copy) => copy, 'none'],
      ['a data value changed in the member', (copy) => ({ ...copy, data: { ...(copy.data as object), mode: 'slow' } }), 'drift'],
      ['a data key removed in the member', (copy) => ({ ...copy, data: { payload: 'x'.repeat(200) } }), 'drift'],
      ['a label kubefed set changed in the member', (copy) => ({ ...copy, metadata: { ...copy.metadata, labels: { app: 'other' } } }), 'drift'],
      ['a key and a label the member added', (copy) => ({ ...copy, data: { ...(copy.data as object), extra: '1' }, metadata: { ...copy.metadata, labels: { app: 'web', added: 'yes' } } }), 'none'],
      ['the applied hash changed', (copy) => ({ ...copy, metadata: { ...copy.metadata, annotations: { [appliedHashAnnotation]: 'old' } } }), 'changed'],
    ])('%s', (_case, edit, expected) => {
      const action = decideAction(intent, cached(edit));
      expect(action.kind === 'update' ? action.reason : action.kind).toBe(expected);
    });

    test('it holds no data value, no managedFields and no creation time', () => {
      const copy = cached();
      expect(copy.data).toBeUndefined();
      expect(copy.metadata.managedFields).toBeUndefined();
      expect(copy.metadata.creationTimestamp).toBeUndefined();
      expect(JSON.stringify(copy)).not.toContain('x'.repeat(200));
    });
  });
});
